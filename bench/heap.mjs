// npm run bench:heap — what an idle monitor costs in memory. For each count it starts the real engine
// (startTocsin from dist/: store, pipeline, scheduler, alerting, HTTP server; SQLite) in a fresh
// process with the supervisor's engine flags (--heap-growing-percent=30, MALLOC_ARENA_MAX=2) plus
// --expose-gc, HTTP monitors at 60 s against bench/target.mjs in its own process, waits until every
// monitor has run once, collects garbage and reports RSS, heapUsed, external and their excess over the
// same engine with 0 monitors, per monitor. Heap bytes do not depend on the machine's load.
//
// With SNAPSHOT=<count> it also writes a heap snapshot of the engine at that count and at 0 and
// prints what grew, by constructor (objects) or by kind (strings, arrays, closures…), per monitor.
//
// Env: STEPS (20000,50000,100000), INTERVAL (60s), SNAPSHOT (unset), TOP (25), KEEP=1 keeps the
// snapshots and temp directories, DIST (./dist) to compare builds. Linux only (/proc).
import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const fmt = (n, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
/** tocsin spreads the first checks of a crowd at 500 a second (src/engine). */
const FIRST_CHECKS_PER_S = 500;

if (process.argv[2] === 'engine') await engine(Number(process.argv[3]), Number(process.argv[4]), process.argv[5]);
else await main();

async function main() {
  const steps = (process.env.STEPS ?? '20000,50000,100000').split(',').map(Number);
  const snapshotAt = process.env.SNAPSHOT ? Number(process.env.SNAPSHOT) : undefined;
  const target = fork(new URL('./target.mjs', import.meta.url), { stdio: 'inherit' });
  const { port } = await new Promise((resolve) => target.once('message', resolve));
  process.on('exit', () => target.kill());
  const dir = mkdtempSync(join(tmpdir(), 'tocsin-heap-'));
  console.log(
    `bench:heap ${new Date().toISOString()}, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ')}`,
  );
  const base = await measure(0, port, snapshotAt !== undefined ? join(dir, 'base.heapsnapshot') : '');
  console.log(
    `0 monitors: RSS ${fmt(base.rss / 2 ** 20, 1)} MiB, heapUsed ${fmt(base.heapUsed / 2 ** 20, 1)} MiB, external ${fmt(base.external / 2 ** 20, 1)} MiB`,
  );
  console.log('| monitors | RSS | heapUsed | external | RSS per monitor above 0 | heapUsed per monitor | external per monitor | wait | load avg |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const count of steps) {
    const snapshot = count === snapshotAt ? join(dir, `${count}.heapsnapshot`) : '';
    const m = await measure(count, port, snapshot);
    const per = (key) => fmt((m[key] - base[key]) / count, 0);
    console.log(
      `| ${fmt(count)} | ${fmt(m.rss / 2 ** 20)} MiB | ${fmt(m.heapUsed / 2 ** 20)} MiB | ${fmt(m.external / 2 ** 20)} MiB | ${per('rss')} B | ${per('heapUsed')} B | ${per('external')} B | ${fmt(m.waitedS)} s | ${loadavg()[0].toFixed(1)} |`,
    );
    if (snapshot) summarize(join(dir, 'base.heapsnapshot'), snapshot, count);
  }
  if (process.env.KEEP) console.log(`kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}

/** One engine in its own process, so counts do not share a heap. */
function measure(count, port, snapshot) {
  const child = fork(fileURLToPath(import.meta.url), ['engine', String(count), String(port), snapshot], {
    execArgv: ['--expose-gc', '--heap-growing-percent=30'],
    env: { ...process.env, MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2' },
    stdio: 'inherit',
  });
  return new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`engine with ${count} monitors exited with ${code} before reporting`)));
  });
}

async function engine(count, port, snapshot) {
  const dist = pathToFileURL(resolve(process.env.DIST ?? 'dist')).href;
  const { startTocsin } = await import(`${dist}/main.js`);
  const { silentLogger } = await import(`${dist}/lib/logger.js`);
  const dir = mkdtempSync(join(tmpdir(), 'tocsin-heap-engine-'));
  const lines = [
    `database:\n  url: sqlite:${join(dir, 'tocsin.db')}`,
    'server:\n  max_target_rate: 10000',
    `defaults:\n  interval: ${process.env.INTERVAL ?? '60s'}\n  timeout: 10s`,
  ];
  lines.push(count === 0 ? 'monitors: []' : 'monitors:');
  for (let i = 0; i < count; i++) lines.push(`  - { id: m${i}, type: http, url: "http://127.0.0.1:${port}/m${i}" }`);
  writeFileSync(join(dir, 'tocsin.yaml'), `${lines.join('\n')}\n`);
  const started = Date.now();
  const tocsin = await startTocsin({ configPath: join(dir, 'tocsin.yaml'), env: {}, logger: silentLogger(), listen: '127.0.0.1:0' });
  // Every monitor has run once when as many checks completed and the first-check spread is over.
  const spreadMs = (count / FIRST_CHECKS_PER_S) * 1000 + 5000;
  for (let i = 0; i < 3600; i++) {
    if (tocsin.engine.stats().checksCompleted >= count && Date.now() - started >= spreadMs) break;
    await sleep(1000);
  }
  const waitedS = (Date.now() - started) / 1000;
  for (let i = 0; i < 3; i++) {
    globalThis.gc();
    await sleep(200);
  }
  const { heapUsed, external } = process.memoryUsage();
  const rss = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))[1]) * 1024;
  if (snapshot) (await import('node:v8')).writeHeapSnapshot(snapshot);
  process.send({ count, rss, heapUsed, external, waitedS });
  await tocsin.stop();
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}

/**
 * Self size and count by group: a plain object by its first property names (its shape), another
 * object or closure by its constructor or function name, anything else by kind and name.
 */
function groups(file) {
  const { snapshot, nodes, edges, strings } = JSON.parse(readFileSync(file, 'utf8'));
  const fields = snapshot.meta.node_fields;
  const edgeFields = snapshot.meta.edge_fields;
  const kinds = snapshot.meta.node_types[0];
  const edgeKinds = snapshot.meta.edge_types[0];
  const [type, name, size, edgeCount] = ['type', 'name', 'self_size', 'edge_count'].map((f) => fields.indexOf(f));
  const [edgeType, edgeName] = ['type', 'name_or_index'].map((f) => edgeFields.indexOf(f));
  const out = new Map();
  let edge = 0;
  for (let i = 0; i < nodes.length; i += fields.length) {
    const kind = kinds[nodes[i + type]];
    const label = strings[nodes[i + name]];
    let key = kind === 'string' || kind === 'number' || kind === 'concatenated string' || kind === 'sliced string' ? kind : `${kind} ${label}`;
    const count = nodes[i + edgeCount];
    if (kind === 'object' && label === 'Object') {
      const names = [];
      for (let e = edge; e < edge + count * edgeFields.length && names.length < 5; e += edgeFields.length)
        if (edgeKinds[edges[e + edgeType]] === 'property') names.push(strings[edges[e + edgeName]]);
      key = `{${names.join(',')}}`;
    }
    edge += count * edgeFields.length;
    const g = out.get(key) ?? { count: 0, bytes: 0 };
    g.count += 1;
    g.bytes += nodes[i + size];
    out.set(key, g);
  }
  return out;
}

function summarize(baseFile, file, count) {
  const before = groups(baseFile);
  const after = groups(file);
  const rows = [...after].map(([key, g]) => {
    const b = before.get(key) ?? { count: 0, bytes: 0 };
    return { key, count: (g.count - b.count) / count, bytes: (g.bytes - b.bytes) / count };
  });
  rows.sort((a, b) => b.bytes - a.bytes);
  const total = rows.reduce((sum, r) => sum + r.bytes, 0);
  console.log(`\nheap snapshot at ${fmt(count)} monitors, growth over 0 monitors: ${fmt(total)} B of live objects per monitor`);
  console.log('| group | per monitor: objects | bytes |');
  console.log('|---|---|---|');
  for (const r of rows.slice(0, Number(process.env.TOP ?? 25))) console.log(`| ${r.key.slice(0, 60)} | ${fmt(r.count, 2)} | ${fmt(r.bytes)} |`);
}
