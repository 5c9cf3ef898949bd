import { formatValue } from '../db/value.js';
import type { Verdict } from '../db/probe.js';
import type { RedisSettings } from './schema.js';

/** One run of the redis probe, as observed. */
export interface RedisObservation {
  /** Endpoint label, e.g. "cache:6379 (10.0.0.7)". */
  target: string;
  elapsedMs: number;
  /** Set when resolving, connecting, AUTH, SELECT, PING or INFO failed; a complete sentence. */
  failure?: string;
  /** The reply to PING. */
  pong?: string;
  /** INFO fields, read only when thresholds are configured. */
  info?: Record<string, string>;
}

type Limits = NonNullable<RedisSettings['info']>;

export function judgeRedis(seen: RedisObservation, limits: Limits | undefined): Verdict {
  if (seen.failure !== undefined) return { status: 'down', message: seen.failure };
  if (seen.pong !== 'PONG') return { status: 'down', message: `redis on ${seen.target} answered ${formatValue(seen.pong)} to PING, expected PONG` };
  const metrics: Record<string, number> = {};
  const read: string[] = [];
  for (const [field, limit] of Object.entries(limits ?? {})) {
    const raw = seen.info?.[field];
    if (raw === undefined) return { status: 'unknown', message: `redis INFO on ${seen.target} has no field ${field}`, metrics };
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(value)) {
      return { status: 'unknown', message: `redis INFO ${field} is ${formatValue(raw)} on ${seen.target}, not a number to compare`, metrics };
    }
    metrics[field] = value;
    if (limit.max !== undefined && value > limit.max)
      return { status: 'down', message: `redis INFO ${field} is ${value}, above max ${limit.max} on ${seen.target}`, metrics };
    if (limit.min !== undefined && value < limit.min)
      return { status: 'down', message: `redis INFO ${field} is ${value}, below min ${limit.min} on ${seen.target}`, metrics };
    read.push(`${field} ${value}`);
  }
  const fields = read.length > 0 ? `; ${read.join(', ')}` : '';
  return { status: 'up', message: `PING answered PONG in ${Math.round(seen.elapsedMs)} ms on ${seen.target}${fields}`, metrics };
}
