// npm run bench:check-cpu — CPU per HTTP check of the real `tocsin start` (dist/cli/main.js:
// supervisor and engine, SQLite, default settings but `server.max_target_rate`), every check a fresh
// connection to bench/target.mjs in its own process (so its CPU is not counted). Starts tocsin with N
// monitors at INTERVAL, waits for the first checks and one interval, then over a steady window
// reads the CPU of engine + supervisor from /proc and the checks the target answered, and prints CPU
// per check.
//
// The machine is shared, so a wall-clock CPU figure alone is noisy: DIST takes a comma-separated list
// of builds (e.g. `DIST=dist,/tmp/base/dist`), all started side by side against the one target with
// the same monitors, and the first build's CPU per check is also printed as a ratio to each other's.
//
// Env: DIST (dist; a build may carry node flags after its directory), RATE (checks/s per build, 1000), INTERVAL (seconds, 10), MEASURE_S (60),
//      PROFILE_DIR=<dir> writes CPU profiles (node --cpu-prof) of every process there on exit.
// Linux only (/proc).
import { spawn, fork } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { CLK_TCK, cpuTicks, enginePid, freePort, rssBytes, sleep } from './proc.mjs';

const root = new URL('..', import.meta.url).pathname;
/** `dir [node flags…]` per build: `DIST="dist,dist --max-semi-space-size=32"` compares a flag. */
const BUILDS = (process.env.DIST ?? 'dist').split(',').map((entry) => {
  const [d, ...flags] = entry.trim().split(/\s+/);
  return { dist: isAbsolute(d) ? d : resolve(root, d), flags };
});
const RATE = Number(process.env.RATE ?? 1000);
const INTERVAL_S = Number(process.env.INTERVAL ?? 10);
const MEASURE_S = Number(process.env.MEASURE_S ?? 60);
const COUNT = Math.round(RATE * INTERVAL_S);
/** tocsin spreads the first checks of a crowd at 500 a second (src/engine). */
const FIRST_CHECKS_PER_S = 500;
const fmt = (n, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

const target = fork(new URL('./target.mjs', import.meta.url), { stdio: 'inherit' });
const { port: targetPort } = await new Promise((r) => target.once('message', r));
/** Requests the target answered so far, by build (the first path segment). */
async function answered() {
  const reply = new Promise((r) => target.once('message', r));
  target.send('counts');
  return (await reply).counts;
}

const runs = [];
let stopping = false;
process.on('exit', () => {
  for (const run of runs) {
    try {
      process.kill(-run.tocsin.pid, 'SIGKILL');
    } catch {}
  }
  target.kill();
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

for (const [i, { dist, flags }] of BUILDS.entries()) {
  const name = `b${i}`;
  const dir = mkdtempSync(join(tmpdir(), 'tocsin-check-cpu-'));
  const lines = [
    'database:',
    `  url: sqlite:${join(dir, 'tocsin.db')}`,
    'server:',
    // Every monitor checks the one local target: lift the per-target politeness limit.
    '  max_target_rate: 10000',
    'defaults:',
    `  interval: ${INTERVAL_S}s`,
    '  timeout: 10s',
    'monitors:',
  ];
  for (let m = 0; m < COUNT; m++) lines.push(`  - { id: m${m}, type: http, url: "http://127.0.0.1:${targetPort}/${name}/m${m}" }`);
  writeFileSync(join(dir, 'tocsin.yaml'), `${lines.join('\n')}\n`);
  const port = await freePort();
  const tocsin = spawn(
    process.execPath,
    [
      ...flags,
      ...(process.env.PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${resolve(process.env.PROFILE_DIR, name)}`] : []),
      join(dist, 'cli/main.js'),
      '-c',
      join(dir, 'tocsin.yaml'),
      'start',
      '--listen',
      `127.0.0.1:${port}`,
    ],
    // Its own process group, so the exit handler ends the supervisor and the engine together.
    { stdio: ['ignore', 'ignore', 'pipe'], detached: true, env: { ...process.env, TOCSIN_LOG_LEVEL: 'warn' } },
  );
  tocsin.stderr.setEncoding('utf8');
  tocsin.stderr.on('data', (chunk) => process.stderr.write(`[${name}] ${chunk}`));
  tocsin.once('exit', (code) => {
    if (!stopping) {
      console.error(`[${name}] tocsin exited (${code}) before the window ended`);
      process.exit(1);
    }
  });
  runs.push({ name, dist: [dist, ...flags].join(' '), dir, tocsin });
}

// First checks go out at 500/s, then every monitor moves to its slot: wait for that and two intervals.
const settle = COUNT / FIRST_CHECKS_PER_S + 2 * INTERVAL_S + 10;
console.log(`${runs.length} build(s) × ${fmt(COUNT)} HTTP monitors at ${INTERVAL_S} s (${fmt(RATE)} checks/s each); settling ${fmt(settle)} s; load ${load()}`);
await sleep(settle * 1000);

const cpuOf = (run) => cpuTicks(run.engine) + cpuTicks(run.tocsin.pid);
for (const run of runs) run.engine = await enginePid(run.tocsin.pid);
const before = await answered();
for (const run of runs) run.cpu0 = cpuOf(run);
const started = performance.now();
const loadBefore = load();
await sleep(MEASURE_S * 1000);
const after = await answered();
for (const run of runs) run.cpu1 = cpuOf(run);
const seconds = (performance.now() - started) / 1000;

console.log('| build | checks/s | CPU | CPU per check | first build ÷ this | engine RSS | load before / after |');
console.log('|---|---|---|---|---|---|---|');
for (const run of runs) {
  const checks = (after[run.name] ?? 0) - (before[run.name] ?? 0);
  const cpuMs = ((run.cpu1 - run.cpu0) / CLK_TCK) * 1000;
  run.perCheck = cpuMs / Math.max(1, checks);
  const ratio = runs[0].perCheck / run.perCheck;
  console.log(
    `| ${run.dist} | ${fmt(checks / seconds, 1)} | ${fmt(cpuMs / 10 / seconds, 1)} % of a core | ${fmt(run.perCheck, 3)} ms | ${fmt(ratio, 3)} | ${fmt(rssBytes(run.engine) / 2 ** 20)} MiB | ${loadBefore} / ${load()} |`,
  );
}

stopping = true;
for (const run of runs) run.tocsin.kill('SIGTERM');
await Promise.all(runs.map((run) => Promise.race([new Promise((r) => run.tocsin.once('exit', r)), sleep(20_000)])));
for (const run of runs) rmSync(run.dir, { recursive: true, force: true });
process.exit(0);
