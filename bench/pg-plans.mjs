// npm run bench:pg-plans — EXPLAIN ANALYZE of every query in src/store that reads results or rollups by
// time or by monitor, on PostgreSQL, over MONITORS (2000) monitors × MINUTES (240) minutes of results
// written with insertResults and rolled up with rollUp: which index each query uses after migration
// 0035 (bucket/at secondary indexes, incremental sorts for the pruning edges) and how long it takes.
// Env: TOCSIN_BENCH_POSTGRES_URL (or TOCSIN_TEST_POSTGRES_URL).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql } from 'kysely';
import { migrate } from '../dist/store/migrate.js';
import { openStore } from '../dist/store/open.js';
import { insertResults } from '../dist/store/results.js';
import { rollUp } from '../dist/store/rollups.js';
const base = process.env.TOCSIN_BENCH_POSTGRES_URL ?? process.env.TOCSIN_TEST_POSTGRES_URL;
if (!base) {
  console.log('set TOCSIN_BENCH_POSTGRES_URL (or TOCSIN_TEST_POSTGRES_URL)');
  process.exit(2);
}
const schema = `tocsin_plans_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: base });
await admin.connect();
await admin.query(`create schema ${schema}`);
const url = new URL(base);
url.searchParams.set('schema', schema);
const store = await openStore(url.toString());
await migrate(store.db);
const M = Number(process.env.MONITORS ?? 2000);
const MIN = Number(process.env.MINUTES ?? 240);
const DAY = 86_400_000;
const start = Math.floor(Date.now() / DAY) * DAY - 2 * 3600000;
for (let minute = 0; minute < MIN; minute++) {
  const rows = [];
  for (let m = 0; m < M; m++)
    rows.push({
      monitorId: `m-${m}`,
      at: start + minute * 60000 + ((m * 7919) % 60000),
      status: (minute + m) % 97 === 0 ? 'down' : 'up',
      latencyMs: 3 + (m % 300) / 100,
      message: 'HTTP 200',
      timings: {},
      metrics: null,
    });
  await insertResults(store.db, rows);
}
const now = start + MIN * 60000;
await rollUp(store.db, now);
await sql`vacuum analyze`.execute(store.db);
const q = {
  minuteAggregate: sql`select monitor_key, bucket, count(*) from (select monitor_key, code & 3 as status, at - (at % 60000) as bucket from results where at >= ${now - 120000} and at < ${now - 60000}) r group by monitor_key, bucket`,
  hourAggregate: sql`select monitor_key, bucket, count(*) from (select monitor_key, code & 3 as status, at - (at % 3600000) as bucket from results where at >= ${start} and at < ${start + 3600000}) r group by monitor_key, bucket`,
  firstResultAt: sql`select min(at) from results where at >= ${start + 3600000} and at < ${now}`,
  pruneResultsEdge: sql`select at, monitor_key from results where at < ${start + 3600000} order by at, monitor_key limit 1 offset 4999`,
  pruneResultsDelete: sql`delete from results where at < ${start + 3600000} and (at < ${start + 600000} or (at = ${start + 600000} and monitor_key <= 5))`,
  pruneMinutesEdge: sql`select bucket, monitor_key from minute_rollups where bucket < ${start + 3600000} order by bucket, monitor_key limit 1 offset 4999`,
  pruneMinutesDelete: sql`delete from minute_rollups where bucket < ${start + 3600000} and (bucket, monitor_key) <= (${start + 600000}, 5)`,
  pruneRollupsEdge: sql`select bucket, monitor_key from rollups where period = 'hour' and bucket < ${now} order by bucket, monitor_key limit 1 offset 4999`,
  uptimeRawAll: sql`select k.monitor_id, count(*) from results r join monitor_keys k on k.monitor_key = r.monitor_key where r.at >= ${now - 1800000} and r.at < ${now} group by k.monitor_id`,
  uptimeMinuteIds: sql`select k.monitor_id, sum(m.up) from minute_rollups m join monitor_keys k on k.monitor_key = m.monitor_key where m.bucket >= ${start} and m.bucket < ${now} and k.monitor_id in ('m-1','m-2') group by k.monitor_id`,
  uptimeHourAll: sql`select k.monitor_id, sum(u.up) from rollups u join monitor_keys k on k.monitor_key = u.monitor_key where u.period = ${'hour'} and u.bucket >= ${start} and u.bucket < ${now} group by k.monitor_id`,
  uptimeHourIds: sql`select k.monitor_id, sum(u.up) from rollups u join monitor_keys k on k.monitor_key = u.monitor_key where u.period = ${'hour'} and u.bucket >= ${start} and u.bucket < ${now} and k.monitor_id in ('m-1','m-2') group by k.monitor_id`,
  readRollups: sql`select * from rollups where monitor_key = 3 and period = ${'day'} and bucket >= ${start - DAY} and bucket < ${now} order by bucket`,
  readMinuteRollups: sql`select * from minute_rollups where monitor_key = 3 and bucket >= ${start} and bucket < ${now} order by bucket`,
  latestResults: sql`select k.monitor_key, (select r.at from results r where r.monitor_key = k.monitor_key order by r.at desc limit 1), (select r.detail from results r where r.monitor_key = k.monitor_key and r.detail is not null order by r.at desc limit 1) from monitor_keys k where k.monitor_key in (1,2,3)`,
  storeFactsDay: sql`select count(*), count(distinct monitor_key) from results where at >= ${now - DAY} and at < ${now}`,
};
try {
  for (const [name, query] of Object.entries(q)) {
    const { rows } = await sql`explain (analyze, buffers off, costs off, timing on) ${query}`.execute(store.db);
    console.log(`## ${name}\n` + rows.map((r) => r['QUERY PLAN']).join('\n'));
  }
} finally {
  await store.close();
  await admin.query(`drop schema ${schema} cascade`);
  await admin.end();
}
