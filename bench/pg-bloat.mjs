// npm run bench:pg-bloat — does any PostgreSQL table bloat faster than autovacuum reclaims it?
// Writes RATE results a second (1000) for MINUTES (60) through the engine's own transaction
// (services/record-results.ts persistBatch: results, monitor_state and alert_state together, one
// batch every 250 ms as the result writer flushes), for MONITORS monitors (10,000, so each is checked
// every 10 s), with the real housekeeping (rollUp, then prune) every HOUSEKEEP_SECONDS (300, as the
// engine). Retention is short (RETAIN_MINUTES of routine results and minute rollups, 10), so within
// the run the results table reaches its steady state: as many rows deleted as inserted, which is
// what a full 1-day window does at the same rate. prune() keeps raw results until the hour and day
// they fall in are rolled up; a 60-minute run never completes a day, so the bench moves the hourly and
// daily watermarks up to the minute one before each prune (hours and days are not rolled up here, but
// for the odd partial hour at an hour's edge). Since migration 0039 minutes are packed one row per
// monitor-hour (minute_rollups) and hours one per monitor-day (hourly_rollups): each rollUp rewrites
// the current hour's row of every monitor (an update, so watch its HOT share and dead tuples), and a
// row is pruned whole once its last minute is past retention, so minute_rollups stops growing only
// from about an hour plus RETAIN_MINUTES into the run, later than the steady point printed at the end.
// Every SAMPLE_SECONDS (60) it prints each table's size (indexes and TOAST included), live and dead
// tuples, share of HOT updates, autovacuum runs, and the load average.
//
// Env: TOCSIN_BENCH_POSTGRES_URL (or TOCSIN_TEST_POSTGRES_URL). The server's autovacuum must be on:
// with `autovacuum = off` no per-table setting starts it; run a scratch cluster for this bench then
// (initdb, `autovacuum = on`). OUT=file.json writes every sample.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { sql } from 'kysely';
import pg from 'pg';
import { initialState } from '../dist/core/alert/state.js';
import { formatBytes } from '../dist/core/storage-cost.js';
import { persistBatch } from '../dist/services/record-results.js';
import { migrate } from '../dist/store/migrate.js';
import { openStore } from '../dist/store/open.js';
import { setMeta } from '../dist/store/meta.js';
import { prune } from '../dist/store/retention.js';
import { rollUp, rollupWatermark } from '../dist/store/rollups.js';

const RATE = Number(process.env.RATE ?? 1000);
const MINUTES = Number(process.env.MINUTES ?? 60);
const MONITORS = Number(process.env.MONITORS ?? 10_000);
const HOUSEKEEP_SECONDS = Number(process.env.HOUSEKEEP_SECONDS ?? 300);
const SAMPLE_SECONDS = Number(process.env.SAMPLE_SECONDS ?? 60);
const RETAIN_MS = Number(process.env.RETAIN_MINUTES ?? 10) * 60_000;
const FLUSH_MS = 250;
const TABLES = ['results', 'minute_rollups', 'hourly_rollups', 'rollups', 'monitor_keys', 'monitor_state', 'alert_state', 'meta'];

const url = process.env.TOCSIN_BENCH_POSTGRES_URL ?? process.env.TOCSIN_TEST_POSTGRES_URL;
if (!url) {
  console.log('set TOCSIN_BENCH_POSTGRES_URL (or TOCSIN_TEST_POSTGRES_URL) to a PostgreSQL server with autovacuum on');
  process.exit(2);
}

