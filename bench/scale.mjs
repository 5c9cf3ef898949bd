// npm run bench:scale — the real `tocsin start` (dist/cli/main.js, supervisor and engine) ramping
// HTTP monitors against a local target that runs in a separate process (so its CPU is not
// counted), scraping /metrics every 5 s like a Prometheus would. Each step rewrites tocsin.yaml
// with more monitors and sends SIGHUP, waits for the new monitors to take their slots, then
// measures a steady window: checks/s, CPU per check (engine + supervisor, from /proc), RSS and RSS
// per monitor, schedule lag p50/p99, restarts, /metrics size and scrape time (to the last byte), database growth.
//
// `npm run bench:small` is the same with one step of 100 monitors measured over 300 s: the share of
// a core and the memory of a small install (issue 14: ≤ 2 % of a core, ≤ 100 MB).
//
// Env: STEPS (10000,30000,60000,100000,150000), INTERVAL (60s), MEASURE_S (120),
//      SCRAPE_EVERY_S (5), TIMELINE=1 prints a line a scrape (checks later than 250 ms since the one before), DIST (dist: another build to run, e.g. /tmp/base/dist), KEEP=1 keeps the temp directory, PROFILE_DIR=<dir> writes a CPU profile
//      of the supervisor and the engine there (node --cpu-prof) when tocsin stops. Linux only (/proc).
import { fork, spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { get } from 'node:http';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { CLK_TCK, cpuTicks, enginePid as engineOf, freePort, ownBytes, rssBytes, sleep } from './proc.mjs';

const STEPS = (process.env.STEPS ?? '10000,30000,60000,100000,150000').split(',').map(Number);
const INTERVAL = process.env.INTERVAL ?? '60s';
const INTERVAL_S = Number.parseInt(INTERVAL, 10) * (INTERVAL.endsWith('m') ? 60 : 1);
const MEASURE_S = Number(process.env.MEASURE_S ?? 120);
const SCRAPE_EVERY_S = Number(process.env.SCRAPE_EVERY_S ?? 5);
const TIMELINE = process.env.TIMELINE === '1';
/** tocsin spreads the first checks of a crowd at 500 a second (src/engine). */
const FIRST_CHECKS_PER_S = 500;

const target = fork(new URL('./target.mjs', import.meta.url), { stdio: 'inherit' });
const { port: targetPort } = await new Promise((resolve) => target.once('message', resolve));
const dir = mkdtempSync(join(tmpdir(), 'tocsin-scale-'));
const configPath = join(dir, 'tocsin.yaml');
const dbPath = join(dir, 'tocsin.db');
const listenPort = await freePort();
const base = `http://127.0.0.1:${listenPort}`;

function writeConfig(count) {
  const lines = [
    'database:',
    `  url: sqlite:${dbPath}`,
    'server:',
    // Every monitor checks the one local target: lift the per-target politeness limit.
    '  max_target_rate: 10000',
    'defaults:',
    `  interval: ${INTERVAL}`,
    '  timeout: 10s',
    'monitors:',
  ];
  for (let i = 0; i < count; i++) lines.push(`  - { id: m${i}, type: http, url: "http://127.0.0.1:${targetPort}/m${i}" }`);
  if (count === 0) lines[lines.length - 1] = 'monitors: []';
  writeFileSync(configPath, `${lines.join('\n')}\n`);
}

writeConfig(0);
const tocsin = spawn(
  process.execPath,
  [
    ...(process.env.PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.PROFILE_DIR}`] : []),
    // Node flags for supervisor and engine (the supervisor passes its own on), e.g. NODE_FLAGS=--trace-gc with LOG_FILE.
    ...(process.env.NODE_FLAGS ? process.env.NODE_FLAGS.split(' ') : []),
    process.env.DIST ? join(resolve(process.env.DIST), 'cli/main.js') : new URL('../dist/cli/main.js', import.meta.url).pathname,
    '-c',
    configPath,
    'start',
    '--listen',
    `127.0.0.1:${listenPort}`,
  ],
  {
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so the exit handler ends the supervisor and the engine together.
    detached: true,
    env: { ...process.env, TOCSIN_LOG_LEVEL: 'info' },
  },
);
let restarts = 0;
/** Restarts and errors as logged, printed under the step they happened in. */
const notable = [];
// Never leave a tocsin behind, whatever ends this script.
let printed = 0;
process.on('exit', () => {
  if (notable.length > printed) console.log(`logged and not yet shown:\n  ${notable.slice(printed).join('\n  ')}`);
  try {
    process.kill(-tocsin.pid, 'SIGKILL');
  } catch {}
  target.kill();
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));
/** LOG_FILE=<path>: everything tocsin printed, for reading afterwards. */
const logFile = process.env.LOG_FILE ? createWriteStream(process.env.LOG_FILE) : undefined;
for (const stream of [tocsin.stdout, tocsin.stderr]) {
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    logFile?.write(chunk);
    // Only scanned, not parsed: at 100,000 monitors the log carries a line per first state.
    for (const line of chunk.split('\n')) {
      if (line.includes('engine restarted')) restarts += 1;
      if (line.includes('engine restarted') || line.includes('"level":50') || line.includes('"level":60')) notable.push(line.slice(0, 300));
    }
  });
}

/** The engine's pid, waiting out a restart. */
const enginePid = () => engineOf(tocsin.pid);

function dbBytes() {
  let sum = 0;
  for (const suffix of ['', '-wal', '-shm']) {
    try {
      sum += statSync(dbPath + suffix).size;
    } catch {}
  }
  return sum;
}

/** One scrape as Prometheus would (its default scrape_timeout is 10 s); undefined when it fails. */
/**
 * One scrape as Prometheus makes it (gzip). `ms` is the time to the body's last byte, what tocsin
 * spends; inflating and decoding 40 MB in this process (another ~200 ms of a core shared with
 * tocsin) is the scraper's own work, reported apart as `readMs`.
 */
async function scrape(timeoutMs = 10_000) {
  const started = performance.now();
  let wire;
  try {
    wire = await new Promise((resolve, reject) => {
      const req = get(`${base}/metrics`, { headers: { 'accept-encoding': 'gzip' }, timeout: timeoutMs }, (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () => resolve({ bytes: Buffer.concat(chunks), gzip: res.headers['content-encoding'] === 'gzip' }));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error('scrape timed out')));
      req.on('error', reject);
    });
  } catch {
    return undefined;
  }
  const ms = performance.now() - started;
  const body = (wire.gzip ? gunzipSync(wire.bytes) : wire.bytes).toString('utf8');
  const readMs = performance.now() - started - ms;
  const value = (re) => Number(re.exec(body)?.[1] ?? NaN);
  let checks = 0;
  for (const m of body.matchAll(/^tocsin_checks_total\{result="\w+"\} (\S+)$/gm)) checks += Number(m[1]);
  return {
    ms,
    readMs,
    bytes: Buffer.byteLength(body),
    checks,
    scheduled: value(/^tocsin_monitors_scheduled (\S+)$/m),
    p50: value(/^tocsin_schedule_lag_seconds\{stat="p50"\} (\S+)$/m) * 1000,
    p99: value(/^tocsin_schedule_lag_seconds\{stat="p99"\} (\S+)$/m) * 1000,
    renderMs: value(/^tocsin_metrics_render_seconds (\S+)$/m) * 1000,
    lagBuckets: [...body.matchAll(/^tocsin_check_start_delay_seconds_bucket\{le="([^"]+)"\} (\d+)$/gm)].map((m) => [
      m[1] === '+Inf' ? Infinity : Number(m[1]),
      Number(m[2]),
    ]),
  };
}

async function waitUntil(probe, timeoutMs, what) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      if (await probe()) return;
    } catch {}
    await sleep(1000);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * p99 of the lag of every check between two scrapes, from the histogram's buckets: the upper bound of
 * the bucket that holds it ("≤ 250 ms"), never an interpolation.
 */
function windowP99(first, last) {
  const total = last.lagBuckets.at(-1)[1] - first.lagBuckets.at(-1)[1];
  for (const [i, [le, count]] of last.lagBuckets.entries()) {
    if (count - first.lagBuckets[i][1] >= 0.99 * total) return le === Infinity ? 'over 30 s' : `≤ ${fmt(le * 1000)} ms`;
  }
  return 'n/a';
}

/** TIMELINE=1: one line a scrape, to see when in a window the late checks fell (a rollup, a scrape, a collection). */
function timelineEntry(before, after) {
  const between = (i) => after.lagBuckets[i][1] - (before?.lagBuckets[i]?.[1] ?? 0);
  const total = between(after.lagBuckets.length - 1);
  const onTime = between(after.lagBuckets.findIndex(([le]) => le >= 0.25));
  return `${fmt(total)} checks, ${fmt(total - onTime)} later than 250 ms; scrape ${fmt(after.ms)} ms (render ${fmt(after.renderMs)} ms; gunzip and decode here ${fmt(after.readMs)} ms)`;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const max = (xs) => Math.max(...xs);
/** The engine's RSS, the supervisor's, and both with the pages they share counted once; none from an engine that ended. */
function sampleMemory(memory, engine, supervisor) {
  try {
    memory.push({ engine: rssBytes(engine), supervisor: rssBytes(supervisor), both: ownBytes([engine, supervisor]) });
  } catch {
    // Restarted: the row counts the restart.
  }
}
const fmt = (n, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

await waitUntil(async () => (await fetch(`${base}/livez`)).ok, 60_000, 'tocsin to answer /livez');
await sleep(10_000);
const baseline = { rss: rssBytes(await enginePid()) };
console.log(
  `tocsin up with 0 monitors: engine RSS ${fmt(baseline.rss / 2 ** 20)} MiB; target on :${targetPort}; ${cpus().length} cores, ${fmt(totalmem() / 2 ** 30)} GiB`,
);
console.log(
  '| monitors | checks/s | CPU per check | CPU | RSS (median of the window) | supervisor RSS | both, shared pages once | RSS per monitor (above idle) | lag p50 | lag p99 over the window (and of the worst 8,192 checks) | restarts | /metrics size | scrape p50 / max (to the last byte) | DB growth per hour | load avg |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');

let previous = 0;
for (const count of STEPS) {
  const configStarted = Date.now();
  writeConfig(count);
  tocsin.kill('SIGHUP');
  await waitUntil(async () => (await scrape(60_000))?.scheduled >= count, 900_000, `${count} monitors scheduled`);
  // New monitors take their first checks at 500/s, then their stable slots within one interval.
  const settle = Math.max(INTERVAL_S, (count - previous) / FIRST_CHECKS_PER_S) + 10;
  await sleep(settle * 1000);
  previous = count;

  const restartsBefore = restarts;
  let pid = await enginePid();
  const first = await scrape(60_000);
  const start = { at: Date.now(), checks: first?.checks ?? NaN, cpu: cpuTicks(pid) + cpuTicks(tocsin.pid), db: dbBytes() };
  const scrapes = [first];
  // Memory floats with the heap between collections: sampled each scrape, the median goes in the row.
  const memory = [];
  let failed = first ? 0 : 1;
  while (Date.now() - start.at < MEASURE_S * 1000) {
    await sleep(SCRAPE_EVERY_S * 1000);
    sampleMemory(memory, pid, tocsin.pid);
    const one = await scrape();
    if (one) {
      if (TIMELINE) console.log(`  +${fmt((Date.now() - start.at) / 1000)} s: ${timelineEntry(scrapes.at(-1), one)}`);
      scrapes.push(one);
    } else failed += 1;
  }
  scrapes.push(await scrape(60_000));
  scrapes.splice(0, scrapes.length, ...scrapes.filter(Boolean));
  const last = scrapes.at(-1);
  if (!first || !last) {
    // Nothing to measure against: say so, with what was logged, and stop the ramp here.
    console.log(
      `| ${fmt(count)} | /metrics did not answer within 60 s at the start or end of the window (${failed} of ${scrapes.length + failed} scrapes over 10 s); engine RSS ${fmt(rssBytes(await enginePid()) / 2 ** 20)} MiB; load ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} |`,
    );
    if (notable.length > printed) console.log(`  logged since the previous row:\n  ${notable.slice(printed).join('\n  ')}`);
    printed = notable.length;
    break;
  }
  pid = await enginePid();
  const seconds = (Date.now() - start.at) / 1000;
  const checks = last.checks - start.checks;
  const cpuSeconds = (cpuTicks(pid) + cpuTicks(tocsin.pid) - start.cpu) / CLK_TCK;
  sampleMemory(memory, pid, tocsin.pid);
  const rss = median(memory.map((m) => m.engine));
  const row = [
    fmt(count),
    fmt(checks / seconds, 1),
    `${fmt((cpuSeconds * 1000) / Math.max(1, checks), 3)} ms`,
    `${fmt((cpuSeconds / seconds) * 100, 1)} % of a core`,
    `${fmt(rss / 2 ** 20)} MiB (max ${fmt(max(memory.map((m) => m.engine)) / 2 ** 20)})`,
    `${fmt(median(memory.map((m) => m.supervisor)) / 2 ** 20)} MiB`,
    `${fmt(median(memory.map((m) => m.both)) / 2 ** 20)} MiB (max ${fmt(max(memory.map((m) => m.both)) / 2 ** 20)})`,
    `${fmt((rss - baseline.rss) / count / 1024, 1)} KiB`,
    `${fmt(median(scrapes.map((s) => s.p50)))} ms`,
    `${windowP99(first, last)} (worst 8,192: ${fmt(max(scrapes.map((s) => s.p99)))} ms)`,
    String(restarts - restartsBefore),
    `${fmt(last.bytes / 1e6, 1)} MB`,
    `${fmt(median(scrapes.map((s) => s.ms)))} / ${fmt(max(scrapes.map((s) => s.ms)))} ms${failed ? ` (${failed} over 10 s)` : ''}`,
    `${fmt((((dbBytes() - start.db) / seconds) * 3600) / 2 ** 30, 2)} GiB`,
    loadavg()
      .map((l) => l.toFixed(1))
      .join(' '),
  ];
  console.log(`| ${row.join(' | ')} |`);
  // From the previous row on: a restart while the step settled counts too.
  if (notable.length > printed) console.log(`  logged since the previous row:\n  ${notable.slice(printed).join('\n  ')}`);
  printed = notable.length;
  if (Date.now() - configStarted > 3_600_000) break;
}

tocsin.kill('SIGTERM');
await Promise.race([new Promise((r) => tocsin.once('exit', r)), sleep(20_000)]);
target.kill();
if (process.env.KEEP !== '1') rmSync(dir, { recursive: true, force: true });
else console.log(`kept ${dir}`);
