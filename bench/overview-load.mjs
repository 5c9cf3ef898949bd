// npm run bench:overview — the dashboard's overview on a slow phone: 1,200 monitors (86 down with
// "HTTP 500"), each with 20 recent results, served by a real tocsin on 127.0.0.1; Debian's Chromium
// throttled through the DevTools protocol to 1.6 Mbps down / 750 kbps up, 150 ms round trip and a
// 4× slower CPU (Lighthouse's "slow 4G" phone). A cold load (empty cache) and a warm one.
// "Usable": the first row drawn with its bead strip. "Bytes": what crossed the wire (compressed),
// counted by the browser, until usable and once the network has been quiet for a second.
// Env: MONITORS (1200), DOWN (86), RUNS (3); CPU (4) and NET=0 (no network throttling) to see which one costs. Pass: cold usable <= 2 s, cold bytes <= 150 kB.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { stringify } from 'yaml';

const MONITORS = Number(process.env.MONITORS ?? 1200);
const DOWN = Number(process.env.DOWN ?? 86);
const RUNS = Number(process.env.RUNS ?? 3);
const BEADS = 20;
const EMAIL = 'bench@example.org';
const PASSWORD = 'a long enough passphrase';
const CHROMIUM = '/usr/bin/chromium';
const SLOW = { offline: false, latency: 150, downloadThroughput: 1_600_000 / 8, uploadThroughput: 750_000 / 8 };

if (!existsSync('dist/dashboard/index.html') || !existsSync('dist/main.js')) {
  console.error('Build first: npm run build');
  process.exit(1);
}
const { startTocsin } = await import('../dist/main.js');
const { silentLogger } = await import('../dist/lib/logger.js');
const { createUser } = await import('../dist/services/users.js');
const { upsertStates } = await import('../dist/store/state.js');
const { insertResults } = await import('../dist/store/results.js');

