/**
 * Hourly rollups packed one row per monitor and UTC day (store/rollup-pack.ts). 90 days of hours for
 * 10,000 monitors were 21.6 million rows of `rollups`, 146 bytes each on PostgreSQL (about 60 of them
 * the row's header, line pointer and index entries) and 64 on SQLite: the largest share of a steady
 * state store. Packed, a day of hours at a 60 s interval is one row of about 330 bytes.
 *
 * `hours` counts the hours in `packed` so sizes per hour need no decoding; the index on `day` serves
 * pruning oldest first. Existing hourly rows are carried over and deleted from `rollups`, which keeps
 * the daily ones. On SQLite the table is WITHOUT ROWID, clustered by (monitor_key, day).
 */
import { PostgresAdapter, sql, type Kysely } from 'kysely';
import { packSlots, unpackSlots, type Slot } from '../rollup-pack.js';

const HOUR = 3_600_000;
const DAY = 86_400_000;
/** Monitors carried over per pass: bounds the rows held in memory (90 days: 2,160 hours a monitor). */
const KEYS_PER_PASS = 200;
const ROWS_PER_STATEMENT = 2500;
const COUNTS = ['count', 'up', 'degraded', 'down', 'unknown', 'excluded'] as const;
const LATENCIES = ['latency_p50_us', 'latency_p95_us', 'latency_max_us'] as const;

type HourRow = { monitor_key: number; bucket: number | string } & Record<(typeof COUNTS)[number], number> & Record<(typeof LATENCIES)[number], number | null>;

export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('hourly_rollups')
    .addColumn('day', 'bigint', (c) => c.notNull())
    .addColumn('monitor_key', 'integer', (c) => c.notNull())
    .addColumn('hours', 'smallint', (c) => c.notNull())
    .addColumn('packed', postgres ? 'bytea' : 'blob', (c) => c.notNull())
    .addPrimaryKeyConstraint('hourly_rollups_pk', ['monitor_key', 'day'])
    .modifyEnd(postgres ? sql`` : sql`without rowid`)
    .execute();
  await db.schema.createIndex('hourly_rollups_day').on('hourly_rollups').column('day').execute();
  if (postgres) {
    // Like the other history tables (0035): today's rows are rewritten every hour, old days deleted in bulk.
    await sql`alter table hourly_rollups set (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_insert_scale_factor = 0.05, autovacuum_analyze_scale_factor = 0.02)`.execute(
      db,
    );
  }

  let after = -1;
  for (;;) {
    const { rows: keys } = await sql<{ monitor_key: number }>`
      select distinct monitor_key from rollups where period = 'hour' and monitor_key > ${after} order by monitor_key limit ${KEYS_PER_PASS}`.execute(db);
    if (keys.length === 0) break;
    const last = Number(keys[keys.length - 1]!.monitor_key);
    const { rows } = await sql<HourRow>`
      select monitor_key, bucket, ${sql.join([...COUNTS, ...LATENCIES].map((c) => sql.ref(c)))} from rollups
      where period = 'hour' and monitor_key > ${after} and monitor_key <= ${last}`.execute(db);
    const days = new Map<string, { day: number; monitor_key: number; slots: Map<number, Slot> }>();
    for (const r of rows) {
      const bucket = Number(r.bucket);
      const day = bucket - (((bucket % DAY) + DAY) % DAY);
      const id = `${r.monitor_key}:${day}`;
      const entry = days.get(id) ?? { day, monitor_key: Number(r.monitor_key), slots: new Map<number, Slot>() };
      days.set(id, entry);
      entry.slots.set((bucket - day) / HOUR, {
        count: Number(r.count),
        up: Number(r.up),
        degraded: Number(r.degraded),
        down: Number(r.down),
        unknown: Number(r.unknown),
        excluded: Number(r.excluded),
        latency_p50_us: r.latency_p50_us === null ? null : Number(r.latency_p50_us),
        latency_p95_us: r.latency_p95_us === null ? null : Number(r.latency_p95_us),
        latency_max_us: r.latency_max_us === null ? null : Number(r.latency_max_us),
      });
    }
    const packed = [...days.values()].map((d) => ({ day: d.day, monitor_key: d.monitor_key, hours: d.slots.size, packed: packSlots(d.slots) }));
    for (let i = 0; i < packed.length; i += ROWS_PER_STATEMENT) {
      await (db as Kysely<{ hourly_rollups: (typeof packed)[number] }>)
        .insertInto('hourly_rollups')
        .values(packed.slice(i, i + ROWS_PER_STATEMENT))
        .execute();
    }
    after = last;
  }
  await sql`delete from rollups where period = 'hour'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const period = postgres ? sql`'hour'::rollup_period` : sql`'hour'`;
  let after = -1;
  for (;;) {
    const { rows: keys } = await sql<{ monitor_key: number }>`
      select distinct monitor_key from hourly_rollups where monitor_key > ${after} order by monitor_key limit ${KEYS_PER_PASS}`.execute(db);
    if (keys.length === 0) break;
    const last = Number(keys[keys.length - 1]!.monitor_key);
    const { rows } = await sql<{ monitor_key: number; day: number | string; packed: Uint8Array }>`
      select monitor_key, day, packed from hourly_rollups where monitor_key > ${after} and monitor_key <= ${last}`.execute(db);
    const hours: Record<string, unknown>[] = [];
    for (const r of rows) {
      for (const [index, slot] of unpackSlots(r.packed)) hours.push({ monitor_key: Number(r.monitor_key), bucket: Number(r.day) + index * HOUR, ...slot });
    }
    // 12 values a row: 500 rows a statement.
    for (let i = 0; i < hours.length; i += 500) {
      const values = hours
        .slice(i, i + 500)
        .map((h) => sql`(${h.monitor_key}, ${period}, ${h.bucket}, ${sql.join([...COUNTS, ...LATENCIES].map((c) => sql`${h[c]}`))})`);
      await sql`insert into rollups (monitor_key, period, bucket, ${sql.join([...COUNTS, ...LATENCIES].map((c) => sql.ref(c)))}) values ${sql.join(values)}`.execute(
        db,
      );
    }
    after = last;
  }
  await db.schema.dropTable('hourly_rollups').execute();
}
