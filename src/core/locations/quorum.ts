/**
 * Several locations run one monitor's check; a quorum policy makes one status of their latest
 * results. Pure: the latest result of each location and `now` in, the decision out.
 *
 * A location's result older than 2 × interval + grace is stale: the location is counted as
 * unknown (it may be cut off, or its agent gone), and the message says how long it has been quiet.
 */
import type { Status } from '../types.js';

export const LOCAL = 'local';
/** Locations per monitor: each one is a result per interval, so the bound is a cost bound too. */
export const MAX_LOCATIONS = 16;

export type Quorum = 'any' | 'all' | number;

export interface LocationResult {
  status: Status;
  /** When the check started there (epoch ms). */
  at: number;
  message: string;
}

export interface LocationView {
  location: string;
  /** The location's own status; unknown when it never reported or its result is stale. */
  status: Status;
  at?: number;
  message: string;
  stale: boolean;
}

export interface QuorumDecision {
  status: Status;
  /** "down from us-east-2 (connect timed out after 5 s); up from eu-west, local" */
  message: string;
  locations: LocationView[];
}

export function isLocalOnly(locations: readonly string[] | undefined): boolean {
  return locations === undefined || (locations.length === 1 && locations[0] === LOCAL);
}

/** Grace on top of twice the interval before a quiet location counts as unknown: an agent's batch and poll delays. */
export const LOCATION_GRACE_MS = 30_000;

/** How old a location's result may be before it counts as unknown. */
export function staleAfter(intervalMs: number, graceMs: number): number {
  return 2 * intervalMs + graceMs;
}

export interface QuorumInput {
  locations: readonly string[];
  quorum: Quorum;
  latest: ReadonlyMap<string, LocationResult>;
  intervalMs: number;
  graceMs: number;
  now: number;
}

export function decideQuorum(input: QuorumInput): QuorumDecision {
  const views = input.locations.map((location) => viewOf(location, input));
  const count = (s: Status) => views.filter((v) => v.status === s).length;
  const failing = count('down');
  const n = views.length;
  const needed = input.quorum === 'any' ? 1 : input.quorum === 'all' ? n : Math.min(input.quorum, n);
  let status: Status;
  if (failing >= needed) status = 'down';
  else if (count('degraded') + failing >= needed) status = 'degraded';
  else if (count('up') > n - needed) status = 'up';
  // Too few fresh answers to say either way: not enough up to rule the quorum out.
  else status = 'unknown';
  return { status, message: describe(views), locations: views };
}

function viewOf(location: string, input: QuorumInput): LocationView {
  const result = input.latest.get(location);
  if (!result) return { location, status: 'unknown', message: 'no result yet', stale: true };
  const age = input.now - result.at;
  if (age > staleAfter(input.intervalMs, input.graceMs)) {
    return { location, status: 'unknown', at: result.at, message: `no result for ${Math.round(age / 1000)} s`, stale: true };
  }
  return { location, status: result.status, at: result.at, message: result.message, stale: false };
}

const ORDER: readonly Status[] = ['down', 'degraded', 'unknown', 'up'];

/** Worst first; failures carry their own words, healthy locations only their names. */
function describe(views: readonly LocationView[]): string {
  const parts: string[] = [];
  for (const status of ORDER) {
    const these = views.filter((v) => v.status === status);
    if (these.length === 0) continue;
    const names = these.map((v) => (status === 'up' ? v.location : `${v.location} (${v.message})`));
    parts.push(`${status} from ${names.join(', ')}`);
  }
  return parts.join('; ');
}
