// npm run bench:storage — bytes per stored result (routine successes and failures apart), per minute
// rollup and per hourly/daily rollup, on SQLite and (when TOCSIN_BENCH_POSTGRES_URL or
// TOCSIN_TEST_POSTGRES_URL names a server) PostgreSQL, measured with the same catalogue queries as
// `tocsin storage`; then the steady-state size of 10,000 monitors at 60 s under the default retention.
// Results are written as the engine writes them: one batch per interval through insertResults, so the
// compact row's rule (words only when they change) sees what it would see live.
// Env: MONITORS (1000), MINUTES (360), FAILURE_EVERY (100: one monitor-minute in 100 fails, in runs of 3).
// On PostgreSQL it then writes BLOAT_RATE results a second (1000) for BLOAT_SECONDS (120) through the
// engine's writers (results, then monitor_state, in one transaction per 100 ms batch, as
// services/record-results.ts does) with the server's autovacuum running, and reports each table's
// size, dead tuples and share of HOT updates at the start and the end: does anything bloat faster
// than it is reclaimed? 10,000 monitors, each checked every 10 s.
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
import { prune } from '../dist/store/retention.js';
import { rollUp } from '../dist/store/rollups.js';
import { upsertStates } from '../dist/store/state.js';
import { storeFacts } from '../dist/store/table-sizes.js';
import { inTransaction } from '../dist/store/tx.js';

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
  const measured = await storeFacts(store, now);
  // At 60 s each minute holds one result and has no minute row until that result is pruned
  // (store/rollups.ts): prune routine results older than an hour, as retention.successes would, so
  // their minutes get rows to measure. Only what is rolled up is pruned (up to the UTC midnight crossed).
  await prune(store.db, now, { rawMs: 30 * DAY, successesMs: 3_600_000, minuteMs: 30 * DAY, rollupsMs: 400 * DAY });
  if (store.dialect === 'postgres') await sql`vacuum analyze`.execute(store.db);
  const afterPrune = await storeFacts(store, now);
  await store.close();
  const facts = {
    ...measured,
    minuteSlots: afterPrune.minuteSlots,
    minutePackedBytes: afterPrune.minutePackedBytes,
    tables: measured.tables.map((t) => (t.table === 'minute_rollups' ? afterPrune.tables.find((a) => a.table === t.table) : t)),
  };
  const table = (name) => facts.tables.find((t) => t.table === name);
  const perRow = (name) => (table(name)?.rows ? table(name).bytes / table(name).rows : undefined);
  const round = (n) => (n === undefined ? 'n/a' : n.toFixed(1));
  const results = table('results');
  console.log(
    `${label}: ${results.rows.toLocaleString('en-US')} results written in ${(writeMs / 1000).toFixed(1)} s ` +
      `(${Math.round((results.rows / writeMs) * 1000).toLocaleString('en-US')}/s); ${round(perRow('results'))} bytes a result on average, indexes included: ` +
      `routine ${round(facts.routineBytesPerRow)}, failure or change ${round(facts.keptBytesPerRow)} ` +
      `(${((facts.keptPerDay / facts.resultsPerDay) * 100).toFixed(2)} % of rows); minute rollup ${round(steadySlot(facts, 2))} a minute (packed an hour to a row); ` +
      `hourly rollup ${round(steadySlot(facts, 3))} an hour (packed a day to a row: ${round(facts.hourlyPackedBytes / Math.max(1, facts.hourlyHours))} of data an hour, ` +
      `${round((table('hourly_rollups').bytes - facts.hourlyPackedBytes) / table('hourly_rollups').rows)} a row besides); daily rollup ${round(perRow('rollups'))}; monitor key ${round(perRow('monitor_keys'))}; ` +
      `${((facts.singleMinutesPerDay / Math.max(1, facts.minutesPerDay)) * 100).toFixed(1)} % of monitor-minutes hold one result (no minute row while it is stored)`,
  );
  // 10,000 monitors at 60 s: 14.4 M results a day, failures and changes in the proportion measured here.
  const retention = configSchema.parse({}).retention;
  const steady = storageCost({
    tables: facts.tables.filter((t) => ['results', 'minute_rollups', 'rollups', 'hourly_rollups'].includes(t.table)),
    hourlyHours: facts.hourlyHours,
    hourlyPackedBytes: facts.hourlyPackedBytes,
    minuteSlots: facts.minuteSlots,
    minutePackedBytes: facts.minutePackedBytes,
    resultsPerDay: 10_000 * 1440,
    keptPerDay: Math.round(10_000 * 1440 * (facts.keptPerDay / facts.resultsPerDay)),
    monitorsReporting: 10_000,
    minutesPerDay: 10_000 * 1440,
    singleMinutesPerDay: Math.round(10_000 * 1440 * (facts.singleMinutesPerDay / Math.max(1, facts.minutesPerDay))),
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

/** Bytes a minute or an hour of a full packed row (costs[2] minutes, [3] hours), as `tocsin storage` prices them. */
function steadySlot(facts, index) {
  return storageCost({ ...facts, resultsPerDay: 0, monitorsReporting: 1, retention: { raw: DAY, rollups: DAY } }).costs[index].bytesPerRow;
}

const BLOAT_RATE = Number(process.env.BLOAT_RATE ?? 1000);
const BLOAT_SECONDS = Number(process.env.BLOAT_SECONDS ?? 120);
const BLOAT_MONITORS = 10_000;

async function bloat(url, schema) {
  const store = await openStore(url);
  const tables = ['results', 'monitor_state', 'monitor_keys', 'alert_state'];
  const stats = async () => {
    const { rows } = await sql`
      select relname as table, pg_total_relation_size(relid) as bytes, n_live_tup as live, n_dead_tup as dead, n_tup_upd as updates,
        n_tup_hot_upd as hot, autovacuum_count as autovacuums
      from pg_stat_user_tables where schemaname = ${schema} and relname in (${sql.join(tables)}) order by relname`.execute(store.db);
    return rows;
  };
  let at = Date.now();
  let sent = 0;
  const started = performance.now();
  const before = await stats();
  const perBatch = BLOAT_RATE / 10;
  let snapshots = [];
  for (let tick = 0; performance.now() - started < BLOAT_SECONDS * 1000; tick++) {
    const due = started + tick * 100;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    at += 100;
    const results = [];
    for (let i = 0; i < perBatch; i++, sent++) {
      const m = sent % BLOAT_MONITORS;
      const latency = 3 + (sent % 300) / 100;
      results.push({
        monitorId: `m-${m}`,
        at: at + i,
        status: 'up',
        latencyMs: latency,
        message: `HTTP 200 in ${Math.round(latency)} ms`,
        timings: { total: latency },
      });
    }
    await inTransaction(store.db, async (trx) => {
      await insertResults(trx, results);
      await upsertStates(
        trx,
        results.map((r) => ({
          monitorId: r.monitorId,
          status: 'up',
          since: 0,
          lastAt: r.at,
          lastStatus: 'up',
          lastMessage: r.message,
          lastLatencyMs: r.latencyMs,
          updatedAt: r.at,
        })),
      );
    });
    if (tick % 300 === 299) snapshots.push({ seconds: Math.round((performance.now() - started) / 1000), stats: await stats() });
  }
  const seconds = (performance.now() - started) / 1000;
  const after = await stats();
  const autovacuum = (await sql`select current_setting('autovacuum') as on, current_setting('autovacuum_naptime') as naptime`.execute(store.db)).rows[0];
  console.log(
    `PostgreSQL bloat: ${sent.toLocaleString('en-US')} results and state updates in ${seconds.toFixed(0)} s (${Math.round(sent / seconds)}/s), ` +
      `${BLOAT_MONITORS.toLocaleString('en-US')} monitors; server autovacuum ${autovacuum.on} (naptime ${autovacuum.naptime})`,
  );
  const line = (r) =>
    `${r.table}: ${formatBytes(Number(r.bytes))}, ${Number(r.live).toLocaleString('en-US')} live, ${Number(r.dead).toLocaleString('en-US')} dead, ` +
    `${Number(r.updates) > 0 ? `${((Number(r.hot) / Number(r.updates)) * 100).toFixed(1)} % of ${Number(r.updates).toLocaleString('en-US')} updates HOT, ` : ''}${r.autovacuums} autovacuums`;
  for (const r of before) console.log(`  start  ${line(r)}`);
  for (const snap of snapshots)
    for (const r of snap.stats.filter((x) => x.table === 'monitor_state')) console.log(`  ${String(snap.seconds).padStart(4)} s ${line(r)}`);
  for (const r of after) console.log(`  end    ${line(r)}`);
  await store.close();
}

// ONLY=postgres or ONLY=sqlite measures one dialect.
const dir = mkdtempSync(join(tmpdir(), 'tocsin-storage-'));
try {
  if (process.env.ONLY !== 'postgres') await measure('SQLite', `sqlite:${join(dir, 'bench.db')}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const postgresUrl = process.env.ONLY === 'sqlite' ? undefined : (process.env.TOCSIN_BENCH_POSTGRES_URL ?? process.env.TOCSIN_TEST_POSTGRES_URL);
if (postgresUrl) {
  const schema = `tocsin_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  try {
    const url = new URL(postgresUrl);
    url.searchParams.set('schema', schema);
    await measure('PostgreSQL', url.toString());
    if (Number(process.env.BLOAT_SECONDS ?? 120) > 0) await bloat(url.toString(), schema);
  } finally {
    await admin.query(`drop schema ${schema} cascade`);
    await admin.end();
  }
} else {
  console.log('PostgreSQL skipped: set TOCSIN_BENCH_POSTGRES_URL (or TOCSIN_TEST_POSTGRES_URL)');
}
