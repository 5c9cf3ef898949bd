/**
 * What a `self` check reads about the running tocsin, as plain facts. The composition root injects
 * the implementation (source.ts over the engine, writer and outbox figures), so the check module
 * imports nothing from the engine and stays a check like any other.
 */
import type { SelfMetric } from './schema.js';

export type SelfObservation =
  | { metric: 'checks_per_minute'; completed: number; expected: number; windowMs: number }
  | { metric: 'schedule_lag'; p99Ms: number }
  | { metric: 'outbox_backlog'; pending: number }
  | { metric: 'oldest_undelivered'; ageMs: number | undefined; pending: number }
  | { metric: 'failing_channels'; failing: FailingChannel[] }
  | { metric: 'db_write_latency'; lastWriteMs: number; lastWriteError: string | undefined; pending: number }
  | { metric: 'disk_free'; path: string; freeBytes: number; totalBytes: number }
  | { metric: 'backup_age'; ageMs: number | undefined }
  /** The figure cannot be had here (no data directory with PostgreSQL, not measured yet). */
  | { metric: SelfMetric; unavailable: string };

export interface FailingChannel {
  channel: string;
  /** How long its latest attempts have failed. */
  forMs: number;
  lastError: string | null;
}

export interface SelfFigures {
  observe(metric: SelfMetric, signal: AbortSignal): Promise<SelfObservation>;
}