const schema = `tocsin_bloat_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: url });
await admin.connect();
await admin.query(`create schema ${schema}`);
const storeUrl = new URL(url);
storeUrl.searchParams.set('schema', schema);
const store = await openStore(storeUrl.toString());

/** Each monitor fails for three checks in a row once in every 100 of its checks: state changes, alert state changes. */
function failing(monitor, round) {
  return (round + monitor) % 100 < 3;
}

const alerts = new Map();
function alertState(monitorId, status, message, at) {
  const state = alerts.get(monitorId) ?? { ...initialState(), status: 'up', since: at - 3_600_000, episodeFrom: 'up' };
  const down = status === 'down';
  const next = {
    ...state,
    message,
    lastResult: { status, message, at },
    streaks: {
      up: down ? 0 : state.streaks.up + 1,
      notUp: down ? state.streaks.notUp + 1 : 0,
      down: down ? state.streaks.down + 1 : 0,
      notDown: down ? 0 : state.streaks.notDown + 1,
      unknown: 0,
    },
    recent: [...state.recent, status].slice(-3),
  };
  if (down && next.streaks.down === 2 && state.status === 'up')
    Object.assign(next, { status: 'down', since: at, episode: state.episode + 1, episodeSince: at });
  if (!down && next.streaks.up === 1 && state.status === 'down') Object.assign(next, { status: 'up', since: at });
  alerts.set(monitorId, next);
  return next;
}

async function stats() {
  const { rows } = await sql`
    select relname as table, pg_total_relation_size(relid) as bytes, n_live_tup as live, n_dead_tup as dead, n_tup_upd as updates,
      n_tup_hot_upd as hot, n_tup_del as deletes, autovacuum_count as autovacuums
    from pg_stat_user_tables where schemaname = ${schema} and relname in (${sql.join(TABLES)}) order by relname`.execute(store.db);
  return rows.map((r) => ({
    table: r.table,
    bytes: Number(r.bytes),
    live: Number(r.live),
    dead: Number(r.dead),
    updates: Number(r.updates),
    hot: Number(r.hot),
    deletes: Number(r.deletes),
    autovacuums: Number(r.autovacuums),
  }));
}

const line = (r) =>
  `${r.table.padEnd(14)} ${formatBytes(r.bytes).padStart(9)}  live ${r.live.toLocaleString('en-US').padStart(9)}  dead ${r.dead.toLocaleString('en-US').padStart(9)}` +
  `${r.updates > 0 ? `  HOT ${((r.hot / r.updates) * 100).toFixed(1).padStart(5)} % of ${r.updates.toLocaleString('en-US')} updates` : ''}` +
  `${r.deletes > 0 ? `  ${r.deletes.toLocaleString('en-US')} deleted` : ''}  ${r.autovacuums} autovacuums`;

const persist = persistBatch(store.db);
const samples = [];
try {
  await migrate(store.db);
  const settings = (
    await sql`select current_setting('autovacuum') as on, current_setting('autovacuum_naptime') as naptime, version() as version`.execute(store.db)
  ).rows[0];
  console.log(
    `pg-bloat: ${RATE}/s for ${MINUTES} min, ${MONITORS.toLocaleString('en-US')} monitors, housekeeping every ${HOUSEKEEP_SECONDS} s keeping ` +
      `${RETAIN_MS / 60_000} min; autovacuum ${settings.on} (naptime ${settings.naptime}); ${settings.version.split(' on ')[0]}`,
  );
  if (settings.on !== 'on')
    console.log('WARNING: autovacuum is off on this server, so nothing is reclaimed but by HOT pruning: the figures below are not a steady state');

  let housekeeping = Promise.resolve();
  let housekeepingMs = 0;
  const housekeep = async () => {
    const started = performance.now();
    const now = Date.now();
    await rollUp(store.db, now, { settleMs: 60_000 });
    const minute = await rollupWatermark(store.db, 'minute');
    if (minute !== undefined) for (const grain of ['hour', 'day']) await setMeta(store.db, `rollups.${grain}.watermark`, String(minute));
    await prune(store.db, now, { rawMs: RETAIN_MS * 2, successesMs: RETAIN_MS, minuteMs: RETAIN_MS, rollupsMs: 400 * 86_400_000 });
    housekeepingMs = Math.max(housekeepingMs, performance.now() - started);
  };

  const started = performance.now();
  const perBatch = Math.max(1, Math.round((RATE * FLUSH_MS) / 1000));
  let sent = 0;
  let writeMs = 0;
  let behind = 0;
  let nextHousekeeping = HOUSEKEEP_SECONDS * 1000;
  let nextSample = 0;
  for (let tick = 0; ; tick++) {
    const due = tick * FLUSH_MS;
    if (due >= MINUTES * 60_000) break;
    const wait = started + due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    else behind++;
    if (due >= nextSample) {
      const elapsed = Math.round((performance.now() - started) / 1000);
      const sample = { seconds: elapsed, load: loadavg()[0], sent, tables: await stats() };
      samples.push(sample);
      console.log(`--- ${elapsed} s, ${sent.toLocaleString('en-US')} results, load ${sample.load.toFixed(2)}`);
      for (const r of sample.tables) console.log(`  ${line(r)}`);
      nextSample += SAMPLE_SECONDS * 1000;
    }
    if (due >= nextHousekeeping) {
      // Its own timer in the engine: writes go on while it runs.
      housekeeping = housekeeping.then(housekeep).catch((error) => console.log(`housekeeping failed: ${error.message}`));
      nextHousekeeping += HOUSEKEEP_SECONDS * 1000;
    }
    const at = Date.now();
    const batch = { results: [], states: [], alerts: [], notifications: [], acks: [], audit: [] };
    for (let i = 0; i < perBatch; i++, sent++) {
      const m = sent % MONITORS;
      const round = Math.floor(sent / MONITORS);
      const monitorId = `bloat-${m}`;
      const down = failing(m, round);
      const latencyMs = down ? 10_000 : 3 + ((sent * 7) % 400) / 100;
      const message = down ? 'connect timed out after 10 s to 10.0.3.17:443' : `HTTP 200 in ${Math.round(latencyMs)} ms`;
      const result = {
        status: down ? 'down' : 'up',
        latencyMs,
        message,
        timings: down ? { dns: 0.4, connect: 10_000, total: 10_000 } : { dns: 0.4, connect: 1.1, tls: 1.3, firstByte: latencyMs - 2.9, total: latencyMs },
        metrics: down ? undefined : { http_status: 200, body_bytes: 5120 },
      };
      batch.results.push({ monitorId, at: at + (i % FLUSH_MS), result, missed: 0 });
      const alert = alertState(monitorId, result.status, message, at);
      batch.states.push({
        monitorId,
        status: alert.status,
        since: alert.since ?? at,
        lastAt: at,
        lastStatus: result.status,
        lastMessage: message,
        lastLatencyMs: latencyMs,
        confirming: null,
      });
      batch.alerts.push({ monitorId, state: alert, updatedAt: at });
    }
    const t = performance.now();
    await persist(batch);
    writeMs += performance.now() - t;
  }
  await housekeeping;
  const seconds = (performance.now() - started) / 1000;
  const end = { seconds: Math.round(seconds), load: loadavg()[0], sent, tables: await stats() };
  samples.push(end);
  console.log(
    `=== ${sent.toLocaleString('en-US')} results in ${seconds.toFixed(0)} s (${Math.round(sent / seconds)}/s); ` +
      `mean write ${(writeMs / Math.max(1, samples.length && sent / perBatch)).toFixed(1)} ms a ${perBatch}-result batch, ${behind} batches started late; ` +
      `slowest housekeeping ${(housekeepingMs / 1000).toFixed(1)} s`,
  );
  // After the first retention window plus a housekeeping round, deletes keep pace with inserts: from there on, a table that is not bloating stays its size.
  const steadyFrom = samples.find((s) => s.seconds * 1000 >= RETAIN_MS * 2 + HOUSEKEEP_SECONDS * 1000) ?? samples[0];
  console.log(`per table, from ${steadyFrom.seconds} s (steady) to the end: size, dead tuples (max over samples, at the end)`);
  for (const r of end.tables) {
    const from = steadyFrom.tables.find((x) => x.table === r.table);
    const deadMax = Math.max(...samples.map((s) => s.tables.find((x) => x.table === r.table)?.dead ?? 0));
    console.log(
      `  ${r.table.padEnd(14)} ${formatBytes(from?.bytes ?? 0).padStart(9)} → ${formatBytes(r.bytes).padStart(9)}` +
        `  dead max ${deadMax.toLocaleString('en-US')}, end ${r.dead.toLocaleString('en-US')}` +
        `${r.updates > 0 ? `, ${((r.hot / r.updates) * 100).toFixed(1)} % HOT` : ''}, ${r.autovacuums} autovacuums`,
    );
  }
  if (process.env.OUT) writeFileSync(process.env.OUT, JSON.stringify({ rate: RATE, minutes: MINUTES, monitors: MONITORS, settings, samples }, null, 1));
} finally {
  await store.close();
  await admin.query(`drop schema ${schema} cascade`);
  await admin.end();
}
