// npm run bench:pg-plans — EXPLAIN ANALYZE of every query in src/store that reads results or rollups,
// on PostgreSQL, over MONITORS (2000) monitors × MINUTES (240) minutes of results written with
// insertResults. The queries are not copied here: the store functions themselves run (rollUp,
// readRollups, readMinuteRollups, uptimeCounts, prune) through a Kysely plugin that records each
// compiled statement, and each distinct select or delete on results or a rollup table is then explained
// with the parameters it ran with (deletes in a transaction rolled back). Layout of migration 0039:
// packed minute_rollups and hourly_rollups, daily rows in rollups. Prints per query whether an index is used.
// Env: TOCSIN_BENCH_POSTGRES_URL (or TOCSIN_TEST_POSTGRES_URL).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql } from 'kysely';
import { migrate } from '../dist/store/migrate.js';
import { openStore } from '../dist/store/open.js';
import { insertResults } from '../dist/store/results.js';
import { readMinuteRollups, readRollups, rollUp } from '../dist/store/rollups.js';
import { prune } from '../dist/store/retention.js';
import { uptimeCounts } from '../dist/store/uptime.js';
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
const HOUR = 3_600_000;
const start = Math.floor(Date.now() / DAY) * DAY - 2 * HOUR;
for (let minute = 0; minute < MIN; minute++) {
  const rows = [];
  for (let m = 0; m < M; m++)
    rows.push({
      monitorId: `m-${m}`,
      // Two results a minute, so minutes are rolled up to rows rather than left to the raw result.
      at: start + minute * 60000 + ((m * 7919) % 30000),
      status: (minute + m) % 97 === 0 ? 'down' : 'up',
      latencyMs: 3 + (m % 300) / 100,
      message: 'HTTP 200',
      timings: {},
      metrics: null,
    });
  await insertResults(store.db, [...rows, ...rows.map((r) => ({ ...r, at: r.at + 30000 }))]);
}
const now = start + MIN * 60000;

/** Every statement a store function runs, compiled, with the name of the function it came from. */
const captured = [];
let caller = '';
const executor = store.db.getExecutor();
const recording = store.db.withPlugin({
  transformQuery({ node, queryId }) {
    const { sql: text, parameters } = executor.compileQuery(node, queryId);
    captured.push({ caller, text, parameters });
    return node;
  },
  transformResult: async ({ result }) => result,
});
async function run(name, fn) {
  caller = name;
  await fn(recording);
}
await run('rollUp', (db) => rollUp(db, now));
await sql`vacuum analyze`.execute(store.db);
const ids = ['m-1', 'm-2'];
await run('readRollups day', (db) => readRollups(db, 'm-3', 'day', start - DAY, now));
await run('readRollups hour', (db) => readRollups(db, 'm-3', 'hour', start, now));
await run('readMinuteRollups', (db) => readMinuteRollups(db, 'm-3', start, now));
// From a minute past the start to the end: partial minutes raw, minutes, hours and the day from rollups.
await run('uptimeCounts all', (db) => uptimeCounts(db, undefined, start - DAY + 90_000, now));
await run('uptimeCounts ids', (db) => uptimeCounts(db, ids, start - DAY + 90_000, now));
// Last, as it deletes: keep an hour of raw results and minutes, the rest goes.
await run('prune', (db) => prune(db, now, { rawMs: HOUR, successesMs: HOUR, minuteMs: HOUR, hourlyMs: 2 * HOUR, rollupsMs: HOUR, batchSize: 5000 }));

const touched = /\b(results|minute_rollups|hourly_rollups|rollups)\b/;
const seen = new Set();
const summary = [];
try {
  await admin.query(`set search_path to ${schema}`);
  for (const { caller: name, text, parameters } of captured) {
    const kind = text.trimStart().slice(0, 6).toLowerCase();
    if ((kind !== 'select' && kind !== 'delete') || !touched.test(text) || seen.has(text)) continue;
    seen.add(text);
    await admin.query('begin');
    let plan;
    try {
      plan = (await admin.query(`explain (analyze, buffers off, costs off, timing on) ${text}`, parameters)).rows.map((r) => r['QUERY PLAN']);
    } finally {
      await admin.query('rollback');
    }
    const scans = [...plan.join('\n').matchAll(/(Seq Scan|Index Only Scan|Index Scan|Bitmap Index Scan)(?: Backward)?(?: using (\S+))? on (\w+)/g)]
      .filter((s) => s[1] !== 'Seq Scan' || touched.test(s[3]) || s[3] === 'monitor_keys')
      .map((s) => (s[1] === 'Seq Scan' ? `SEQ SCAN ${s[3]}` : s[2] ? `${s[2]} on ${s[3]}` : `bitmap ${s[3]}`));
    const time = plan.find((l) => l.startsWith('Execution Time'))?.replace('Execution Time: ', '') ?? '';
    summary.push(`${name.padEnd(18)} ${time.padStart(12)}  ${[...new Set(scans)].join(', ')}  | ${text.replace(/\s+/g, ' ').slice(0, 90)}`);
    console.log(`## ${name}: ${text.replace(/\s+/g, ' ')}\n${plan.join('\n')}\n`);
  }
  console.log(`=== ${M} monitors × ${MIN} minutes, 2 results a minute; per query: execution time, scans\n${summary.join('\n')}`);
} finally {
  await store.close();
  await admin.query(`drop schema ${schema} cascade`);
  await admin.end();
}
