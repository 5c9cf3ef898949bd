import { formatDuration } from '../../lib/duration.js';
import { clip } from '../../lib/text.js';
import type { Verdict } from './probe.js';
import { asNumber, formatValue, valueProblem, type ValueExpectation } from './value.js';

/** What a SQL server said about replication, read only when max_replication_lag is set. */
export type Replication =
  | { role: 'primary' }
  | { role: 'replica'; lagSeconds: number }
  /** A replica whose lag cannot be measured: replication stopped, or nothing replayed yet. */
  | { role: 'replica'; lagSeconds: null; why: string }
  | { role: 'unreadable'; error: string };

/** One run of a SQL probe (postgres or mysql), as observed. */
export interface SqlObservation {
  /** Endpoint label, e.g. "db.internal:5432 (10.0.0.5)". */
  target: string;
  query: string;
  elapsedMs: number;
  /** Set when resolving, connecting, authenticating or querying failed; a complete sentence. */
  failure?: string;
  /** Set when the probe would not run the query: tocsin's own database, or a role that can act beyond reading. */
  refusal?: string;
  hasRow: boolean;
  value?: unknown;
  replication?: Replication;
}

export interface SqlRules {
  expect?: ValueExpectation;
  /** Milliseconds. */
  max_replication_lag?: number;
}

/**
 * A server's error can quote data (`invalid input syntax for type integer: "<a password hash>"`):
 * failures are cut to this length, as values are to VALUE_SHOWN.
 */
export const FAILURE_SHOWN = 200;

export function judgeSql(seen: SqlObservation, rules: SqlRules): Verdict {
  if (seen.refusal !== undefined) return { status: 'unknown', message: seen.refusal };
  if (seen.failure !== undefined) return { status: 'down', message: clip(seen.failure, FAILURE_SHOWN) };
  const metrics: Record<string, number> = {};
  const number = seen.hasRow ? asNumber(seen.value) : undefined;
  if (number !== undefined) metrics.value = number;
  const problem = valueProblem(seen.hasRow, seen.value, rules.expect);
  if (problem) return { status: 'down', message: `${problem} on ${seen.target}`, metrics };
  const replication = judgeReplication(seen, rules.max_replication_lag, metrics);
  if (replication) return replication;
  const lag = metrics.replication_lag_seconds;
  const lagText = lag === undefined ? '' : `, replication lag ${seconds(lag)}`;
  return { status: 'up', message: `${answer(seen)} in ${Math.round(seen.elapsedMs)} ms on ${seen.target}${lagText}`, metrics };
}

function judgeReplication(seen: SqlObservation, maxLagMs: number | undefined, metrics: Record<string, number>): Verdict | undefined {
  const replication = seen.replication;
  if (maxLagMs === undefined || !replication) return undefined;
  const limit = `max_replication_lag ${formatDuration(maxLagMs)}`;
  switch (replication.role) {
    case 'unreadable':
      return { status: 'unknown', message: `could not read the replication status of ${seen.target}: ${replication.error}`, metrics };
    case 'primary':
      return { status: 'degraded', message: `${seen.target} is not a replica, but ${limit} is set`, metrics };
    case 'replica':
      if (replication.lagSeconds === null) {
        return { status: 'degraded', message: `replication lag of ${seen.target} is unknown: ${replication.why}`, metrics };
      }
      metrics.replication_lag_seconds = replication.lagSeconds;
      if (replication.lagSeconds * 1000 > maxLagMs) {
        return { status: 'degraded', message: `replication lag ${seconds(replication.lagSeconds)}, above ${limit} on ${seen.target}`, metrics };
      }
      return undefined;
  }
}

/** "SELECT 1 returned 1" with the query shortened to one readable line. */
function answer(seen: SqlObservation): string {
  const oneLine = seen.query.replace(/\s+/g, ' ').trim();
  const query = oneLine.length > 60 ? `${oneLine.slice(0, 59)}…` : oneLine;
  return seen.hasRow ? `${query} returned ${formatValue(seen.value)}` : `${query} returned no rows`;
}

function seconds(value: number): string {
  return value < 10 ? `${Math.round(value * 10) / 10} s` : `${Math.round(value)} s`;
}
