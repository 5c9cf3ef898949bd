/** What a set of CI jobs adds up to: rates and percentiles. Pure. */
import { percentile } from '../../lib/percentiles.js';
import { counts, failed, type CiJob } from './job.js';

export interface CiStats {
  /** Jobs that count in rates (not skipped, not cancelled by a person). */
  jobs: number;
  failures: number;
  /** Failures the infrastructure caused (timeouts, lost runners, system cancellations). */
  infra: number;
  /** failures / jobs, 0 with no jobs. */
  failureRate: number;
  infraRate: number;
  /** Time from queued to started, ms; undefined when no job says both. */
  queueP50?: number;
  queueP95?: number;
  /** Time from started to finished, ms. */
  durationP50?: number;
  durationP95?: number;
}

export function summarize(jobs: readonly CiJob[]): CiStats {
  let n = 0;
  let failures = 0;
  let infra = 0;
  const queue: number[] = [];
  const duration: number[] = [];
  for (const job of jobs) {
    if (!counts(job)) continue;
    n += 1;
    if (failed(job)) failures += 1;
    if (job.outcome === 'infra') infra += 1;
    if (job.queuedAt !== null && job.startedAt !== null && job.startedAt >= job.queuedAt) queue.push(job.startedAt - job.queuedAt);
    if (job.startedAt !== null && job.finishedAt >= job.startedAt) duration.push(job.finishedAt - job.startedAt);
  }
  return {
    jobs: n,
    failures,
    infra,
    failureRate: n === 0 ? 0 : failures / n,
    infraRate: n === 0 ? 0 : infra / n,
    ...spread('queue', queue),
    ...spread('duration', duration),
  };
}

function spread<K extends 'queue' | 'duration'>(key: K, values: number[]): Partial<CiStats> {
  if (values.length === 0) return {};
  values.sort((a, b) => a - b);
  return { [`${key}P50`]: percentile(values, 50), [`${key}P95`]: percentile(values, 95) };
}
