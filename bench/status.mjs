// npm run bench:status — the public status page under a crowd: a 20-component page served from a
// forked server process on 127.0.0.1, driven by autocannon (HTML with gzip, as browsers ask, then JSON).
// Env: DURATION_S (15 per route), CONNECTIONS (50). Pass: >= 10,000 req/s, p99 < 20 ms, flat memory.
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const DAY = 86_400_000;

if (process.argv[2] === 'server') await serve();
else await drive();

async function serve() {
  const { default: Fastify } = await import('fastify');
  const { statusRoutes } = await import('../dist/api/status-routes.js');
  const { createStatusSite } = await import('../dist/web/status/gather.js');
  const { openStore } = await import('../dist/store/open.js');
  const { migrate } = await import('../dist/store/migrate.js');
  const { upsertStates } = await import('../dist/store/state.js');
  const { writeRollups } = await import('../dist/store/rollups.js');
  const dir = mkdtempSync(join(tmpdir(), 'tocsin-bench-status-'));
  const store = await openStore(`sqlite:${join(dir, 'bench.db')}`);
  await migrate(store.db);
  const now = Date.now();
  const today = now - (now % DAY);
  const components = Array.from({ length: 20 }, (_, i) => ({ name: `Service ${i + 1}`, monitors: [`svc-${i}`], ...(i >= 15 ? { group: 'Mirrors' } : {}) }));
  for (let i = 0; i < 20; i++) {
    const rows = Array.from({ length: 89 }, (_, d) => ({
      monitorId: `svc-${i}`,
      period: 'day',
      bucket: today - (d + 1) * DAY,
      count: 1440,
      up: 1440 - (d % 17 === i % 17 ? 20 : 0),
      degraded: 0,
      down: d % 17 === i % 17 ? 20 : 0,
      latencyP50: 10,
      latencyP95: 20,
      latencyMax: 50,
    }));
    await writeRollups(store.db, rows);
  }
  await upsertStates(
    store.db,
    components.map((c, i) => ({
      monitorId: `svc-${i}`,
      status: i === 3 ? 'down' : 'up',
      since: now - 3_600_000,
      lastAt: now,
      lastStatus: 'up',
      lastMessage: '',
      lastLatencyMs: 10,
      updatedAt: now,
    })),
  );
  const config = { status_pages: [{ slug: 'public', title: 'Bench', components }], maintenance: [], server: {} };
  const site = createStatusSite({ db: store.db, now: () => Date.now(), config: () => config });
  const app = Fastify({ logger: false });
  await app.register(statusRoutes({ ...site, publicUrl: () => undefined }));
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  process.send({ address });
  process.on('message', async (m) => {
    if (m === 'memory') process.send({ rss: process.memoryUsage().rss });
    if (m === 'stop') {
      await app.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    }
  });
}

async function drive() {
  const { default: autocannon } = await import('autocannon');
  const duration = Number(process.env.DURATION_S ?? 15);
  const connections = Number(process.env.CONNECTIONS ?? 50);
  const server = fork(new URL(import.meta.url), ['server'], { stdio: 'inherit' });
  const ask = (message) =>
    new Promise((resolve) => {
      server.once('message', resolve);
      if (message) server.send(message);
    });
  const { address } = await ask();
  const memory = async () => Math.round((await ask('memory')).rss / 1048576);
  // Warm up: the first request renders the page; the JIT needs a moment too.
  await autocannon({ url: `${address}/status/public`, connections: 10, duration: 2 });
  const rows = [];
  let ok = true;
  for (const [name, path, headers] of [
    ['HTML (gzip)', '/status/public', { 'accept-encoding': 'gzip' }],
    ['JSON (gzip)', '/status/public.json', { 'accept-encoding': 'gzip' }],
  ]) {
    const before = await memory();
    const r = await autocannon({ url: `${address}${path}`, connections, duration, headers });
    const after = await memory();
    const pass = r.requests.average >= 10_000 && r.latency.p99 < 20 && r.non2xx === 0 && r.errors === 0;
    ok &&= pass;
    rows.push({
      route: name,
      'req/s': Math.round(r.requests.average),
      'p50 ms': r.latency.p50,
      'p99 ms': r.latency.p99,
      'max ms': r.latency.max,
      errors: r.errors + r.non2xx,
      'rss MB before→after': `${before}→${after}`,
      pass,
    });
  }
  console.table(rows);
  server.send('stop');
  process.exitCode = ok ? 0 : 1;
}
