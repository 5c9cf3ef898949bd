/**
 * Minute and hourly rollups packed many buckets to a row (store/rollup-pack.ts): minutes one row per
 * monitor-hour, hours one row per monitor-day. A PostgreSQL row costs about 60 bytes before its data
 * (header, line pointer, index entries): 90 days of hours for 10,000 monitors were 21.6 million rows
 * of `rollups` at 146 bytes (64 on SQLite), the largest share of a steady-state store, and two days
 * of minutes 14.4 million rows at 122. Packed, an hour at a 60 s interval takes about 13 bytes and a
 * minute about 11, plus a 24th or a 60th of a row.
 *
 * Both tables are (bucket: start of the row's hour or day, monitor_key, slots: buckets present,
 * packed), keyed by (monitor_key, bucket) and indexed by bucket for pruning oldest first; WITHOUT
 * ROWID on SQLite. Existing rows are carried over both ways; `rollups` keeps the daily ones.
 */
import { PostgresAdapter, sql, type Kysely, type RawBuilder } from 'kysely';
import { packSlots, unpackSlots, type Slot } from '../rollup-pack.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
/** Monitors carried over per pass: bounds the rows held in memory (90 days: 2,160 hours a monitor). */
const KEYS_PER_PASS = 200;
const COUNTS = ['count', 'up', 'degraded', 'down', 'unknown', 'excluded'] as const;
const LATENCIES = ['latency_p50_us', 'latency_p95_us', 'latency_max_us'] as const;
const FIELDS = [...COUNTS, ...LATENCIES];
const AUTOVACUUM = sql`autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_insert_scale_factor = 0.05, autovacuum_analyze_scale_factor = 0.02`;

type Row = { monitor_key: number | string; bucket: number | string } & Record<(typeof FIELDS)[number], number | string | null>;
type Packed = { bucket: number; monitor_key: number; slots: number; packed: Buffer };

export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await createPacked(db, 'hourly_rollups', postgres);
  await pack(db, 'rollups', sql`period = 'hour'`, 'hourly_rollups', HOUR, DAY);
  await sql`delete from rollups where period = 'hour'`.execute(db);

  await createPacked(db, 'minute_rollups_packed', postgres);
  await pack(db, 'minute_rollups', sql`true`, 'minute_rollups_packed', MINUTE, HOUR);
  await db.schema.dropTable('minute_rollups').execute();
  await sql`alter table minute_rollups_packed rename to minute_rollups`.execute(db);
  if (postgres) await sql`alter table minute_rollups rename constraint minute_rollups_packed_pk to minute_rollups_pk`.execute(db);
  await db.schema.dropIndex('minute_rollups_packed_bucket').execute();
  await db.schema.createIndex('minute_rollups_bucket').on('minute_rollups').column('bucket').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await unpack(db, 'hourly_rollups', DAY / HOUR, HOUR, 'rollups', { column: 'period', value: postgres ? sql`'hour'::rollup_period` : sql`'hour'` });
  await db.schema.dropTable('hourly_rollups').execute();

  // The layout 0025 (SQLite) or 0035 (PostgreSQL) left.
  let minutes = db.schema.createTable('minute_rollups_old');
  if (postgres) {
    minutes = minutes.addColumn('bucket', 'bigint', (c) => c.notNull()).addColumn('monitor_key', 'integer', (c) => c.notNull());
    for (const column of LATENCIES) minutes = minutes.addColumn(column, 'integer');
    for (const column of COUNTS) minutes = minutes.addColumn(column, 'smallint', (c) => c.notNull());
  } else {
    minutes = minutes.addColumn('monitor_key', 'integer', (c) => c.notNull()).addColumn('bucket', 'bigint', (c) => c.notNull());
    for (const column of COUNTS) minutes = minutes.addColumn(column, 'integer', (c) => c.notNull());
    for (const column of LATENCIES) minutes = minutes.addColumn(column, 'integer');
  }
  await minutes
    .addPrimaryKeyConstraint('minute_rollups_old_pk', ['monitor_key', 'bucket'] as never)
    .modifyEnd(postgres ? sql`` : sql`without rowid`)
    .execute();
  await unpack(db, 'minute_rollups', HOUR / MINUTE, MINUTE, 'minute_rollups_old');
  await db.schema.dropTable('minute_rollups').execute();
  await sql`alter table minute_rollups_old rename to minute_rollups`.execute(db);
  if (postgres) {
    await sql`alter table minute_rollups rename constraint minute_rollups_old_pk to minute_rollups_pk`.execute(db);
    await sql`alter table minute_rollups set (${AUTOVACUUM})`.execute(db);
    await db.schema.createIndex('minute_rollups_bucket').on('minute_rollups').column('bucket').execute();
  } else {
    await db.schema.createIndex('minute_rollups_bucket').on('minute_rollups').columns(['bucket', 'monitor_key']).execute();
  }
}

