// The cost of rendering /metrics alone, at N monitors (default 100,000): CPU and wall time of a
// first render, of a render with nothing changed, and of one after a twelfth of the monitors
// reported a result (a 5 s scrape at 60 s intervals), with the body size.
// Usage: npm run build && node bench/metrics-render.mjs [monitors]
import { TocsinMetrics } from '../dist/api/metrics.js';

const count = Number(process.argv[2] ?? 100_000);
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
  }),
  outbox: () => ({ pending: 0, failing: [], failedAttempts: 0 }),
  channels: () => [],
});
const result = (latencyMs) => ({ status: 'up', latencyMs, timings: {}, message: 'ok' });

const cpu0 = process.cpuUsage();
for (const m of monitors) metrics.observe({ monitorId: m.id, at: Date.now(), missed: 0, result: result(3) });
const observeCpu = process.cpuUsage(cpu0);
console.log(`monitors ${count}; observe: ${((observeCpu.user + observeCpu.system) / count).toFixed(1)} µs CPU per result`);

async function measure(label) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  // The longest the render held the event loop: the largest gap between two ticks of a 1 ms timer.
  let last = started;
  let held = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    held = Math.max(held, now - last);
    last = now;
  }, 1);
  const chunks = await metrics.render();
  held = Math.max(held, performance.now() - last);
  clearInterval(ticker);
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const bytes = chunks.reduce((sum, chunk) => sum + Buffer.byteLength(chunk), 0);
  console.log(
    `${label.padEnd(32)} cpu ${((used.user + used.system) / 1000).toFixed(0).padStart(5)} ms  wall ${wall.toFixed(0).padStart(5)} ms  loop held ${held.toFixed(0).padStart(4)} ms  body ${(bytes / 1e6).toFixed(1)} MB`,
  );
}

await measure('first render');
await measure('nothing changed');
for (const m of monitors.slice(0, Math.ceil(count / 12))) metrics.observe({ monitorId: m.id, at: Date.now(), missed: 0, result: result(4) });
await measure('1/12 of monitors changed');
for (const m of monitors.slice(0, Math.ceil(count / 12))) metrics.observe({ monitorId: m.id, at: Date.now(), missed: 0, result: result(5) });
await measure('1/12 again');
const mem = process.memoryUsage();
console.log(
  `heap used ${(mem.heapUsed / 1e6).toFixed(0)} MB, rss ${(mem.rss / 1e6).toFixed(0)} MB; load average ${(await import('node:os'))
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
