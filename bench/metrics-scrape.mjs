// npm run bench:metrics — what scraping /metrics costs the real `tocsin start` (supervisor and
// engine, dist/cli/main.js) holding N HTTP monitors against a local target in a separate process.
// After the monitors take their slots it alternates windows without and with scraping
// (quiet, scraped, quiet, scraped) so the load of the shared machine drifts evenly over both, and
// reads the schedule lag p99 from /healthz every 5 s in all of them (/healthz costs nothing). Its
// p99 is over the engine's last 8,192 checks, so a window keeps only the readings taken once that
// many checks ran inside it: make WINDOW_S well over 8,192 / (checks a second). Scrapes ask for gzip as Prometheus
// does and count the bytes on the wire and inflated.
//
// Env: MONITORS (20000), INTERVAL (60s), WINDOW_S (60 per window), SCRAPE_EVERY_S (5), SETTLE_S
// (after all are scheduled; default an interval, or the spread of the first checks at 500/s if
// longer, plus 10 s), KEEP=1 keeps the temp directory. On a machine too busy to run N monitors at
// 60 s, a longer INTERVAL keeps the body of N monitors at fewer checks a second. Linux only (/proc).
import { fork, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';

const MONITORS = Number(process.env.MONITORS ?? 20_000);
const INTERVAL = process.env.INTERVAL ?? '60s';
const INTERVAL_S = Number.parseInt(INTERVAL, 10) * (INTERVAL.endsWith('m') ? 60 : 1);
const WINDOW_S = Number(process.env.WINDOW_S ?? 60);
const SCRAPE_EVERY_S = Number(process.env.SCRAPE_EVERY_S ?? 5);
/** tocsin spreads the first checks of a crowd at 500 a second (src/engine). */
const FIRST_CHECKS_PER_S = 500;
const CLK_TCK = 100;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

const target = fork(new URL('./target.mjs', import.meta.url), { stdio: 'inherit' });
const { port: targetPort } = await new Promise((resolve) => target.once('message', resolve));
const dir = mkdtempSync(join(tmpdir(), 'tocsin-metrics-'));
const configPath = join(dir, 'tocsin.yaml');
const port = await freePort();

const lines = [
  'database:',
  `  url: sqlite:${join(dir, 'tocsin.db')}`,
  'server:',
  // Every monitor checks the one local target: lift the per-target politeness limit.
  '  max_target_rate: 10000',
  'defaults:',
  `  interval: ${INTERVAL}`,
  '  timeout: 10s',
  'monitors:',
];
for (let i = 0; i < MONITORS; i++) lines.push(`  - { id: m${i}, type: http, url: "http://127.0.0.1:${targetPort}/m${i}", group: g${i % 20} }`);
writeFileSync(configPath, `${lines.join('\n')}\n`);

const tocsin = spawn(process.execPath, [new URL('../dist/cli/main.js', import.meta.url).pathname, '-c', configPath, 'start', '--listen', `127.0.0.1:${port}`], {
  stdio: ['ignore', 'ignore', 'pipe'],
  // Its own process group, so the exit handler ends the supervisor and the engine together.
  detached: true,
  env: { ...process.env, TOCSIN_LOG_LEVEL: 'warn' },
});
let restarts = 0;
tocsin.stderr.setEncoding('utf8');
tocsin.stderr.on('data', (chunk) => {
  if (chunk.includes('engine restarted')) restarts += 1;
});
process.on('exit', () => {
  try {
    process.kill(-tocsin.pid, 'SIGKILL');
  } catch {}
  target.kill();
  if (process.env.KEEP !== '1') rmSync(dir, { recursive: true, force: true });
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

function cpuTicks(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

function enginePid() {
  const children = readFileSync(`/proc/${tocsin.pid}/task/${tocsin.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  return children.find((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('engine-entry'));
}

/** One GET; resolves with the status, the bytes on the wire, and the inflated body when `gzip`. */
function request(path, { gzip = false, timeoutMs = 10_000 } = {}) {
  return new Promise((resolve, reject) => {
    const req = get({ host: '127.0.0.1', port, path, headers: gzip ? { 'accept-encoding': 'gzip' } : {}, timeout: timeoutMs }, (res) => {
      let wire = 0;
      const parts = [];
      const compressed = res.headers['content-encoding'] === 'gzip';
      res.on('data', (chunk) => (wire += chunk.length));
      const body = compressed ? res.pipe(createGunzip()) : res;
      body.on('data', (chunk) => parts.push(chunk));
      body.on('end', () => resolve({ status: res.statusCode, wire, compressed, body: Buffer.concat(parts) }));
      body.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${path} took over ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}

async function scrape(timeoutMs = 10_000) {
  const started = performance.now();
  try {
    const res = await request('/metrics', { gzip: true, timeoutMs });
    return { ms: performance.now() - started, wire: res.wire, compressed: res.compressed, text: res.body.toString('utf8') };
  } catch {
    return undefined;
  }
}

/** The p99 of the engine's latest 8,192 checks, as /healthz's schedule_lag check says it. */
async function lagP99() {
  try {
    const { body } = await request('/healthz', { timeoutMs: 10_000 });
    const detail = JSON.parse(body.toString('utf8')).checks?.schedule_lag?.detail ?? '';
    return Number(/p99 (\d+) ms/.exec(detail)?.[1] ?? NaN);
  } catch {
    return NaN;
  }
}

const pct = (xs, p) => {
  const sorted = xs.filter(Number.isFinite).sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
};
const fmt = (n, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function waitUntil(probe, timeoutMs, what) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      if (await probe()) return;
    } catch {}
    // Slowly: while monitors are being scheduled each probe is a whole scrape.
    await sleep(10_000);
  }
  throw new Error(`timed out waiting for ${what}`);
}

const started = Date.now();
await waitUntil(async () => (await request('/livez')).status === 200, 900_000, 'tocsin to answer /livez');
await waitUntil(
  async () => Number(/^tocsin_monitors_scheduled (\S+)$/m.exec((await scrape(60_000))?.text ?? '')?.[1]) >= MONITORS,
  1_800_000,
  `${MONITORS} monitors scheduled`,
);
const settle = Number(process.env.SETTLE_S ?? Math.max(INTERVAL_S, MONITORS / FIRST_CHECKS_PER_S) + 10);
/** Seconds for the engine's lag samples (the last 8,192 checks) to be all of one window. */
const TURNOVER_S = 8192 / (MONITORS / INTERVAL_S);
console.log(
  `${fmt(MONITORS)} monitors scheduled after ${fmt((Date.now() - started) / 1000)} s; settling ${settle} s; lag readings count from ${fmt(TURNOVER_S)} s into a window; load ${load()}`,
);
await sleep(settle * 1000);

/** One window: lag read every 5 s, and /metrics scraped every SCRAPE_EVERY_S when `scraping`. */
async function window(scraping) {
  const pid = enginePid();
  const cpu0 = cpuTicks(pid) + cpuTicks(tocsin.pid);
  const t0 = Date.now();
  const lags = [];
  const scrapes = [];
  let failed = 0;
  const loads = [loadavg()[0]];
  const scraper = (async () => {
    while (scraping && Date.now() - t0 < WINDOW_S * 1000) {
      const next = Date.now() + SCRAPE_EVERY_S * 1000;
      const one = await scrape();
      if (one) scrapes.push(one);
      else failed += 1;
      await sleep(Math.max(0, next - Date.now()));
    }
  })();
  while (Date.now() - t0 < WINDOW_S * 1000) {
    await sleep(5000);
    const lag = await lagP99();
    if (Date.now() - t0 >= TURNOVER_S * 1000) lags.push(lag);
  }
  await scraper;
  loads.push(loadavg()[0]);
  const seconds = (Date.now() - t0) / 1000;
  return { scraping, lags, scrapes, failed, cpu: (cpuTicks(pid) + cpuTicks(tocsin.pid) - cpu0) / CLK_TCK / seconds, loads };
}

const windows = [];
for (const scraping of [false, true, false, true]) windows.push(await window(scraping));
const quiet = windows.filter((w) => !w.scraping);
const scraped = windows.filter((w) => w.scraping);
const lagsOf = (ws) => ws.flatMap((w) => w.lags);
const scrapes = scraped.flatMap((w) => w.scrapes);
const last = scrapes.at(-1);
const bytes = last ? Buffer.byteLength(last.text) : NaN;
const perMonitor = last ? [...last.text.matchAll(/^tocsin_\w+\{monitor="m0"[,}]/gm)].length : NaN;
const cpuOf = (ws) => (ws.reduce((s, w) => s + w.cpu, 0) / ws.length) * 100;

console.log(
  `machine: ${cpus().length} × ${cpus()[0].model}; load during the windows ${windows.map((w) => w.loads.map((l) => l.toFixed(1)).join('→')).join(', ')}`,
);
console.log(
  `monitors ${fmt(MONITORS)} at ${INTERVAL}; restarts ${restarts}; ${WINDOW_S} s windows, quiet/scraped/quiet/scraped, scrape every ${SCRAPE_EVERY_S} s`,
);
console.log(
  `/metrics body ${fmt(bytes / 1e6, 1)} MB (${fmt(bytes / MONITORS)} B a monitor, ${perMonitor} lines for m0), on the wire ${last?.compressed ? 'gzip' : 'plain'} ${fmt((last?.wire ?? NaN) / 1e6, 2)} MB`,
);
console.log(
  `scrape p50 ${fmt(
    pct(
      scrapes.map((s) => s.ms),
      50,
    ),
  )} ms, p99 ${fmt(
    pct(
      scrapes.map((s) => s.ms),
      99,
    ),
  )} ms, max ${fmt(Math.max(...scrapes.map((s) => s.ms)))} ms over ${scrapes.length} scrapes (${scraped.reduce((s, w) => s + w.failed, 0)} failed or over 10 s)`,
);
console.log(
  `lag p99 (median of 5 s readings / worst reading): quiet ${fmt(pct(lagsOf(quiet), 50))} / ${fmt(Math.max(...lagsOf(quiet).filter(Number.isFinite)))} ms, scraped ${fmt(pct(lagsOf(scraped), 50))} / ${fmt(Math.max(...lagsOf(scraped).filter(Number.isFinite)))} ms`,
);
console.log(`tocsin CPU (engine + supervisor): quiet ${fmt(cpuOf(quiet), 1)} % of a core, scraped ${fmt(cpuOf(scraped), 1)} %`);
console.log(`readings: ${windows.map((w) => `${w.scraping ? 'scraped' : 'quiet'} [${w.lags.join(' ')}]`).join('; ')}`);

tocsin.kill('SIGTERM');
await Promise.race([new Promise((r) => tocsin.once('exit', r)), sleep(20_000)]);
process.exit(0);

async function freePort() {
  const server = createServer();
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  await new Promise((r) => server.close(r));
  return port;
}
