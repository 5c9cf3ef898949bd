/** What a check observed and how it was judged. Pure data: stored, rendered and alerted on. */

/** One result's verdict; `unknown`: the check could not judge (Nagios UNKNOWN). See docs/states.md. */
export type Status = 'up' | 'degraded' | 'down' | 'unknown';

/** What tocsin believes after thresholds: a result status, or `pending` before anything is confirmed. */
export type ConfirmedStatus = Status | 'pending';

/** Named steps of a check, used for per-phase timings and for "timed out during <phase>". */
export type Phase =
  'dns' | 'connect' | 'tls' | 'send' | 'firstByte' | 'body' | 'banner' | 'starttls' | 'auth' | 'query' | 'process' | 'upgrade' | 'reply' | 'handshake';

/** Milliseconds spent in each phase, plus `total`. */
export type Timings = Partial<Record<Phase, number>> & { total?: number };

export interface CheckResult {
  status: Status;
  /** Wall time of the whole check in ms. */
  latencyMs: number;
  timings: Timings;
  /** One line a person can act on: what was wrong, where, and the figure that decided it. */
  message: string;
  /** Numbers worth graphing or exporting, e.g. `tls_days_left`, `http_status`, perfdata. */
  metrics?: Record<string, number>;
  /** Plugin perfdata: the base unit of each item's figure (`seconds`, `bytes`, `percent`, `count`, or '' for none), keyed by label. */
  perfdataUnits?: Record<string, string>;
}

/** Worse is higher. Unknown ranks below down: a check that cannot judge must not hide one that failed. */
export const STATUS_RANK: Record<Status, number> = { up: 0, degraded: 1, unknown: 2, down: 3 };

export function worstStatus(a: Status, b: Status): Status {
  return STATUS_RANK[a] >= STATUS_RANK[b] ? a : b;
}
