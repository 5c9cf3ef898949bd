/**
 * The running engine's figures behind the `self` checks. It takes plain getters from the
 * composition root rather than the engine's classes, so nothing here depends on the engine.
 */
import { statfs } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseStoreUrl } from '../../lib/store-url.js';
import type { SelfFigures, SelfObservation } from './figures.js';
import type { SelfMetric } from './schema.js';

export interface SelfSources {
  now(): number;
  /** Checks completed since the engine started (a counter). */
  checksCompleted(): number;
  /** Checks due per minute by the schedule (Σ 60 s / interval over active polled monitors). */
  expectedPerMinute(): number;
  lagP99Ms(): number;
  outbox(): {
    pending: number;
    oldestUndeliveredAt: number | undefined;
    failing: Array<{ channel: string; failingSince: number | null; lastError: string | null }>;
  };
  writes(): { lastWriteMs: number; lastWriteError: string | undefined; pending: number };
  /** The SQLite file's directory; undefined on PostgreSQL, whose disk is not ours to see. */
  dataDir?: string | undefined;
  /** When the last successful backup finished; absent when tocsin makes no backups. */
  lastBackupAt?: (() => Promise<number | undefined>) | undefined;
}

/** Below this the window says too little about the rate: the previous sample is kept. */
const MIN_WINDOW_MS = 10_000;

export class EngineFigures implements SelfFigures {
  private sample: { at: number; completed: number };

  constructor(private readonly sources: SelfSources) {
    this.sample = { at: sources.now(), completed: sources.checksCompleted() };
  }

  async observe(metric: SelfMetric): Promise<SelfObservation> {
    const s = this.sources;
    const now = s.now();
    switch (metric) {
      case 'checks_per_minute':
        return this.rate(now);
      case 'schedule_lag':
        return { metric, p99Ms: s.lagP99Ms() };
      case 'outbox_backlog':
        return { metric, pending: s.outbox().pending };
      case 'oldest_undelivered': {
        const o = s.outbox();
        return { metric, ageMs: o.oldestUndeliveredAt === undefined ? undefined : Math.max(0, now - o.oldestUndeliveredAt), pending: o.pending };
      }
      case 'failing_channels':
        return {
          metric,
          failing: s
            .outbox()
            .failing.filter((f) => f.failingSince !== null)
            .map((f) => ({ channel: f.channel, forMs: now - (f.failingSince ?? now), lastError: f.lastError })),
        };
      case 'db_write_latency':
        return { metric, ...s.writes() };
      case 'disk_free':
        return this.disk();
      case 'backup_age': {
        if (!s.lastBackupAt) return { metric, unavailable: 'tocsin makes no backups here' };
        const at = await s.lastBackupAt();
        return { metric, ageMs: at === undefined ? undefined : Math.max(0, now - at) };
      }
    }
  }

  /** Checks run between the previous observation and this one, against what the schedule asked for. */
  private rate(now: number): SelfObservation {
    const completed = this.sources.checksCompleted();
    const windowMs = now - this.sample.at;
    const ran = completed - this.sample.completed;
    const expected = (this.sources.expectedPerMinute() * windowMs) / 60_000;
    if (windowMs >= MIN_WINDOW_MS) this.sample = { at: now, completed };
    return { metric: 'checks_per_minute', completed: ran, expected: windowMs >= MIN_WINDOW_MS ? expected : 0, windowMs };
  }

  private async disk(): Promise<SelfObservation> {
    const path = this.sources.dataDir;
    if (path === undefined) return { metric: 'disk_free', unavailable: 'the store is not a local SQLite file' };
    try {
      const stats = await statfs(path);
      return { metric: 'disk_free', path, freeBytes: stats.bavail * stats.bsize, totalBytes: stats.blocks * stats.bsize };
    } catch (error) {
      return { metric: 'disk_free', unavailable: `cannot read the free space of ${path}: ${error instanceof Error ? error.message : String(error)}` };
    }
  }
}

/** Checks the schedule asks for per minute: what checks_per_minute is measured against. */
export function expectedPerMinute<M extends { interval: number; paused: boolean }>(monitors: readonly M[], isPolled: (monitor: M) => boolean): number {
  return monitors.filter((m) => !m.paused && m.interval > 0 && isPolled(m)).reduce((sum, m) => sum + 60_000 / m.interval, 0);
}

/** The directory of a local SQLite store: where a full disk stops tocsin. */
export function dataDirOf(storeUrl: string): string | undefined {
  const target = parseStoreUrl(storeUrl);
  if (target.dialect !== 'sqlite' || target.path === ':memory:') return undefined;
  return dirname(resolve(target.path));
}
