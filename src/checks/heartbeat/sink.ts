/** The contract between the ping API (which parses requests) and the evaluator (which keeps and judges pings). */
import type { PingKind } from '../../core/heartbeat/runs.js';

export interface ReceivedPing {
  kind: PingKind;
  rid?: string | undefined;
  exitStatus?: number | undefined;
  /** The request body, cut to the body limit. */
  log?: string | undefined;
  method: string;
  remoteAddr?: string | undefined;
  userAgent?: string | undefined;
}

/** `limit`: as many monitors as allowed were already created by pings; nothing was created. */
export type ProvisionOutcome = 'created' | 'exists' | 'conflict' | 'limit';

export interface PingSink {
  /** The monitor id of the heartbeat with this UUID (lowercase), if any. */
  findByUuid(uuid: string): string | undefined;
  /** `id` itself when it names a heartbeat monitor. */
  findById(id: string): string | undefined;
  /** Whether the monitor is paused, and whether its settings say only a person may resume it. */
  pauseOf(monitorId: string): { paused: boolean; manualResume: boolean };
  /** Stores the ping and judges the monitor at once. */
  receive(monitorId: string, ping: ReceivedPing): Promise<void>;
  /** Creates a heartbeat monitor with Healthchecks' defaults (`?create=1`), unless `limit` such monitors exist. */
  provision(id: string, limit: number): Promise<ProvisionOutcome>;
}
