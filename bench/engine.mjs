// npm run bench:engine — N HTTP monitors against a local no-keep-alive target, through the scheduler,
// the checks and the result writer ONLY: no supervisor, alerting, state tables, HTTP server or
// /metrics. A lower bound, not the cost of `tocsin start`; bench/scale.mjs measures the real process.
// Env: MONITORS (10000), INTERVAL_MS (10000), DURATION_S (60), RAMP (1: run the
// capacity ramp), STORE (sqlite file; results really are written).
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../dist/engine/engine.js';
import { ResultWriter } from '../dist/engine/result-writer.js';
import { StateTracker } from '../dist/engine/state-tracker.js';
import { runMonitorCheck, isPolled } from '../dist/checks/registry.js';
import { persistBatch } from '../dist/services/record-results.js';
import { openStore } from '../dist/store/open.js';
import { migrate } from '../dist/store/migrate.js';
import { silentLogger } from '../dist/lib/logger.js';
import { systemClock } from '../dist/lib/clock.js';

const MONITORS = Number(process.env.MONITORS ?? 10_000);
const INTERVAL = Number(process.env.INTERVAL_MS ?? 10_000);
const DURATION = Number(process.env.DURATION_S ?? 60) * 1000;
const RAMP = process.env.RAMP !== '0';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const target = fork(new URL('./target.mjs', import.meta.url), { stdio: 'inherit' });
const { port } = await new Promise((resolve) => target.once('message', resolve));
const dir = mkdtempSync(join(tmpdir(), 'tocsin-bench-'));
const store = await openStore(`sqlite:${join(dir, 'bench.db')}`);
await migrate(store.db);

function monitors(count, interval, prefix) {
  return Array.from({ length: count }, (_, i) => ({
    id: `${prefix}-${i}`,
    name: `${prefix} ${i}`,
    type: 'http',
    interval,
    timeout: Math.min(5000, interval),
    paused: false,
    tags: [],
    depends_on: [],
    alert: { down_after: 2, up_after: 1 },
    settings: { url: `http://127.0.0.1:${port}/m/${i}`, method: 'GET', headers: {}, follow_redirects: false, max_redirects: 0, verify_tls: true, expect: {} },
  }));
}

function makeEngine() {
  const logger = silentLogger();
  const tracker = new StateTracker(logger);
  const writer = new ResultWriter(persistBatch(store.db), logger);
  let failures = 0;
  const latencies = [];
  const engine = new Engine({
    clock: systemClock,
    logger,
    runCheck: runMonitorCheck,
    isPolled,
    record: (r) => {
      if (r.result.status !== 'up') failures++;
      if (latencies.length < 200_000) latencies.push(r.result.latencyMs);
      writer.add(r, tracker.apply(r));
    },
  });
  return { engine, writer, failures: () => failures, latencies };
}

async function targetCpu() {
  target.send('cpu');
  const { cpu } = await new Promise((resolve) => target.once('message', resolve));
  return (cpu.user + cpu.system) / 1000;
}

/** Runs `count` monitors at `interval` for `ms` after a warm-up; returns the figures. */
async function measure(count, interval, ms, warmup) {
  const { engine, writer, failures, latencies } = makeEngine();
  engine.setMonitors(monitors(count, interval, `m${count}`));
  engine.start();
  writer.start();
  await sleep(warmup);
  engine.resetLag();
  latencies.length = 0;
  const before = { checks: engine.stats().checksCompleted, cpu: process.cpuUsage(), wall: performance.now(), target: await targetCpu(), failures: failures() };
  let rss = 0;
  const sampler = setInterval(() => (rss = Math.max(rss, process.memoryUsage().rss)), 500);
  await sleep(ms);
  clearInterval(sampler);
  const cpu = process.cpuUsage(before.cpu);
  const wall = performance.now() - before.wall;
  const stats = engine.stats();
  const checks = stats.checksCompleted - before.checks;
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const targetMs = (await targetCpu()) - before.target;
  engine.stop();
  await engine.drain(10_000);
  await writer.stop();
  return {
    monitors: count,
    interval_ms: interval,
    seconds: +(wall / 1000).toFixed(1),
    checks,
    checks_per_s: +(checks / (wall / 1000)).toFixed(1),
    failed: failures() - before.failures,
    lag_p50_ms: +stats.lag.p50.toFixed(1),
    lag_p99_ms: +stats.lag.p99.toFixed(1),
    lag_max_ms: +stats.lag.max.toFixed(1),
    cpu_percent: +((cpuMs / wall) * 100).toFixed(1),
    cpu_ms_per_check: +(cpuMs / checks).toFixed(3),
    target_cpu_ms_per_check: +(targetMs / checks).toFixed(3),
    rss_mb: Math.round(rss / 1e6),
    missed: stats.checksMissed,
    check_ms_p50: +nearestRank(latencies, 50).toFixed(1),
    check_ms_p99: +nearestRank(latencies, 99).toFixed(1),
  };
}

function nearestRank(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] : 0;
}

console.log(`tocsin engine benchmark — ${cpus().length} cores (${cpus()[0]?.model}), Node ${process.version}`);
const main = await measure(MONITORS, INTERVAL, DURATION, Math.min(INTERVAL, 10_000));
console.log('\nsteady state:');
console.table([main]);
const verdict = main.checks_per_s >= 1000 * (MONITORS / 10_000) * (10_000 / INTERVAL) * 0.98 && main.lag_p99_ms <= 250 && main.rss_mb <= 400;
console.log(`targets (≥ 1,000 checks/s, p99 lag ≤ 250 ms, RSS ≤ 400 MB): ${verdict ? 'met' : 'NOT met'}`);

if (RAMP) {
  // Lag depends on the check rate, not on how the rate is made up: N monitors at
  // 60 s = N/60 checks/s. Step the rate up with 10 s intervals until p99 lag passes 1 s.
  const rows = [];
  let best = 0;
  for (let rate = 1100; rate <= 4000; rate += 100) {
    const row = await measure(rate * 10, 10_000, 20_000, 10_000);
    rows.push({ rate, ...row });
    if (row.lag_p99_ms > 1000 || row.checks_per_s < rate * 0.95) break;
    best = rate;
  }
  console.log('\ncapacity ramp (10 s intervals):');
  console.table(
    rows.map(({ rate, checks_per_s, lag_p50_ms, lag_p99_ms, cpu_percent, rss_mb }) => ({ rate, checks_per_s, lag_p50_ms, lag_p99_ms, cpu_percent, rss_mb })),
  );
  console.log(`one process holds about ${(best * 60).toLocaleString('en')} monitors at 60 s intervals before p99 lag passes 1 s (${best} checks/s sustained)`);
}

await store.close();
rmSync(dir, { recursive: true, force: true });
target.kill();
process.exit(0);
