// node bench/icmp.mjs (after npx tsc -p tsconfig.build.json) — what one icmp check costs: each runs
// the system's ping as a child process. N checks (count 1) against 127.0.0.1, C at a time, through
// the runner's deadline; CPU of tocsin's process and of its reaped children (the pings) per check.
// Env: N (2000), C (20); SHOW=1 prints the message of every result that is not up.
import { readFileSync } from 'node:fs';
import { runIcmp } from '../dist/checks/icmp/check.js';
import { icmpSettings } from '../dist/checks/icmp/schema.js';
import { runWithDeadline } from '../dist/engine/deadline.js';

const N = Number(process.env.N ?? 2000);
const C = Number(process.env.C ?? 20);
const settings = icmpSettings.parse({ host: '127.0.0.1', count: 1 });
const TICK = 100; // USER_HZ on Linux

/** utime, stime, cutime, cstime of this process in ms (children only once reaped). */
function cpu() {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  const [utime, stime, cutime, cstime] = [11, 12, 13, 14].map((i) => (Number(fields[i]) * 1000) / TICK);
  return { self: utime + stime, children: cutime + cstime };
}

const latencies = [];
const statuses = {};
let next = 0;
async function worker() {
  while (next < N) {
    next++;
    const started = performance.now();
    const result = await runWithDeadline((ctx) => runIcmp(settings, ctx), 5000);
    latencies.push(performance.now() - started);
    statuses[result.status] = (statuses[result.status] ?? 0) + 1;
    if (result.status !== 'up' && process.env.SHOW) console.error(result.message);
  }
}

const before = cpu();
const started = performance.now();
await Promise.all(Array.from({ length: C }, worker));
const seconds = (performance.now() - started) / 1000;
await new Promise((resolve) => setTimeout(resolve, 200)); // let the last children be reaped
const after = cpu();
latencies.sort((a, b) => a - b);
const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))].toFixed(1);
console.log(
  JSON.stringify({
    checks: N,
    concurrency: C,
    statuses,
    checks_per_s: Number((N / seconds).toFixed(1)),
    cpu_ms_per_check_tocsin: Number(((after.self - before.self) / N).toFixed(2)),
    cpu_ms_per_check_ping: Number(((after.children - before.children) / N).toFixed(2)),
    latency_ms_p50: Number(at(0.5)),
    latency_ms_p99: Number(at(0.99)),
  }),
);
