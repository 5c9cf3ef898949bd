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

export interface PingSink {
  /** The monitor id of the heartbeat with this UUID (lowercase), if any. */
  findByUuid(uuid: string): string | undefined;
  /** `id` itself when it names a heartbeat monitor. */
  findById(id: string): string | undefined;
  /** Whether the monitor is paused, and whether its settings say only a person may resume it. */
  pauseOf(monitorId: string): { paused: boolean; manualResume: boolean };
  /** Stores the ping and judges the monitor at once. */
  receive(monitorId: string, ping: ReceivedPing): Promise<void>;
}
