import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { migrations } from '../../src/store/migrations/index.js';
import { readMinuteRollups, readRollups, writeRollups, type RollupRow } from '../../src/store/rollups.js';
import { rebuildResultIndexes } from '../../src/store/retention.js';
import { getState, upsertStates, type StateRow } from '../../src/store/state.js';
import { describeStore } from './dialects.js';

const T0 = Date.UTC(2024, 0, 15, 10, 0, 0);
const MIGRATION = migrations['0035_postgres_storage']!;
/** Packs minute and hourly rollups (its own tests: packed-rollups.test.ts); undone around 0035's round trips. */
const PACKED = migrations['0039_packed_rollups']!;

const rollup = (monitorId: string, period: RollupRow['period'], bucket: number, count: number): RollupRow => ({
  monitorId,
  period,
  bucket,
  count,
  up: count - 1,
  degraded: 0,
  down: 1,
  unknown: 0,
  excluded: 0,
  latencyP50: 3.5,
  latencyP95: 9.25,
  latencyMax: period === 'minute' ? null : 12.5,
});

const state = (extra: Partial<StateRow> = {}): StateRow => ({
  monitorId: 'web',
  status: 'up',
  since: 1_000,
  lastAt: 2_000,
  lastStatus: 'up',
  lastMessage: 'HTTP 200 in 3 ms',
  lastLatencyMs: 3.25,
  confirming: null,
  updatedAt: 2_000,
  ...extra,
});