async function createPacked(db: Kysely<unknown>, table: string, postgres: boolean): Promise<void> {
  await db.schema
    .createTable(table)
    .addColumn('bucket', 'bigint', (c) => c.notNull())
    .addColumn('monitor_key', 'integer', (c) => c.notNull())
    .addColumn('slots', 'smallint', (c) => c.notNull())
    .addColumn('packed', postgres ? 'bytea' : 'blob', (c) => c.notNull())
    .addPrimaryKeyConstraint(`${table}_pk`, ['monitor_key', 'bucket'])
    .modifyEnd(postgres ? sql`` : sql`without rowid`)
    .execute();
  await db.schema.createIndex(`${table}_bucket`).on(table).column('bucket').execute();
  // Like the other history tables (0035): the newest rows are rewritten as buckets complete, old ones deleted in bulk.
  if (postgres) await sql`alter table ${sql.table(table)} set (${AUTOVACUUM})`.execute(db);
}

/** Packs the rows of `from` that match `filter` (one bucket each, `grain` long) into rows of `span`, a few monitors at a time. */
async function pack(db: Kysely<unknown>, from: string, filter: RawBuilder<unknown>, to: string, grain: number, span: number): Promise<void> {
  let after = -1;
  for (;;) {
    const { rows: keys } = await sql<{ monitor_key: number }>`
      select distinct monitor_key from ${sql.table(from)} where ${filter} and monitor_key > ${after} order by monitor_key limit ${KEYS_PER_PASS}`.execute(db);
    if (keys.length === 0) return;
    const last = Number(keys[keys.length - 1]!.monitor_key);
    const { rows } = await sql<Row>`
      select monitor_key, bucket, ${fieldRefs()} from ${sql.table(from)} where ${filter} and monitor_key > ${after} and monitor_key <= ${last}`.execute(db);
    const packs = new Map<string, { bucket: number; monitor_key: number; slots: Map<number, Slot> }>();
    for (const r of rows) {
      const bucket = Number(r.bucket);
      const start = bucket - (((bucket % span) + span) % span);
      const id = `${r.monitor_key}:${start}`;
      const entry = packs.get(id) ?? { bucket: start, monitor_key: Number(r.monitor_key), slots: new Map<number, Slot>() };
      packs.set(id, entry);
      const n = (v: number | string | null) => (v === null ? null : Number(v));
      entry.slots.set((bucket - start) / grain, {
        count: Number(r.count),
        up: Number(r.up),
        degraded: Number(r.degraded),
        down: Number(r.down),
        unknown: Number(r.unknown),
        excluded: Number(r.excluded),
        latency_p50_us: n(r.latency_p50_us),
        latency_p95_us: n(r.latency_p95_us),
        latency_max_us: n(r.latency_max_us),
      });
    }
    const values: Packed[] = [...packs.values()].map((p) => ({
      bucket: p.bucket,
      monitor_key: p.monitor_key,
      slots: p.slots.size,
      packed: packSlots(p.slots, span / grain),
    }));
    // 4 values a row: 2,500 rows a statement, under SQLite's 32766 bound parameters.
    for (let i = 0; i < values.length; i += 2500) {
      await (db as Kysely<Record<string, Packed>>)
        .insertInto(to)
        .values(values.slice(i, i + 2500))
        .execute();
    }
    after = last;
  }
}

/** Unpacks every row of `from` into one-bucket rows of `to`, 500 a statement (12 or 13 values a row), with `extra`'s column set on each. */
async function unpack(
  db: Kysely<unknown>,
  from: string,
  size: number,
  grain: number,
  to: string,
  extra?: { column: string; value: RawBuilder<unknown> },
): Promise<void> {
  const columns = sql.join([sql.ref('monitor_key'), sql.ref('bucket'), ...FIELDS.map((c) => sql.ref(c)), ...(extra ? [sql.ref(extra.column)] : [])]);
  let after = -1;
  for (;;) {
    const { rows: keys } = await sql<{ monitor_key: number }>`
      select distinct monitor_key from ${sql.table(from)} where monitor_key > ${after} order by monitor_key limit ${KEYS_PER_PASS}`.execute(db);
    if (keys.length === 0) return;
    const last = Number(keys[keys.length - 1]!.monitor_key);
    const { rows } = await sql<{ monitor_key: number; bucket: number | string; packed: Uint8Array }>`
      select monitor_key, bucket, packed from ${sql.table(from)} where monitor_key > ${after} and monitor_key <= ${last}`.execute(db);
    const buckets: RawBuilder<unknown>[] = [];
    for (const r of rows) {
      for (const [index, slot] of unpackSlots(r.packed, size)) {
        const values = [
          sql`${Number(r.monitor_key)}`,
          sql`${Number(r.bucket) + index * grain}`,
          ...FIELDS.map((f) => sql`${slot[f]}`),
          ...(extra ? [extra.value] : []),
        ];
        buckets.push(sql`(${sql.join(values)})`);
      }
    }
    for (let i = 0; i < buckets.length; i += 500)
      await sql`insert into ${sql.table(to)} (${columns}) values ${sql.join(buckets.slice(i, i + 500))}`.execute(db);
    after = last;
  }
}

function fieldRefs(): RawBuilder<unknown> {
  return sql.join(FIELDS.map((c) => sql.ref(c)));
}
