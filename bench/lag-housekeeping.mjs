// What housekeeping's rollups and pruning cost the engine's event loop at scale (issue 14: schedule
// lag p99 ≤ 250 ms at 100,000 monitors). Seeds a SQLite store with MONITORS monitors checked every
// minute for 66 minutes before an hour edge H, then runs, with a 5 ms timer measuring how long the
// loop goes without turning, the work housekeeping does on such a store at steady state:
//   - the minute rollup of the last 5 minutes (every run, every 5 minutes),
//   - the hourly rollup of the hour that just ended (once an hour),
//   - pruning about 5 minutes of routine successes past retention.successes, with the minute rows
//     written for them first (every run once the store is a day old; here successes: 1h).
// The daily rollup (once a day, 1,440 results a monitor at 60 s) is sliced the same way and is not
// seeded here. DIST=<dir> runs another build (default ../dist), e.g. one of the commit before.
//
//   MONITORS=100000 node bench/lag-housekeeping.mjs
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';

const MONITORS = Number(process.env.MONITORS ?? 100_000);
const dist = pathToFileURL(resolve(process.env.DIST ?? new URL('../dist', import.meta.url).pathname)).href;
const { openStore } = await import(`${dist}/store/open.js`);
const { migrate } = await import(`${dist}/store/migrate.js`);
const { setMeta } = await import(`${dist}/store/meta.js`);
const { rollUp } = await import(`${dist}/store/rollups.js`);
const { prune, SUCCESSES_PRUNED_KEY } = await import(`${dist}/store/retention.js`);

const MINUTE = 60_000;
const H = Date.UTC(2026, 11, 1, 10); // 10:00 UTC: an hour edge, not a day edge
const NOW = H + MINUTE + 1_000;
const dir = mkdtempSync(join(tmpdir(), 'tocsin-lag-hk-'));
const store = await openStore(`sqlite:${join(dir, 'tocsin.db')}`);
const db = store.db;
await migrate(db);

const seedStarted = performance.now();
await sql`with recursive k(n) as (select 1 union all select n + 1 from k where n < ${MONITORS})
  insert into monitor_keys (monitor_key, monitor_id) select n, 'm' || n from k`.execute(db);
// One result a minute each, spread over the minute by key; latencies vary so percentiles are real.
await sql`with recursive t(m) as (select -66 union all select m + 1 from t where m < 0)
  insert into results (monitor_key, at, code, latency_us, detail, location_key)
  select k.monitor_key, ${H} + t.m * ${MINUTE} + (k.monitor_key * 7919) % ${MINUTE}, 0,
    1000 + (k.monitor_key * 31 + (t.m + 66) * 17) % 9000, null, 0
  from t, monitor_keys k`.execute(db);
const rows = Number((await sql`select count(*) as n from results`.execute(db)).rows[0].n);
console.log(`${MONITORS} monitors, ${rows} results seeded in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s (${dist})`);

/**
 * Runs `work` with a 5 ms timer beside it: wall time, the longest stretch the timer was held, and the
 * most CPU this process used in one such stretch (on a loaded machine the wall time of a stretch is
 * mostly waiting for a core; its CPU is what the work itself held the thread for).
 */
async function measure(name, work) {
  const TICK = 5;
  let last = performance.now();
  let lastCpu = process.cpuUsage();
  let longest = 0;
  let longestCpu = 0;
  let over50 = 0;
  const gap = () => {
    const now = performance.now();
    const stall = now - last - TICK;
    const cpu = process.cpuUsage(lastCpu);
    if (stall > 50) over50 += 1;
    longest = Math.max(longest, stall);
    longestCpu = Math.max(longestCpu, (cpu.user + cpu.system) / 1000);
    last = now;
    lastCpu = process.cpuUsage();
  };
  const timer = setInterval(gap, TICK);
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = await work();
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  gap();
  clearInterval(timer);
  const row = {
    step: name,
    wall_ms: Math.round(wall),
    cpu_ms: Math.round((used.user + used.system) / 1000),
    longest_stall_ms: Math.round(longest),
    longest_stall_cpu_ms: Math.round(longestCpu),
    stalls_over_50ms: over50,
    result: JSON.stringify(result),
  };
  console.log(row);
  return row;
}

const table = [];
await setMeta(db, 'rollups.minute.watermark', String(H - 5 * MINUTE));
await setMeta(db, 'rollups.hour.watermark', String(H));
await setMeta(db, 'rollups.day.watermark', String(H));
table.push(await measure('minute rollup, last 5 minutes', () => rollUp(db, NOW, { settleMs: MINUTE })));
await setMeta(db, 'rollups.hour.watermark', String(H - 60 * MINUTE));
table.push(await measure('hourly rollup, the hour just ended', () => rollUp(db, NOW, { settleMs: MINUTE })));
await setMeta(db, SUCCESSES_PRUNED_KEY, String(H - 66 * MINUTE));
table.push(
  await measure('prune ~6 minutes of routine successes (minute rows written first)', () =>
    prune(db, NOW, { rawMs: 14 * 86_400_000, successesMs: 60 * MINUTE, minuteMs: 2 * 86_400_000, rollupsMs: 400 * 86_400_000 }),
  ),
);
console.log(
  `\nload average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ')}`,
);
console.log('| step | wall | CPU | longest stall (wall) | most CPU in one stall | stalls > 50 ms |');
console.log('|---|---|---|---|---|---|');
for (const r of table)
  console.log(`| ${r.step} | ${r.wall_ms} ms | ${r.cpu_ms} ms | ${r.longest_stall_ms} ms | ${r.longest_stall_cpu_ms} ms | ${r.stalls_over_50ms} |`);
await store.close();
rmSync(dir, { recursive: true, force: true });
