/**
 * Minute and hourly rollups stored many buckets to a row (layout in rollup-pack.ts): minutes one row
 * per monitor-hour (minute_rollups), hours one row per monitor-day (hourly_rollups). Writing a bucket
 * merges it into its row; reading decodes the rows a window touches.
 */
import { sql } from 'kysely';
import { turn, type Aggregate } from './rollup-query.js';
import { bucketStart, GRAIN_MS } from './rollup-math.js';
import { packSlots, unpackSlots, type Slot } from './rollup-pack.js';
import type { Db } from './schema.js';

export type PackedGrain = 'minute' | 'hour';

/** Each grain's table and the span of one row: slots = span / grain. */
const PACKING = {
  minute: { table: 'minute_rollups', span: 'hour' },
  hour: { table: 'hourly_rollups', span: 'day' },
} as const;

/** Keys per IN list, and rows per insert (4 columns: under SQLite's 32766 bound parameters). */
const KEYS_PER_QUERY = 500;
const ROWS_PER_STATEMENT = 2500;

type Rows = Map<number, Map<number, Map<number, Slot>>>;

/**
 * Writes aggregates (bucket = start of the minute or hour) into their rows: a bucket already stored
 * is replaced, unless `keepStored`, and the row's other buckets are kept.
 */
export async function writePacked(db: Db, grain: PackedGrain, rows: readonly Aggregate[], keepStored = false): Promise<void> {
  const { table, span } = PACKING[grain];
  const size = GRAIN_MS[span] / GRAIN_MS[grain];
  const byStart: Rows = new Map();
  for (const r of rows) {
    const start = bucketStart(r.bucket, span);
    const keys = byStart.get(start) ?? new Map<number, Map<number, Slot>>();
    byStart.set(start, keys);
    const slots = keys.get(r.monitor_key) ?? new Map<number, Slot>();
    keys.set(r.monitor_key, slots);
    slots.set((r.bucket - start) / GRAIN_MS[grain], slotOf(r));
  }
  const packed: { bucket: number; monitor_key: number; slots: number; packed: Buffer }[] = [];
  for (const [start, keys] of byStart) {
    const stored = await storedRows(db, grain, start, [...keys.keys()]);
    for (const [key, slots] of keys) {
      const old = stored.get(key) ?? [];
      const merged = keepStored ? new Map([...slots, ...old]) : new Map([...old, ...slots]);
      packed.push({ bucket: start, monitor_key: key, slots: merged.size, packed: packSlots(merged, size) });
    }
  }
  for (let i = 0; i < packed.length; i += ROWS_PER_STATEMENT) {
    await db
      .insertInto(table)
      .values(packed.slice(i, i + ROWS_PER_STATEMENT))
      .onConflict((oc) => oc.columns(['monitor_key', 'bucket']).doUpdateSet((eb) => ({ slots: eb.ref('excluded.slots'), packed: eb.ref('excluded.packed') })))
      .execute();
  }
}

async function storedRows(db: Db, grain: PackedGrain, start: number, keys: readonly number[]): Promise<Map<number, Map<number, Slot>>> {
  const { table, span } = PACKING[grain];
  const out = new Map<number, Map<number, Slot>>();
  for (let i = 0; i < keys.length; i += KEYS_PER_QUERY) {
    const rows = await db
      .selectFrom(table)
      .select(['monitor_key', 'packed'])
      .where('bucket', '=', start)
      .where('monitor_key', 'in', keys.slice(i, i + KEYS_PER_QUERY))
      .execute();
    for (const r of rows) out.set(Number(r.monitor_key), unpackSlots(r.packed, GRAIN_MS[span] / GRAIN_MS[grain]));
  }
  return out;
}

/**
 * Aggregates with bucket in [from, to), by monitor key then bucket; `keys` undefined means every
 * monitor. Only the rows the window touches are read.
 */
export async function readPacked(db: Db, grain: PackedGrain, keys: readonly number[] | undefined, from: number, to: number): Promise<Aggregate[]> {
  if (from >= to) return [];
  const { table, span } = PACKING[grain];
  const size = GRAIN_MS[span] / GRAIN_MS[grain];
  const batches =
    keys === undefined
      ? [undefined]
      : Array.from({ length: Math.ceil(keys.length / KEYS_PER_QUERY) }, (_, i) => keys.slice(i * KEYS_PER_QUERY, (i + 1) * KEYS_PER_QUERY));
  const out: Aggregate[] = [];
  for (const batch of batches) {
    let query = db
      .selectFrom(table)
      .select(['monitor_key', 'bucket', 'packed'])
      .where('bucket', '>=', bucketStart(from, span))
      .where('bucket', '<', to)
      .orderBy('monitor_key')
      .orderBy('bucket');
    if (batch) query = query.where('monitor_key', 'in', batch);
    for (const r of await query.execute()) {
      const start = Number(r.bucket);
      for (const [index, slot] of unpackSlots(r.packed, size)) {
        const bucket = start + index * GRAIN_MS[grain];
        if (bucket >= from && bucket < to) out.push({ monitor_key: Number(r.monitor_key), bucket, ...slot });
      }
    }
  }
  return out;
}

/**
 * Deletes the rows whose every bucket is before `cutoff`, oldest first, `batch` rows a statement. A
 * row goes whole: its buckets stay up to a span (an hour of minutes, a day of hours) past the cutoff.
 */
export async function prunePacked(db: Db, grain: PackedGrain, cutoff: number, batch: number): Promise<number> {
  const { table, span } = PACKING[grain];
  const last = bucketStart(cutoff, span) - GRAIN_MS[span];
  let total = 0;
  for (;;) {
    const edge = await db
      .selectFrom(table)
      .select(['bucket', 'monitor_key'])
      .where('bucket', '<=', last)
      .orderBy('bucket')
      .orderBy('monitor_key')
      .limit(1)
      .offset(batch - 1)
      .executeTakeFirst();
    const upTo = edge ? sql`and (bucket < ${edge.bucket} or (bucket = ${edge.bucket} and monitor_key <= ${edge.monitor_key}))` : sql``;
    const deleted = Number((await sql`delete from ${sql.table(table)} where bucket <= ${last} ${upTo}`.execute(db)).numAffectedRows ?? 0);
    total += deleted;
    if (!edge || deleted === 0) return total;
    // A batch at a time on the engine's thread: checks due run between batches.
    await turn();
  }
}

function slotOf(r: Aggregate): Slot {
  return {
    count: r.count,
    up: r.up,
    degraded: r.degraded,
    down: r.down,
    unknown: r.unknown,
    excluded: r.excluded,
    latency_p50_us: r.latency_p50_us,
    latency_p95_us: r.latency_p95_us,
    latency_max_us: r.latency_max_us,
  };
}
