// A tocsin engine at scale, profiled, to find the stretches that hold its event loop (issue 14:
// schedule lag p99 ≤ 250 ms at 100,000 monitors). Starts bench/target.mjs in its own process,
// writes MONITORS HTTP monitors at INTERVAL against it, runs `tocsin start --no-supervisor`
// (the engine in one process, so the profile is the engine's) under `node --cpu-prof` with
// bench/lag-probe.mjs preloaded, for DURATION_S, then stops it with SIGTERM (the profile is written
// on exit) and prints the schedule lag from /metrics. Read the results with bench/lag-profile.mjs.
//
// Env: MONITORS (50000), INTERVAL (60s), DURATION_S (300), OUT (a new temp directory): the profile,
//      the probe's log and the database stay there. Needs `tsc -p tsconfig.build.json` first.
import { fork, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const MONITORS = Number(process.env.MONITORS ?? 50_000);
const INTERVAL = process.env.INTERVAL ?? '60s';
const DURATION_S = Number(process.env.DURATION_S ?? 300);
const dir = process.env.OUT ?? mkdtempSync(join(tmpdir(), 'tocsin-lag-'));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const target = fork(new URL('./target.mjs', import.meta.url), { stdio: 'inherit' });
const { port: targetPort } = await new Promise((resolve) => target.once('message', resolve));
const port = await new Promise((resolve) => {
  const server = createServer().listen(0, '127.0.0.1', () => {
    const { port: p } = server.address();
    server.close(() => resolve(p));
  });
});
const lines = [
  'database:',
  `  url: sqlite:${join(dir, 'tocsin.db')}`,
  'server:',
  '  max_target_rate: 10000',
  'defaults:',
  `  interval: ${INTERVAL}`,
  '  timeout: 10s',
  'monitors:',
];
for (let i = 0; i < MONITORS; i++) lines.push(`  - { id: m${i}, type: http, url: "http://127.0.0.1:${targetPort}/m${i}" }`);
writeFileSync(join(dir, 'tocsin.yaml'), `${lines.join('\n')}\n`);

console.log(
  `dir ${dir}, ${MONITORS} monitors at ${INTERVAL} for ${DURATION_S} s, started ${new Date().toISOString()}, load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ')}`,
);
const tocsin = spawn(
  process.execPath,
  [
    '--cpu-prof',
    `--cpu-prof-dir=${dir}`,
    '--import',
    new URL('./lag-probe.mjs', import.meta.url).href,
    new URL('../dist/cli/main.js', import.meta.url).pathname,
    '-c',
    join(dir, 'tocsin.yaml'),
    'start',
    '--no-supervisor',
    '--listen',
    `127.0.0.1:${port}`,
  ],
  { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, TOCSIN_LOG_LEVEL: 'warn', LAG_PROBE_OUT: join(dir, 'probe.jsonl') } },
);
process.on('exit', () => {
  tocsin.kill('SIGKILL');
  target.kill();
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));
await sleep(DURATION_S * 1000);
try {
  const body = await (await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(30_000) })).text();
  for (const line of body.split('\n')) if (line.startsWith('tocsin_schedule_lag_seconds')) console.log(line);
} catch (error) {
  console.log(`no /metrics: ${error.message}`);
}
tocsin.kill('SIGTERM');
await new Promise((resolve) => tocsin.once('exit', resolve));
console.log(
  `stopped ${new Date().toISOString()}, load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ')}`,
);
target.kill();
