/**
 * The compact result row. Pure: a ResultRow in, the stored columns out, and back.
 *
 *   results(monitor_key, at, code, latency_us, detail)   primary key (monitor_key, at); index (at, monitor_key)
 *
 * - monitor_key: small integer naming the monitor (monitor_keys maps it to the text id), 1–3 bytes
 *   instead of the id repeated on every row.
 * - at: epoch milliseconds, as everywhere else.
 * - code: status and flags in one small integer (one byte on SQLite):
 *     bits 0–1 status (0 up, 1 degraded, 2 down, 3 unknown), bit 2 missed (the scheduler could not
 *     start the run), bit 3 excluded (pending or maintenance: not uptime), bit 4 changed (the status
 *     differs from the monitor's previous result, or there was none).
 * - latency_us: latency in whole microseconds (exact to 1 µs; 2–3 bytes instead of an 8-byte float).
 * - detail: JSON {"m": message, "t": timings, "x": metrics} — the check's words. Written only when
 *   they say something the row alone does not: the result is not up, was missed, changed status or
 *   flags against the previous result, says something else than the previous words once its
 *   numbers are set aside ("HTTP 200 in 12 ms" and "HTTP 200 in 9 ms" say the same; "running since …"
 *   and "pinged …" do not), or is the monitor's first result in its clock hour (a sample, so a long
 *   green stretch still shows its timings). Null otherwise; readers then show the words of the
 *   nearest earlier result that kept them and say which one (`detailAt`).
 *
 * "Routine" rows (up, not missed, not a change) are what retention.successes prunes early; the
 * others are failures and state changes, kept for retention.raw.
 */
import { z } from 'zod';
import type { Status, Timings } from '../core/types.js';
import { decodeStoredJson } from './stored-json.js';

export interface ResultRow {
  monitorId: string;
  at: number;
  status: Status;
  latencyMs: number;
  message: string;
  timings: Timings;
  metrics?: Record<string, number> | null;
  /** The scheduler could not start this run (it is not the target's latency). */
  missed?: boolean;
  /** Does not count towards uptime: the monitor was pending or in maintenance. */
  excluded?: boolean;
  /** Set when this row kept no words of its own: the `at` of the earlier result whose message, timings and metrics are shown. */
  detailAt?: number;
  /** Where the check ran (a probe agent's location); absent: local. */
  location?: string;
}

export interface StoredResult {
  monitor_key: number;
  at: number;
  code: number;
  latency_us: number;
  detail: string | null;
  location_key?: number;
}

/** What the encoder needs to know of the monitor's previous result, and of the last words it kept. */
export interface Previous {
  at: number;
  code: number;
  /** The message of the newest row with words, numbers set aside (`shape`). */
  shape?: string | undefined;
}

/** A message with its numbers set aside: what it says, not what it measured. */
export function shape(message: string): string {
  return message.replace(/\d+(?:[.,]\d+)*/g, '#');
}

export const STATUS_CODES: readonly Status[] = ['up', 'degraded', 'down', 'unknown'];
export const STATUS_MASK = 3;
export const MISSED = 4;
export const EXCLUDED = 8;
export const CHANGED = 16;
/** Rows with any of these bits are failures or state changes: kept for retention.raw, not retention.successes. */
export const KEPT_LONG = STATUS_MASK | MISSED | CHANGED;

export const SAMPLE_MS = 3_600_000;
/** int4 on PostgreSQL: 35 minutes, far past any check's timeout. */
const MAX_LATENCY_US = 2_147_483_647;

export function statusCode(status: Status): number {
  const code = STATUS_CODES.indexOf(status);
  if (code < 0) throw new Error(`result status: expected one of ${STATUS_CODES.join(', ')}, got ${JSON.stringify(status)}`);
  return code;
}

export function encodeResult(monitorKey: number, row: ResultRow, previous: Previous | undefined): StoredResult {
  const base = statusCode(row.status) | (row.missed ? MISSED : 0) | (row.excluded ? EXCLUDED : 0);
  const changed = previous === undefined || (previous.code & STATUS_MASK) !== (base & STATUS_MASK);
  const code = base | (changed ? CHANGED : 0);
  const flagsChanged = previous !== undefined && (previous.code & (MISSED | EXCLUDED)) !== (base & (MISSED | EXCLUDED));
  const sample = previous === undefined || Math.floor(previous.at / SAMPLE_MS) !== Math.floor(row.at / SAMPLE_MS);
  const reworded = previous !== undefined && previous.shape !== shape(row.message);
  const keep = (code & KEPT_LONG) !== 0 || flagsChanged || sample || reworded;
  return {
    monitor_key: monitorKey,
    at: row.at,
    code,
    latency_us: Math.min(MAX_LATENCY_US, Math.max(0, Math.round(row.latencyMs * 1000))),
    detail: keep ? encodeDetail(row) : null,
  };
}

function encodeDetail(row: ResultRow): string {
  return JSON.stringify({ m: row.message, t: row.timings, ...(row.metrics && { x: row.metrics }) });
}

export interface Detail {
  message: string;
  timings: Timings;
  metrics: Record<string, number> | null;
}

const numbers = z.record(z.string().max(200), z.number());
const storedDetail = z.object({ m: z.string().optional(), t: numbers.optional(), x: numbers.nullable().optional() });

/**
 * A detail that does not decode (a damaged row) reads as a result without timings or metrics whose
 * message says so: a list of results still answers, and whoever reads it sees which row is damaged.
 */
export function decodeDetail(detail: string): Detail {
  const decoded = decodeStoredJson(storedDetail, detail);
  if (!decoded.ok) return { message: `(the stored detail of this result cannot be read: ${decoded.problem})`, timings: {}, metrics: null };
  const parsed = decoded.value;
  return { message: parsed.m ?? '', timings: parsed.t ?? {}, metrics: parsed.x ?? null };
}

/** A stored row back as a ResultRow; `words` is its own detail, or an earlier row's when it kept none. */
export function decodeResult(
  monitorId: string,
  row: { at: number; code: number; latency_us: number },
  words: Detail | undefined,
  detailAt?: number,
): ResultRow {
  const status = STATUS_CODES[row.code & STATUS_MASK] ?? 'unknown';
  const latencyMs = row.latency_us / 1000;
  return {
    monitorId,
    at: row.at,
    status,
    latencyMs,
    // The earlier words are gone (pruned): say only what the row itself holds.
    message: words?.message ?? status,
    timings: words?.timings ?? { total: latencyMs },
    metrics: words?.metrics ?? null,
    missed: (row.code & MISSED) !== 0,
    excluded: (row.code & EXCLUDED) !== 0,
    ...(detailAt !== undefined && { detailAt }),
  };
}
