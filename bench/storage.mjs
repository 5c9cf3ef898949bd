// npm run bench:storage — bytes per stored result and rollup row, on SQLite and (when
// TOCSIN_BENCH_POSTGRES_URL or TOCSIN_TEST_POSTGRES_URL names a server) PostgreSQL, measured with the
// same catalogue queries as `tocsin storage`; then the steady-state size of 10,000 monitors at 60 s
// under the default retention. Env: MONITORS (1000), RESULTS_PER_MONITOR (200).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { formatBytes, storageCost } from '../dist/core/storage-cost.js';
import { migrate } from '../dist/store/migrate.js';
import { openStore } from '../dist/store/open.js';
import { insertResults } from '../dist/store/results.js';
import { rollUp } from '../dist/store/rollups.js';
import { storeFacts } from '../dist/store/table-sizes.js';

const MONITORS = Number(process.env.MONITORS ?? 1000);
const PER_MONITOR = Number(process.env.RESULTS_PER_MONITOR ?? 200);
const DAY = 86_400_000;
const now = Math.floor(Date.now() / 3_600_000) * 3_600_000;

/** Results as an HTTP monitor writes them: mostly up, a failure now and then, timings by phase. */
function results() {
  const rows = [];
  for (let i = 0; i < PER_MONITOR; i++) {
    for (let m = 0; m < MONITORS; m++) {
      const at = now - (PER_MONITOR - i) * 60_000 + m * 7;
      const up = (i * MONITORS + m) % 97 !== 0;
      const latency = 3 + ((i + m) % 40) / 10;
      rows.push({
        monitorId: `web-${m}`,
        at,
        status: up ? 'up' : 'down',
        latencyMs: latency,
        message: up ? `HTTP 200 in ${Math.round(latency)} ms` : 'connect timed out after 10 s to 10.0.3.17:443',
        timings: up ? { dns: 0.4, connect: 1.1, firstByte: latency - 1, total: latency } : { connect: 10_000, total: 10_000 },
        metrics: up ? { http_status: 200 } : null,
      });
    }
  }
  return rows;
}

async function measure(label, url) {
  const store = await openStore(url);
  await migrate(store.db);
  const rows = results();
  for (let i = 0; i < rows.length; i += 10_000) await insertResults(store.db, rows.slice(i, i + 10_000));
  await rollUp(store.db, now);
  if (store.dialect === 'postgres') await (await import('kysely')).sql`analyze`.execute(store.db);
  const facts = await storeFacts(store, now);
  await store.close();
  const table = (name) => facts.tables.find((t) => t.table === name);
  const perRow = (name) => (table(name)?.rows ? table(name).bytes / table(name).rows : undefined);
  console.log(
    `${label}: ${facts.tables.find((t) => t.table === 'results').rows.toLocaleString('en-US')} results, ${Math.round(perRow('results'))} bytes each (indexes included); rollups ${perRow('rollups') ? `${Math.round(perRow('rollups'))} bytes each` : 'none rolled up'}`,
  );
  // 10,000 monitors at 60 s: 14.4 M results a day; defaults from src/schema/system.ts.
  const steady = storageCost({
    tables: facts.tables,
    resultsPerDay: 10_000 * 1440,
    monitorsReporting: 10_000,
    retention: { raw: 14 * DAY, rollups: 400 * DAY, hourly: 90 * DAY },
  });
  for (const c of steady.costs)
    console.log(`  10,000 monitors at 60 s, ${c.setting} ${c.keeps / DAY} d: ${c.steadyBytes === undefined ? 'unknown' : formatBytes(c.steadyBytes)}`);
  console.log(`  steady state: ${steady.steadyBytes === undefined ? 'unknown' : formatBytes(steady.steadyBytes)}`);
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
