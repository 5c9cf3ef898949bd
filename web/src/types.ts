/**
 * The API's shapes as the dashboard reads them: inferred from the zod schemas that also generate the
 * OpenAPI document's response schemas (src/schema/api-*.ts), so they cannot drift from what the
 * server sends. Type-only imports: nothing of zod or the schemas reaches the bundle.
 */
import type { Alert, Delivery } from '../../src/schema/api-alerts.js';
import type { Confirming, MonitorState, MonitorView, Result, ResultsPage, Rollup, Status } from '../../src/schema/api-monitors.js';
import type { Token, User as ApiUser } from '../../src/schema/api-session.js';

export type { Alert, Confirming, Delivery, MonitorState, Result, ResultsPage, Rollup, Status, Token };

export type Shown = Status | 'pending' | 'paused';

/** One point of a latency sparkline. */
export interface Point {
  latency: number;
  status: Status;
}

/**
 * A state as live `state` events of /api/v1/events update it: merged into what the list gave, or
 * into `pending` for a monitor that had no result yet, so only the status is sure to be there.
 */
export type LiveState = Pick<MonitorState, 'status'> & Partial<Omit<MonitorState, 'status'>>;

/**
 * A monitor as GET /api/v1/monitors gives it, its state kept live. The API types `settings` per
 * monitor type; the dashboard reads them generically (url, host, uuid …) whatever the type.
 */
export type Monitor = Omit<MonitorView, 'settings' | 'type' | 'state'> & {
  type: MonitorView['type'];
  settings: Record<string, unknown>;
  state: LiveState | null;
};

/** A person as the session and the people list give them; the dashboard's own sign-in may know only the email and role. */
export type User = Pick<ApiUser, 'email' | 'role'> & Partial<Pick<ApiUser, 'id' | 'totp'>>;

export interface Session {
  loaded: boolean;
  user: User | null;
  setupRequired: boolean;
}