const uuid = (i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const REGIONS = ['eu-west', 'eu-central', 'us-east', 'us-west', 'ap-south'];
const monitors = Array.from({ length: MONITORS }, (_, i) => ({
  id: `shop-${String(i).padStart(4, '0')}`,
  name: `Shop ${REGIONS[i % REGIONS.length]} ${String(i).padStart(4, '0')} checkout API`,
  type: 'heartbeat',
  uuid: uuid(i),
  period: '1d',
  tags: ['shop', REGIONS[i % REGIONS.length]],
  group: `cluster-${i % 12}`,
}));
const isDown = (i) => i % Math.floor(MONITORS / DOWN) === 0 && i / Math.floor(MONITORS / DOWN) < DOWN;

const dir = mkdtempSync(join(tmpdir(), 'tocsin-bench-overview-'));
writeFileSync(join(dir, 'tocsin.yaml'), stringify({ database: { url: `sqlite:${join(dir, 'tocsin.db')}` }, monitors }));
const tocsin = await startTocsin({ configPath: join(dir, 'tocsin.yaml'), env: {}, logger: silentLogger(), listen: '127.0.0.1:0' });
const base = `http://${tocsin.address}`;
const now = Date.now();
await createUser(tocsin.store.db, { email: EMAIL, role: 'admin', password: PASSWORD }, { actor: { kind: 'system', label: 'bench' }, now });
const message = (i) => (isDown(i) ? `HTTP 500 from https://${monitors[i].id}.example.org/health` : 'ping received');
await upsertStates(
  tocsin.store.db,
  monitors.map((m, i) => ({
    monitorId: m.id,
    status: isDown(i) ? 'down' : 'up',
    since: now - (isDown(i) ? 600_000 : 86_400_000),
    lastAt: now - 30_000,
    lastStatus: isDown(i) ? 'down' : 'up',
    lastMessage: message(i),
    lastLatencyMs: 120 + (i % 50),
    updatedAt: now,
  })),
);
await insertResults(
  tocsin.store.db,
  monitors.flatMap((m, i) =>
    Array.from({ length: BEADS }, (_, k) => ({
      monitorId: m.id,
      at: now - (k + 1) * 60_000,
      status: isDown(i) && k < 10 ? 'down' : 'up',
      latencyMs: 100 + ((i + k) % 80),
      message: isDown(i) && k < 10 ? message(i) : 'ping received',
      timings: {},
    })),
  ),
);

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking'] });

/** One load of the overview on a throttled page; `page` keeps its cache between calls. */
async function load(page, cdp) {
  const bytes = new Map();
  const requests = [];
  const onResponse = (e) => requests.push(e.response.url.replace(base, ''));
  const onData = (e) => bytes.set(e.requestId, (bytes.get(e.requestId) ?? 0) + e.encodedDataLength);
  const onDone = (e) => bytes.set(e.requestId, Math.max(bytes.get(e.requestId) ?? 0, e.encodedDataLength));
  cdp.on('Network.responseReceived', onResponse);
  cdp.on('Network.dataReceived', onData);
  cdp.on('Network.loadingFinished', onDone);
  const sum = () => [...bytes.values()].reduce((a, b) => a + b, 0);
  await page.goto(`${base}/`, { waitUntil: 'commit' });
  const usableMs = await (
    await page.waitForFunction(() => document.querySelector('[data-monitor] .beads .bead') && performance.now(), undefined, { polling: 'raf', timeout: 60_000 })
  ).jsonValue();
  const atUsable = sum();
  // Then until nothing more has arrived for a second (the event stream stays open and quiet).
  let last = -1;
  for (let i = 0; i < 30 && sum() !== last; i++) {
    last = sum();
    await page.waitForTimeout(1000);
  }
  cdp.off('Network.responseReceived', onResponse);
  cdp.off('Network.dataReceived', onData);
  cdp.off('Network.loadingFinished', onDone);
  const rows = await page.locator('[data-monitor]').count();
  return { usableMs: Math.round(usableMs), bytesAtUsable: atUsable, bytesSettled: sum(), requests: requests.length, rows, list: requests };
}

const cold = [];
const warm = [];
for (let run = 0; run < RUNS; run++) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true });
  // Signed in over the API, so the measured load is the overview alone with an empty cache.
  const signIn = await context.request.post(`${base}/api/v1/login`, { data: { email: EMAIL, password: PASSWORD } });
  if (!signIn.ok()) throw new Error(`sign-in failed: HTTP ${signIn.status()}`);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  if (process.env.NET !== '0') await cdp.send('Network.emulateNetworkConditions', SLOW);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: Number(process.env.CPU ?? 4) });
  cold.push(await load(page, cdp));
  warm.push(await load(page, cdp));
  await context.close();
}

await browser.close();
await tocsin.stop();
rmSync(dir, { recursive: true, force: true });

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const kB = (n) => `${(n / 1000).toFixed(1)} kB`;
const report = (name, runs) =>
  console.log(
    `${name}: usable ${median(runs.map((r) => r.usableMs))} ms (runs ${runs.map((r) => r.usableMs).join(', ')}), ` +
      `${kB(median(runs.map((r) => r.bytesAtUsable)))} until usable, ${kB(median(runs.map((r) => r.bytesSettled)))} settled, ` +
      `${median(runs.map((r) => r.requests))} requests, ${runs[0].rows} rows drawn`,
  );
console.log(`overview with ${MONITORS} monitors (${DOWN} down), 1.6 Mbps / 150 ms / 4x CPU, 390 px phone viewport, median of ${RUNS}`);
report('cold (empty cache)', cold);
report('warm (cached assets)', warm);
console.log(`requests of a cold load: ${cold[0].list.join(' ')}`);
const pass = median(cold.map((r) => r.usableMs)) <= 2000 && median(cold.map((r) => r.bytesSettled)) <= 150_000;
console.log(pass ? 'PASS: usable <= 2 s and <= 150 kB' : 'FAIL: over 2 s or 150 kB');
process.exitCode = pass ? 0 : 1;
