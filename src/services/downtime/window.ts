/**
 * After tocsin's own downtime, what is still wrong is told as one digest per channel rather than a
 * page per monitor. This decides whether there was a downtime and how long to gather for. Pure.
 */
import type { NotificationEvent } from '../../channels/types.js';
import type { OutboxInsert } from '../../store/outbox.js';

export interface Downtime {
  downSince: number;
  backAt: number;
  /** Why, as the supervisor or the store saw it. */
  reason: string;
}

export interface DigestWindow extends Downtime {
  /** Notifications made before this are gathered. */
  until: number;
  /** Gathered rows are written due at this instant: it marks them, and keeps delivery off them until the fold. */
  heldAt: number;
}

/** Short enough that a page is not held long; long enough that each monitor has run twice (default down_after). */
export const MIN_WINDOW_MS = 10_000;
export const MAX_WINDOW_MS = 60_000;
/** Between the fold and the moment held rows fall due: the fold must win. */
export const FOLD_MARGIN_MS = 5_000;
/** A gap in results shorter than this after the shortest interval is a quick restart, not a downtime. */
const QUIET_RESTART_MS = 30_000;

export interface DowntimeFacts {
  /** What the supervisor handed over in TOCSIN_RESTART. */
  notice?: { downSince: number; reasons: string[]; cameBack?: boolean | undefined } | undefined;
  /** The newest result in the store from before this start. */
  lastResultAt: number | undefined;
  startedAt: number;
  /** Intervals of the polled monitors. */
  intervals: readonly number[];
}

export function detectDowntime(f: DowntimeFacts): Downtime | undefined {
  // A restart loop: the outage's digest was the first comeback's; holding pages again would delay them as long as the loop lasts.
  if (f.notice?.cameBack) return undefined;
  if (f.notice) return { downSince: f.notice.downSince, backAt: f.startedAt, reason: f.notice.reasons.join('; then ') };
  if (f.lastResultAt === undefined || f.intervals.length === 0) return undefined;
  // A stop by hand or a host reboot leaves no notice, only a hole in the results.
  const shortest = Math.min(...f.intervals);
  if (f.startedAt - f.lastResultAt <= 2 * shortest + QUIET_RESTART_MS) return undefined;
  return { downSince: f.lastResultAt, backAt: f.startedAt, reason: 'tocsin was not running' };
}

export function digestWindow(downtime: Downtime, intervals: readonly number[]): DigestWindow {
  const longest = intervals.length > 0 ? Math.max(...intervals) : 0;
  const span = Math.min(MAX_WINDOW_MS, Math.max(MIN_WINDOW_MS, 2 * longest + 2_000));
  const until = downtime.backAt + span;
  return { ...downtime, until, heldAt: until + FOLD_MARGIN_MS };
}

/** State changes of monitors are gathered; acks, tocsin's own notices and channel reports go at once. */
const GATHERED: ReadonlySet<NotificationEvent> = new Set(['monitor.down', 'monitor.degraded', 'monitor.up', 'monitor.reminder', 'monitor.flapping']);

/** Rows made inside the window are written due at `heldAt` instead of now. */
export function holdRows(rows: readonly OutboxInsert[], window: DigestWindow): OutboxInsert[] {
  return rows.map((row) => (row.createdAt < window.until && GATHERED.has(row.notification.event) ? { ...row, createdAt: window.heldAt } : row));
}
