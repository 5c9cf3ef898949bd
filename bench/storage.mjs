// npm run bench:storage — bytes per stored result (routine successes and failures apart), per minute
// rollup and per hourly/daily rollup, on SQLite and (when TOCSIN_BENCH_POSTGRES_URL or
// TOCSIN_TEST_POSTGRES_URL names a server) PostgreSQL, measured with the same catalogue queries as
// `tocsin storage`; then the steady-state size of 10,000 monitors at 60 s under the default retention.
// Results are written as the engine writes them: one batch per interval through insertResults, so the
// compact row's rule (words only when they change) sees what it would see live.
// Env: MONITORS (1000), MINUTES (360), FAILURE_EVERY (100: one monitor-minute in 100 fails, in runs of 3).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { formatBytes, storageCost } from '../dist/core/storage-cost.js';
import { configSchema } from '../dist/schema/config.js';
import { migrate } from '../dist/store/migrate.js';
import { openStore } from '../dist/store/open.js';
import { insertResults } from '../dist/store/results.js';
import { rollUp } from '../dist/store/rollups.js';
import { storeFacts } from '../dist/store/table-sizes.js';

const MONITORS = Number(process.env.MONITORS ?? 1000);
const MINUTES = Number(process.env.MINUTES ?? 360);
const FAILURE_EVERY = Number(process.env.FAILURE_EVERY ?? 100);
const DAY = 86_400_000;
// Crosses a UTC midnight, so daily rollups are measured too.
const start = Math.floor(Date.now() / DAY) * DAY - (MINUTES / 2) * 60_000;
const now = start + MINUTES * 60_000 + 2 * 60_000;

/** One interval's results, as an HTTP monitor writes them: mostly up, failures in short runs, timings by phase. */
function interval(minute) {
  const rows = [];
  for (let m = 0; m < MONITORS; m++) {
    const at = start + minute * 60_000 + ((m * 7919) % 60_000);
    // Runs of three failed minutes, one run per 3 × FAILURE_EVERY monitor-minutes.
    const down = Math.floor((minute + m * 13) / 3) % Math.floor(FAILURE_EVERY / 3) === 0 && (minute + m) % 3 === 0;
    const latency = 3 + ((minute * 31 + m * 17) % 400) / 100;
    rows.push({
      monitorId: `web-${m}`,
      at,
      status: down ? 'down' : 'up',
      latencyMs: down ? 10_000 : latency,
      message: down ? 'connect timed out after 10 s to 10.0.3.17:443' : `HTTP 200 in ${Math.round(latency)} ms`,
      timings: down ? { dns: 0.4, connect: 10_000, total: 10_000 } : { dns: 0.4, connect: 1.1, tls: 1.3, firstByte: latency - 2.9, body: 0.1, total: latency },
      metrics: down ? null : { http_status: 200, body_bytes: 5120 },
    });
  }
  return rows;
}

async function measure(label, url) {
  const store = await openStore(url);
  await migrate(store.db);
  const started = performance.now();
  for (let minute = 0; minute < MINUTES; minute++) await insertResults(store.db, interval(minute));
  const writeMs = performance.now() - started;
  await rollUp(store.db, now);
  if (store.dialect === 'postgres') await sql`vacuum analyze`.execute(store.db);
  const facts = await storeFacts(store, now);
  await store.close();
  const table = (name) => facts.tables.find((t) => t.table === name);
  const perRow = (name) => (table(name)?.rows ? table(name).bytes / table(name).rows : undefined);
  const round = (n) => (n === undefined ? 'n/a' : n.toFixed(1));
  const results = table('results');
  console.log(
    `${label}: ${results.rows.toLocaleString('en-US')} results written in ${(writeMs / 1000).toFixed(1)} s ` +
      `(${Math.round((results.rows / writeMs) * 1000).toLocaleString('en-US')}/s); ${round(perRow('results'))} bytes a result on average, indexes included: ` +
      `routine ${round(facts.routineBytesPerRow)}, failure or change ${round(facts.keptBytesPerRow)} ` +
      `(${((facts.keptPerDay / facts.resultsPerDay) * 100).toFixed(2)} % of rows); minute rollup ${round(perRow('minute_rollups'))}; ` +
      `hourly/daily rollup ${round(perRow('rollups'))}; monitor key ${round(perRow('monitor_keys'))}`,
  );
  // 10,000 monitors at 60 s: 14.4 M results a day, failures and changes in the proportion measured here.
  const retention = configSchema.parse({}).retention;
  const steady = storageCost({
    tables: facts.tables.filter((t) => ['results', 'minute_rollups', 'rollups'].includes(t.table)),
    resultsPerDay: 10_000 * 1440,
    keptPerDay: Math.round(10_000 * 1440 * (facts.keptPerDay / facts.resultsPerDay)),
    monitorsReporting: 10_000,
    routineBytesPerRow: facts.routineBytesPerRow,
    keptBytesPerRow: facts.keptBytesPerRow,
    retention,
  });
  for (const c of steady.costs) {
    console.log(
      `  10,000 monitors at 60 s, ${c.setting} = ${c.keeps / DAY} d: ${Math.round(c.rowsPerDay).toLocaleString('en-US')} rows a day → ${formatBytes(c.steadyBytes ?? 0)}`,
    );
  }
  console.log(
    `  steady state: ${formatBytes(steady.steadyBytes)} (${(steady.steadyBytes / 1e9).toFixed(2)} GB), growing ${formatBytes(steady.growthPerDay)} a day until full`,
  );
}

const dir = mkdtempSync(join(tmpdir(), 'tocsin-storage-'));
try {
  await measure('SQLite', `sqlite:${join(dir, 'bench.db')}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const postgresUrl = process.env.TOCSIN_BENCH_POSTGRES_URL ?? process.env.TOCSIN_TEST_POSTGRES_URL;
if (postgresUrl) {
  const schema = `tocsin_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  try {
    const url = new URL(postgresUrl);
    url.searchParams.set('schema', schema);
    await measure('PostgreSQL', url.toString());
  } finally {
    await admin.query(`drop schema ${schema} cascade`);
    await admin.end();
  }
} else {
  console.log('PostgreSQL skipped: set TOCSIN_BENCH_POSTGRES_URL (or TOCSIN_TEST_POSTGRES_URL)');
}