describeStore('PostgreSQL storage migration 0035', (store, dialect) => {
  it('carries minute, hourly and daily rollups over both ways, exact to the microsecond', async () => {
    const db = store().db;
    const rows = [rollup('web', 'minute', T0, 6), rollup('web', 'hour', T0, 360), rollup('web', 'day', T0 - 86_400_000, 86_400), rollup('db', 'hour', T0, 60)];
    await writeRollups(db, rows);
    await PACKED.down!(db);
    await MIGRATION.down!(db);
    expect(await readRollups(db, 'web', 'day', T0 - 86_400_000, T0)).toEqual([rows[2]]);
    await MIGRATION.up(db);
    await PACKED.up(db);
    expect(await readMinuteRollups(db, 'web', T0, T0 + 60_000)).toEqual([rows[0]]);
    expect(await readRollups(db, 'web', 'hour', T0, T0 + 1)).toEqual([rows[1]]);
    expect(await readRollups(db, 'web', 'day', T0 - 86_400_000, T0)).toEqual([rows[2]]);
    expect(await readRollups(db, 'db', 'hour', T0, T0 + 1)).toEqual([rows[3]]);
    // The primary keys still decide what an upsert replaces.
    await writeRollups(db, [{ ...rows[1]!, count: 361, up: 360 }]);
    expect(await readRollups(db, 'web', 'hour', T0, T0 + 1)).toMatchObject([{ count: 361, up: 360 }]);
    if (dialect !== 'postgres') return;
    const { rows: columns } = await sql<{ table_name: string; column_name: string; udt_name: string }>`
      select table_name, column_name, udt_name from information_schema.columns
      where table_schema = current_schema() and table_name in ('minute_rollups', 'rollups') and column_name in ('count', 'period', 'bucket', 'packed')
      order by table_name, column_name`.execute(db);
    expect(columns.map((c) => `${c.table_name}.${c.column_name} ${c.udt_name}`)).toEqual([
      'minute_rollups.bucket int8',
      'minute_rollups.packed bytea',
      'rollups.bucket int8',
      'rollups.count int4',
      'rollups.period rollup_period',
    ]);
    const { rows: options } = await sql<{ relname: string; reloptions: string[] | null }>`
      select relname, reloptions from pg_class where relnamespace = current_schema()::regnamespace and relname in ('results', 'alert_state')`.execute(db);
    expect(options.find((o) => o.relname === 'results')?.reloptions).toContain('autovacuum_vacuum_scale_factor=0.01');
    expect(options.find((o) => o.relname === 'alert_state')?.reloptions).toEqual(expect.arrayContaining(['fillfactor=50', 'autovacuum_vacuum_cost_delay=0']));
  });

  it.runIf(dialect === 'postgres')('stores a minute rollup in a fifth fewer bytes on PostgreSQL, indexes included', async () => {
    const db = store().db;
    for (let minute = 0; minute < 100; minute++) {
      await writeRollups(
        db,
        Array.from({ length: 200 }, (_, m) => rollup(`m-${m}`, 'minute', T0 + minute * 60_000, 1 + (m % 6))),
      );
    }
    const perRow = async (packed = false) => {
      await sql`vacuum analyze minute_rollups`.execute(db);
      const { rows } = await sql<{ bytes: string; n: string }>`
        select pg_total_relation_size('minute_rollups') as bytes, (select ${packed ? sql`sum(slots)` : sql`count(*)`} from minute_rollups) as n`.execute(db);
      expect(Number(rows[0]!.n)).toBe(20_000);
      return Number(rows[0]!.bytes) / Number(rows[0]!.n);
    };
    // Every layout copied in by the migrations themselves, so they are compared alike.
    await PACKED.down!(db);
    await MIGRATION.down!(db);
    const before = await perRow();
    await MIGRATION.up(db);
    const after = await perRow();
    await PACKED.up(db);
    const packed = await perRow(true);
    console.log(`PostgreSQL minute rollup: ${before.toFixed(1)} → ${after.toFixed(1)} → packed ${packed.toFixed(1)} bytes a minute, indexes included`);
    expect(after).toBeLessThan(before * 0.85);
    expect(packed).toBeLessThan(after * 0.25);
  });

  it.runIf(dialect === 'postgres')('rebuilds the results indexes once a day, giving back the pages pruning left sparse', async () => {
    const db = store().db;
    const rows = (from: number, to: number) => sql`
      insert into results (monitor_key, at, code, latency_us)
      select k, ${T0}::bigint + r * 60000 + k, case when (r * 7 + k) % 100 < 2 then 2 else 0 end, 3000
      from generate_series(${from}::int, ${to}::int) r, generate_series(1, 200) k order by r, k`;
    await rows(1, 600).execute(db);
    // Routine rows of the first half go, as retention.successes prunes them; failures stay.
    await sql`delete from results where code = 0 and at < ${T0 + 300 * 60_000}`.execute(db);
    await rows(601, 900).execute(db);
    await sql`vacuum results`.execute(db);
    const size = async () => Number((await sql<{ n: string }>`select pg_relation_size('results_pk') as n`.execute(db)).rows[0]!.n);
    const sparse = await size();
    expect(await rebuildResultIndexes(db, T0)).toBe(false);
    expect(await rebuildResultIndexes(db, T0 + 3_600_000)).toBe(false);
    expect(await rebuildResultIndexes(db, T0 + 86_400_000)).toBe(true);
    const rebuilt = await size();
    console.log(`results primary key: ${sparse} → ${rebuilt} bytes`);
    expect(rebuilt).toBeLessThan(sparse * 0.8);
    const { rows: valid } = await sql<{ n: string }>`
      select count(*) as n from pg_index i join pg_class c on c.oid = i.indexrelid
      where c.relnamespace = current_schema()::regnamespace and i.indrelid = 'results'::regclass and i.indisvalid`.execute(db);
    expect(Number(valid[0]!.n)).toBe(2);
  });

  it('leaves a monitor state written again unchanged as it was (no dead tuple on PostgreSQL)', async () => {
    const db = store().db;
    const version = async () =>
      dialect === 'postgres'
        ? (await sql<{ v: string }>`select xmin::text as v from monitor_state where monitor_id = 'web'`.execute(db)).rows[0]?.v
        : undefined;
    await upsertStates(db, [state()]);
    const first = await version();
    await upsertStates(db, [state({ updatedAt: 9_000 })]);
    // Nothing the state says changed: the row is not rewritten, updated_at included.
    expect(await getState(db, 'web')).toEqual(state());
    expect(await version()).toBe(first);
    await upsertStates(db, [state({ lastAt: 62_000, lastLatencyMs: 4.5, updatedAt: 62_000 })]);
    expect(await getState(db, 'web')).toEqual(state({ lastAt: 62_000, lastLatencyMs: 4.5, updatedAt: 62_000 }));
    if (dialect === 'postgres') expect(await version()).not.toBe(first);
  });
});
