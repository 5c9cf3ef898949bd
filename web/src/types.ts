/** The API's shapes as the dashboard reads them (snake_case, as /api/v1 answers). */
/** A result's verdict; `unknown`: the check could not judge (docs/states.md). */
export type Status = 'up' | 'degraded' | 'down' | 'unknown';
export type Shown = Status | 'pending' | 'paused';

/** One point of a latency sparkline. */
export interface Point {
  latency: number;
  status: Status;
}

export interface User {
  id?: string;
  email: string;
  role: 'viewer' | 'editor' | 'admin';
  totp?: boolean;
}

export interface Session {
  loaded: boolean;
  user: User | null;
  setupRequired: boolean;
}

/** The change the latest results point to and have not confirmed: "failing 1 of 3". */
export interface Confirming {
  toward: Status;
  count: number;
  needed: number;
  of?: number;
}

/** The confirmed status and its markers, as GET /api/v1/monitors gives them (docs/states.md). */
export interface MonitorState {
  status: Status | 'pending';
  since?: number;
  last_at?: number;
  last_status?: Status;
  last_message?: string;
  last_latency_ms?: number;
  confirming?: Confirming | null;
  stale?: boolean;
  acknowledged?: { by: string; at: number } | null;
  flapping?: boolean;
  in_maintenance?: boolean;
  silenced?: boolean;
  blocked_by?: string[];
}

export interface Monitor {
  id: string;
  name: string;
  type: string;
  interval?: number;
  timeout?: number;
  tags: string[];
  group?: string;
  runbook?: string;
  depends_on: string[];
  escalation?: string;
  paused: boolean;
  source: 'config' | 'api';
  read_only: boolean;
  /** Held back after freezing the engine twice: not checked until edited or released. */
  quarantined?: { reason: string; at: number } | null;
  state: MonitorState | null;
  /** The type's settings (url, host, port, uuid …), defaults applied, secrets masked; empty in the overview's list. */
  settings: Record<string, unknown>;
  /** What it probes in words, as GET /api/v1/overview gives it instead of the settings. */
  target?: string;
  created_at?: number;
  updated_at?: number;
}

export interface Result {
  at: number;
  status: Status;
  latency_ms: number;
  message: string;
  timings: Record<string, number>;
  metrics: Record<string, number> | null;
  missed: boolean;
}

export interface Rollup {
  bucket: number;
  count: number;
  up: number;
  degraded: number;
  down: number;
  latency_p50_ms: number | null;
  latency_p95_ms: number | null;
  latency_max_ms: number | null;
}

export type ResultsPage = { resolution: 'raw'; results: Result[]; next: number | null } | { resolution: 'hour' | 'day'; rollups: Rollup[] };

/** One notification of an open episode and what became of it (GET /api/v1/alerts). */
export interface Delivery {
  channel: string;
  event: string;
  step: number | null;
  state: 'delivered' | 'queued' | 'retrying' | 'failed';
  attempts: number;
  created_at: number;
  delivered_at: number | null;
  failed_at: number | null;
  next_attempt_at: number | null;
  last_error: string | null;
}

export interface Alert {
  monitor_id: string;
  name: string;
  status: Status;
  since: number;
  message: string;
  episode: number | string;
  acknowledged: { by: string; at: number } | null;
  escalation_steps_fired: number[];
  /** Channels notifications were queued for: not proof that anyone heard. */
  told: string[];
  /** Channels that took a notification of this episode. */
  delivered?: string[];
  deliveries?: Delivery[];
  flapping: boolean;
  in_maintenance: boolean;
  silenced?: boolean;
  blocked_by: string[];
}

export interface Token {
  id: string;
  name: string;
  scope: 'read' | 'write';
  created_at: number;
  last_used_at: number | null;
  revoked_at?: number | null;
}
