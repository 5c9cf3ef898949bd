import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { migrate } from '../../src/store/migrate.js';
import { migrations } from '../../src/store/migrations/index.js';
import { recentResults } from '../../src/store/results.js';
import { readRollups } from '../../src/store/rollups.js';
import { describeStore } from './dialects.js';

const T0 = Date.UTC(2024, 0, 15, 10, 0, 0);
const before = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '0024'));

describeStore('carrying results and rollups over into the compact rows', (store) => {
  it('moves every old result with its status, flags, latency and words', async () => {
    const db = store().db;
    // Roll back to the old row, write old-style results, and migrate forward again. Later migrations
    // go first, by their own down(), so the forward run applies them again in order.
    for (const [name, migration] of Object.entries(migrations).reverse()) {
      if (name > '0026') await migration.down?.(db);
    }
    await sql`drop table results`.execute(db);
    await sql`drop table minute_rollups`.execute(db);
    await sql`drop table monitor_keys`.execute(db);
    await sql`drop table rollups`.execute(db);
    await sql`create table rollups (monitor_id text not null, period text not null, bucket bigint not null, count integer not null, up integer not null,
      degraded integer not null, down integer not null, latency_p50 double precision, latency_p95 double precision, latency_max double precision,
      unknown integer not null default 0, excluded integer not null default 0, primary key (monitor_id, period, bucket))`.execute(db);
    await sql`insert into rollups values ('web', 'hour', ${T0 - 3_600_000}, 60, 59, 0, 1, 3.5, 9.25, 12.5, 0, 0), ('gone', 'day', ${T0 - 86_400_000}, 1440, 1440, 0, 0, 2, 3, 4, 0, 0)`.execute(
      db,
    );
    await sql`delete from kysely_migration where name >= '0024'`.execute(db);
    await sql`create table results (monitor_id text not null, at bigint not null, status text not null, latency_ms double precision not null,
      message text not null, timings text not null, metrics text, missed integer not null default 0, excluded integer not null default 0)`.execute(db);
    const old = [
      ['web', T0, 'up', 12.5, 'HTTP 200 in 12 ms', '{"total":12.5}', '{"http_status":200}', 0, 0],
      ['web', T0 + 60_000, 'up', 3.25, 'HTTP 200 in 3 ms', '{"total":3.25}', null, 0, 0],
      ['web', T0 + 90_000, 'up', 4, 'HTTP 200 in 3 ms', '{"total":4}', null, 0, 0],
      ['web', T0 + 120_000, 'down', 0, 'refused', '{}', null, 1, 0],
      ['web', T0 + 120_000, 'down', 0, 'duplicate of the same millisecond', '{}', null, 0, 0],
      ['db', T0, 'unknown', 1, 'maintenance', '{}', null, 0, 1],
    ] as const;
    for (const r of old) {
      await sql`insert into results values (${r[0]}, ${r[1]}, ${r[2]}, ${r[3]}, ${r[4]}, ${r[5]}, ${r[6]}, ${r[7]}, ${r[8]})`.execute(db);
    }
    expect(Object.keys(before).length).toBeGreaterThan(10);
    await migrate(db);
    const web = await recentResults(db, 'web');
    expect(web.map((r) => [r.at, r.status, r.latencyMs, r.missed, r.message, r.detailAt])).toEqual([
      [T0 + 120_000, 'down', 0, true, 'refused', undefined],
      [T0 + 90_000, 'up', 4, false, 'HTTP 200 in 3 ms', T0 + 60_000],
      [T0 + 60_000, 'up', 3.25, false, 'HTTP 200 in 3 ms', undefined],
      [T0, 'up', 12.5, false, 'HTTP 200 in 12 ms', undefined],
    ]);
    expect(web[3]).toMatchObject({ timings: { total: 12.5 }, metrics: { http_status: 200 } });
    expect(await recentResults(db, 'db')).toMatchObject([{ status: 'unknown', excluded: true, message: 'maintenance' }]);
    // Rollups come along, latencies exact to the microsecond; a monitor with only rollups gets a key.
    expect(await readRollups(db, 'web', 'hour', T0 - 3_600_000, T0)).toMatchObject([
      { count: 60, up: 59, down: 1, latencyP50: 3.5, latencyP95: 9.25, latencyMax: 12.5 },
    ]);
    expect(await readRollups(db, 'gone', 'day', T0 - 86_400_000, T0)).toMatchObject([{ count: 1440, latencyMax: 4 }]);
  });
});
