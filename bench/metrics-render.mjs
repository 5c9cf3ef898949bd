// The cost of /metrics at N monitors (default 100,000), in three parts.
// 1. Render alone: CPU and wall time of a first render, of a render with nothing changed, and of one
//    after a twelfth of the monitors reported a result (a 5 s scrape at 60 s intervals), with the body size.
// 2. The whole scrape: the real route (api/app.ts's compression, registerMetrics) on 127.0.0.1, scraped
//    with gzip as Prometheus does: render, gzip and send, with the longest stretch the event loop was
//    held: the largest gap between ticks of a 1 ms timer, in wall time and in the main thread's own CPU
//    time (/proc schedstat: on a shared machine the wall gap is mostly waiting for a core), and
//    perf_hooks.monitorEventLoopDelay's max.
// 3. With UPTIME=1: the 24 h uptime count for /metrics over a seeded SQLite file of N monitors, on the
//    engine's thread 500 monitors at a time (as before) and on the worker thread (store/uptime-worker.ts),
//    with the same loop probes and the main thread's own CPU time. The file is kept
//    in UPTIME_DB (default /tmp/tocsin-bench-uptime-N.db) and reused.
// Usage: npx tsc -p tsconfig.build.json && [UPTIME=1|only] [ROUNDS=2] node bench/metrics-render.mjs [monitors]
import { existsSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { loadavg } from 'node:os';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { TocsinMetrics, registerMetrics } from '../dist/api/metrics.js';
import { buildApp } from '../dist/api/app.js';
import { silentLogger } from '../dist/lib/logger.js';
import { BucketCounts } from '../dist/lib/percentiles.js';

const count = Number(process.argv[2] ?? 100_000);
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
const monitors = Array.from({ length: count }, (_, i) => ({ id: `monitor-${i}`, type: 'http', name: `Monitor ${i}`, group: `group-${i % 50}` }));
const uptimes = new Map(monitors.map((m) => [m.id, 99.9]));
const metrics = new TocsinMetrics({
  now: () => Date.now(),
  token: () => undefined,
  monitors: () => monitors,
  status: () => 'up',
  uptime24h: async () => uptimes,
  engine: () => ({
    monitors: count,
    scheduled: count,
    checksCompleted: 0,
    checksMissed: 0,
    lastResultAt: undefined,
    running: 0,
    queued: 0,
    lag: { count: 0, p50: 0, p99: 0, max: 0 },
    lagBuckets: new BucketCounts([1, 10, 100, 1000]),
  }),
  outbox: () => ({ pending: 0, failing: [], failedAttempts: 0 }),
  channels: () => [],
});
const result = (latencyMs) => ({ status: 'up', latencyMs, timings: {}, message: 'ok' });

/**
 * On-CPU time of this process's main thread in ms (Linux schedstat, nanoseconds): a stretch measured
 * in it is what the loop itself ran, not the time the shared machine kept it waiting for a core.
 */
const SCHEDSTAT = `/proc/${process.pid}/task/${process.pid}/schedstat`;
const mainCpu = () => Number(readFileSync(SCHEDSTAT, 'utf8').split(' ')[0]) / 1e6;

/** Runs `work` with the loop probes on: wall, CPU of the process, the main thread's CPU, longest stretches (wall, and CPU of the main thread). */
async function probed(work) {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const cpuStarted = mainCpu();
  let last = started;
  let lastCpu = cpuStarted;
  let held = 0;
  let heldCpu = 0;
  const tick = () => {
    const now = performance.now();
    const cpuNow = mainCpu();
    held = Math.max(held, now - last);
    heldCpu = Math.max(heldCpu, cpuNow - lastCpu);
    last = now;
    lastCpu = cpuNow;
  };
  const ticker = setInterval(tick, 1);
  const value = await work();
  tick();
  const mainUsed = mainCpu() - cpuStarted;
  clearInterval(ticker);
  histogram.disable();
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { value, wall, cpu: (used.user + used.system) / 1000, mainCpu: mainUsed, held, heldCpu, delayMax: histogram.max / 1e6 };
}

const ms = (v, width = 5) => v.toFixed(0).padStart(width);
const fmt = (m) =>
  `cpu ${ms(m.cpu)} (main thread ${ms(m.mainCpu)}) ms  wall ${ms(m.wall)} ms  longest stretch ${ms(m.heldCpu, 3)} ms CPU, ${ms(m.held, 4)} ms wall (delay max ${ms(m.delayMax, 4)})`;

console.log(`monitors ${count}; load average ${load()}`);
const cpu0 = process.cpuUsage();
for (const m of monitors) metrics.observe({ monitorId: m.id, at: Date.now(), missed: 0, result: result(3) });
const observeCpu = process.cpuUsage(cpu0);
console.log(`observe: ${((observeCpu.user + observeCpu.system) / count).toFixed(1)} µs CPU per result`);

async function measureRender(label) {
  const m = await probed(() => metrics.render());
  const bytes = m.value.reduce((sum, chunk) => sum + Buffer.byteLength(chunk), 0);
  console.log(`render: ${label.padEnd(26)} ${fmt(m)}  body ${(bytes / 1e6).toFixed(1)} MB`);
}

const changeTwelfth = (latency) => {
  for (const m of monitors.slice(0, Math.ceil(count / 12))) metrics.observe({ monitorId: m.id, at: Date.now(), missed: 0, result: result(latency) });
};
// UPTIME=only skips parts 1 and 2.
if (process.env.UPTIME === 'only') {
  await uptimeCount();
  process.exit(0);
}
await measureRender('first render');
await measureRender('nothing changed');
changeTwelfth(4);
await measureRender('1/12 of monitors changed');
changeTwelfth(5);
await measureRender('1/12 again');

// 2. The whole scrape through the real route and compression, as Prometheus asks for it.
const app = buildApp({ logger: silentLogger(), health: () => ({ status: 'ok' }) });
registerMetrics(app, metrics);
const address = await app.listen({ host: '127.0.0.1', port: 0 });
const { port } = new URL(address);

function scrape() {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/metrics', headers: { 'accept-encoding': 'gzip' } }, (res) => {
      let bytes = 0;
      let firstByte;
      res.on('data', (d) => {
        firstByte ??= performance.now();
        bytes += d.length;
      });
      res.on('end', () => resolve({ status: res.statusCode, encoding: res.headers['content-encoding'], bytes, firstByte }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

for (let i = 0; i < 4; i++) {
  changeTwelfth(6 + i);
  const m = await probed(scrape);
  const { status, encoding, bytes } = m.value;
  console.log(`scrape ${i + 1} (1/12 changed)        ${fmt(m)}  ${status} ${encoding} ${(bytes / 1e6).toFixed(2)} MB on the wire`);
}
await app.close();

// 3. The 24 h uptime count, on this thread and on the worker.
if (process.env.UPTIME === '1') await uptimeCount();

async function uptimeCount() {
  const { openStore } = await import('../dist/store/open.js');
  const { migrate } = await import('../dist/store/migrate.js');
  const { insertResults } = await import('../dist/store/results.js');
  const { rollUp } = await import('../dist/store/rollups.js');
  const { uptimeCounts } = await import('../dist/store/uptime.js');
  const { uptimePercent } = await import('../dist/core/uptime.js');
  const { UptimeWorker } = await import('../dist/store/uptime-worker.js');
  const HOUR = 3_600_000;
  const file = process.env.UPTIME_DB ?? `/tmp/tocsin-bench-uptime-${count}.db`;
  const now = Math.floor(Date.now() / HOUR) * HOUR + 40 * 60_000;
  const fresh = !existsSync(file);
  const store = await openStore(`sqlite:${file}`);
  if (fresh) {
    await migrate(store.db);
    // One result a monitor every 30 min over 25 h, rolled up by the hour: a 24 h window reads 23 hours of
    // hourly rollups and the partial hours at either end from raw results.
    const seeded = performance.now();
    const start = now - 25 * HOUR;
    for (let at = start; at < now; at += HOUR / 2) {
      const rows = monitors.map((m, i) => ({
        monitorId: m.id,
        at: at + (i % 1800) * 1000,
        status: i % 7 === 0 ? 'down' : 'up',
        latencyMs: 3,
        message: 'ok',
        timings: {},
      }));
      for (let i = 0; i < rows.length; i += 10_000) await insertResults(store.db, rows.slice(i, i + 10_000));
    }
    await rollUp(store.db, now);
    console.log(`seeded ${file}: ${count} monitors × 50 results, rolled up, in ${((performance.now() - seeded) / 1000).toFixed(0)} s`);
  }
  const ids = monitors.map((m) => m.id);
  const [from, to] = [now - 24 * HOUR, now + 1];
  // As src/wiring/pipeline.ts counted before: 500 monitors a query batch, a turn of the loop between.
  const inThread = async () => {
    const percents = new Map();
    for (let i = 0; i < ids.length; i += 500) {
      if (i > 0) await new Promise((resolve) => setImmediate(resolve));
      for (const [id, c] of await uptimeCounts(store.db, ids.slice(i, i + 500), from, to)) percents.set(id, uptimePercent(c));
    }
    return percents;
  };
  // What the probes cost by themselves (a schedstat read each millisecond), to read the rows against.
  const idle = await probed(() => new Promise((resolve) => setTimeout(resolve, 5_000)));
  console.log(`probes alone, 5 s idle                 ${fmt(idle)}`);
  const worker = new UptimeWorker(file);
  for (let round = 1; round <= Number(process.env.ROUNDS ?? 2); round++) {
    const a = await probed(inThread);
    console.log(`uptime on the engine's thread (${round})  ${fmt(a)}`);
    const b = await probed(() => worker.percents(ids, from, to));
    console.log(`uptime on the worker (${round})           ${fmt(b)}`);
    let same = 0;
    for (const id of ids) if ((a.value.get(id) ?? null) === b.value.get(id)) same += 1;
    console.log(`  same figure for ${same} of ${ids.length} monitors`);
  }
  await worker.close();
  await store.close();
}

const mem = process.memoryUsage();
console.log(`heap used ${(mem.heapUsed / 1e6).toFixed(0)} MB, rss ${(mem.rss / 1e6).toFixed(0)} MB; load average ${load()}`);
