/**
 * Hourly rollups, stored one row per monitor and UTC day (hourly_rollups, layout in rollup-pack.ts).
 * Writing an hour merges it into its day's row; reading decodes the days a window touches.
 */
import { sql } from 'kysely';
import type { Aggregate } from './rollup-query.js';
import { bucketStart, GRAIN_MS } from './rollup-math.js';
import { packSlots, unpackSlots, type Slot } from './rollup-pack.js';
import type { Db } from './schema.js';

const HOUR = GRAIN_MS.hour;
const DAY = GRAIN_MS.day;
/** Keys per IN list, and rows per insert (4 columns: under SQLite's 32766 bound parameters). */
const KEYS_PER_QUERY = 500;
const ROWS_PER_STATEMENT = 2500;

/** Writes hourly aggregates (bucket = start of the hour); an hour already stored is replaced, the day's other hours kept. */
export async function writeHours(db: Db, rows: readonly Aggregate[]): Promise<void> {
  const byDay = new Map<number, Map<number, Map<number, Slot>>>();
  for (const r of rows) {
    const day = bucketStart(r.bucket, 'day');
    const keys = byDay.get(day) ?? new Map<number, Map<number, Slot>>();
    byDay.set(day, keys);
    const slots = keys.get(r.monitor_key) ?? new Map<number, Slot>();
    keys.set(r.monitor_key, slots);
    slots.set((r.bucket - day) / HOUR, slotOf(r));
  }
  const packed: { day: number; monitor_key: number; hours: number; packed: Buffer }[] = [];
  for (const [day, keys] of byDay) {
    const stored = await storedDays(db, day, [...keys.keys()]);
    for (const [key, slots] of keys) {
      const merged = new Map([...(stored.get(key) ?? []), ...slots]);
      packed.push({ day, monitor_key: key, hours: merged.size, packed: packSlots(merged) });
    }
  }
  for (let i = 0; i < packed.length; i += ROWS_PER_STATEMENT) {
    await db
      .insertInto('hourly_rollups')
      .values(packed.slice(i, i + ROWS_PER_STATEMENT))
      .onConflict((oc) => oc.columns(['monitor_key', 'day']).doUpdateSet((eb) => ({ hours: eb.ref('excluded.hours'), packed: eb.ref('excluded.packed') })))
      .execute();
  }
}

async function storedDays(db: Db, day: number, keys: readonly number[]): Promise<Map<number, Map<number, Slot>>> {
  const out = new Map<number, Map<number, Slot>>();
  for (let i = 0; i < keys.length; i += KEYS_PER_QUERY) {
    const rows = await db
      .selectFrom('hourly_rollups')
      .select(['monitor_key', 'packed'])
      .where('day', '=', day)
      .where('monitor_key', 'in', keys.slice(i, i + KEYS_PER_QUERY))
      .execute();
    for (const r of rows) out.set(Number(r.monitor_key), unpackSlots(r.packed));
  }
  return out;
}

/**
 * Hourly aggregates with bucket in [from, to), by monitor key then bucket; `keys` undefined means
 * every monitor. Only the days the window touches are read.
 */
export async function readHours(db: Db, keys: readonly number[] | undefined, from: number, to: number): Promise<Aggregate[]> {
  if (from >= to) return [];
  const batches =
    keys === undefined
      ? [undefined]
      : Array.from({ length: Math.ceil(keys.length / KEYS_PER_QUERY) }, (_, i) => keys.slice(i * KEYS_PER_QUERY, (i + 1) * KEYS_PER_QUERY));
  const out: Aggregate[] = [];
  for (const batch of batches) {
    let query = db
      .selectFrom('hourly_rollups')
      .select(['monitor_key', 'day', 'packed'])
      .where('day', '>=', bucketStart(from, 'day'))
      .where('day', '<', to)
      .orderBy('monitor_key')
      .orderBy('day');
    if (batch) query = query.where('monitor_key', 'in', batch);
    for (const r of await query.execute()) {
      const day = Number(r.day);
      for (const [index, slot] of unpackSlots(r.packed)) {
        const bucket = day + index * HOUR;
        if (bucket >= from && bucket < to) out.push({ monitor_key: Number(r.monitor_key), bucket, ...slot });
      }
    }
  }
  return out;
}

/**
 * Deletes the days whose every hour is before `cutoff`, oldest first, `batch` rows a statement. A day
 * goes whole: its hours stay up to a day longer than the cutoff alone would keep them.
 */
export async function pruneHours(db: Db, cutoff: number, batch: number): Promise<number> {
  const lastDay = bucketStart(cutoff, 'day') - DAY;
  let total = 0;
  for (;;) {
    const edge = await db
      .selectFrom('hourly_rollups')
      .select(['day', 'monitor_key'])
      .where('day', '<=', lastDay)
      .orderBy('day')
      .orderBy('monitor_key')
      .limit(1)
      .offset(batch - 1)
      .executeTakeFirst();
    const upTo = edge ? sql`and (day < ${edge.day} or (day = ${edge.day} and monitor_key <= ${edge.monitor_key}))` : sql``;
    const deleted = Number((await sql`delete from hourly_rollups where day <= ${lastDay} ${upTo}`.execute(db)).numAffectedRows ?? 0);
    total += deleted;
    if (!edge || deleted === 0) return total;
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
