// npm run bench:cluster — several real `tocsin start` (dist/cli/main.js, supervisor and engine) in
// cluster mode on one PostgreSQL schema of their own, checking HTTP monitors against a local
// target in a separate process (bench/cluster-target.mjs), paging a local webhook receiver.
//
// 1. Takeover: INSTANCES instances share MONITORS monitors at INTERVAL; once every monitor has
//    been checked, one instance is SIGKILLed (its whole process group). Reported: the longest any
//    monitor waited between two checks across the kill (goal: ≤ interval + lease_ttl) and the
//    duplicate pages (1% of the monitors are down and page once each; goal: 0 duplicates).
// 2. Throughput: TP_MONITORS monitors at TP_INTERVAL, which one instance cannot keep up with, run
//    by 1 and then by INSTANCES instances: checks per second at the target over TP_MEASURE_S, each
//    instance's checks per second, and the CPU of the machine's postgres processes over the window
//    (cores busy), so whether the database is the limit can be judged.
//
// Env: TOCSIN_TEST_POSTGRES_URL (postgres://postgres@127.0.0.1:5432/test), MONITORS (30000),
//      INTERVAL (60s), LEASE_TTL (15s), INSTANCES (3), TP_MONITORS (6000), TP_INTERVAL (1s),
//      TP_MEASURE_S (30), SKIP_TAKEOVER=1, SKIP_THROUGHPUT=1, KEEP=1 keeps the temp directory and schemas,
//      CPU_PER_INSTANCE=<cores> gives each throughput instance (supervisor, engine and their
//      children) a CPU budget of its own through a Linux cgroup (root only): on a machine with fewer
//      cores than instances, 1 against N then compares N machines of that size, not N processes
//      fighting over the same cores.
import { fork, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const PG = process.env.TOCSIN_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const MONITORS = Number(process.env.MONITORS ?? 30_000);
const INTERVAL = process.env.INTERVAL ?? '60s';
const LEASE_TTL = process.env.LEASE_TTL ?? '15s';
const INSTANCES = Number(process.env.INSTANCES ?? 3);
const TP_MONITORS = Number(process.env.TP_MONITORS ?? 6_000);
const TP_INTERVAL = process.env.TP_INTERVAL ?? '1s';
const TP_MEASURE_S = Number(process.env.TP_MEASURE_S ?? 30);
const CPU_PER_INSTANCE = Number(process.env.CPU_PER_INSTANCE ?? 0);
const seconds = (d) => Number.parseFloat(d) * (d.endsWith('ms') ? 0.001 : d.endsWith('m') ? 60 : 1);
const INTERVAL_MS = seconds(INTERVAL) * 1000;
const TTL_MS = seconds(LEASE_TTL) * 1000;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const dir = mkdtempSync(join(tmpdir(), 'tocsin-cluster-bench-'));
const schemas = [];
const running = [];

const target = fork(new URL('./cluster-target.mjs', import.meta.url), { stdio: 'inherit' });
const { port: targetPort } = await new Promise((resolve) => target.once('message', resolve));
const ask = (message) =>
  new Promise((resolve) => {
    target.once('message', resolve);
    target.send(message);
  });

// The webhook receiver: pages per "monitor event".
const pages = new Map();
const receiver = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    try {
      const body = JSON.parse(Buffer.concat(chunks).toString());
      if (body.monitor) pages.set(`${body.monitor.id} ${body.event}`, (pages.get(`${body.monitor.id} ${body.event}`) ?? 0) + 1);
    } catch {
      // Not a page.
    }
    res.end('ok');
  });
});
await new Promise((r) => receiver.listen(0, '127.0.0.1', r));
const receiverUrl = `http://127.0.0.1:${receiver.address().port}/hook`;

async function freePort() {
  const server = createServer();
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  await new Promise((r) => server.close(r));
  return port;
}

async function freshSchema() {
  const schema = `tocsin_cluster_bench_${randomBytes(4).toString('hex')}`;
  const client = new pg.Client({ connectionString: PG });
  await client.connect();
  await client.query(`create schema ${schema}`);
  await client.end();
  schemas.push(schema);
  return schema;
}

function writeConfig(name, schema, count, interval, downEvery) {
  const url = new URL(PG);
  url.searchParams.set('schema', schema);
  const lines = [
    'database:',
    `  url: "${url}"`,
    'cluster:',
    '  enabled: true',
    `  instance_name: ${name}`,
    `  lease_ttl: ${LEASE_TTL}`,
    'server:',
    '  max_target_rate: 10000',
    'watchdog:',
    '  stall_after: 60s',
    'channels:',
    '  hook:',
    '    type: webhook',
    `    url: ${receiverUrl}`,
    'escalations:',
    '  page:',
    '    - notify: [hook]',
    'defaults:',
    `  interval: ${interval}`,
    `  timeout: ${seconds(interval) < 5 ? interval : '5s'}`,
    '  escalation: page',
    'monitors:',
  ];
  for (let i = 0; i < count; i++) {
    const kind = downEvery && i % downEvery === 0 ? 'down' : 'up';
    lines.push(`  - {id: m${i}, type: http, url: "http://127.0.0.1:${targetPort}/${kind}/m${i}"}`);
  }
  const file = join(dir, `${schema}-${name}.yaml`);
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

const cpuGroups = [];
/**
 * A cgroup holding `cores` of CPU (quota per 100 ms period): the v2 `cpu.max` where the unified
 * hierarchy has the cpu controller, else v1's `cpu.cfs_quota_us`. Returns the file a process joins by
 * writing its pid.
 */
function cpuGroup(name, cores) {
  const quota = String(Math.round(cores * 100_000));
  const unified = '/sys/fs/cgroup/cgroup.controllers';
  if (existsSync(unified) && readFileSync(unified, 'utf8').split(/\s+/).includes('cpu')) {
    const path = `/sys/fs/cgroup/tocsin-bench-${name}`;
    mkdirSync(path, { recursive: true });
    writeFileSync(join(path, 'cpu.max'), `${quota} 100000`);
    cpuGroups.push(path);
    return join(path, 'cgroup.procs');
  }
  const path = `/sys/fs/cgroup/cpu/tocsin-bench-${name}`;
  if (!existsSync('/sys/fs/cgroup/cpu')) throw new Error('CPU_PER_INSTANCE needs a cgroup cpu controller (/sys/fs/cgroup)');
  mkdirSync(path, { recursive: true });
  writeFileSync(join(path, 'cpu.cfs_period_us'), '100000');
  writeFileSync(join(path, 'cpu.cfs_quota_us'), quota);
  cpuGroups.push(path);
  return join(path, 'cgroup.procs');
}

/** How often a group ran out of its budget: throttled periods of all periods (v1 and v2 name them alike). */
function throttled(procsFile) {
  const stat = Object.fromEntries(
    readFileSync(join(procsFile, '..', 'cpu.stat'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => line.split(' ')),
  );
  return `${stat.nr_throttled} of ${stat.nr_periods} periods`;
}

async function start(name, schema, count, interval, downEvery, cores = 0) {
  const config = writeConfig(name, schema, count, interval, downEvery);
  const port = await freePort();
  const argv = ['dist/cli/main.js', '-c', config, 'start', '--listen', `127.0.0.1:${port}`];
  const group = cores ? cpuGroup(name, cores) : undefined;
  // In a group, a shell joins it first and then becomes tocsin, so every process tocsin starts is in it.
  const [command, args] = group ? ['/bin/sh', ['-c', 'echo $$ > "$0" && exec "$@"', group, process.execPath, ...argv]] : [process.execPath, argv];
  const child = spawn(command, args, {
    detached: true,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, TOCSIN_LOG_LEVEL: 'warn' },
  });
  const exited = new Promise((r) => child.once('exit', r));
  const instance = { name, child, exited, group, base: `http://127.0.0.1:${port}` };
  running.push(instance);
  return instance;
}

async function cluster(instance) {
  try {
    const response = await fetch(`${instance.base}/healthz`, { signal: AbortSignal.timeout(5000) });
    return (await response.json()).cluster;
  } catch {
    return undefined;
  }
}

/** Until every live instance answers and together they hold `total` monitors (self monitors included, so at least). */
async function untilShared(instances, atLeast, timeoutMs) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const views = await Promise.all(instances.map(cluster));
    if (views.every((v) => v && v.held > 0)) {
      const held = views.reduce((sum, v) => sum + v.held, 0);
      if (held >= atLeast) return views;
    }
    await sleep(1000);
  }
  throw new Error(`instances did not share ${atLeast} monitors within ${timeoutMs} ms`);
}

function kill(instance) {
  try {
    process.kill(-instance.child.pid, 'SIGKILL');
  } catch {
    // Gone already.
  }
  return instance.exited;
}

async function stopAll() {
  for (const instance of running.splice(0)) {
    try {
      process.kill(-instance.child.pid, 'SIGTERM');
    } catch {
      continue;
    }
    await Promise.race([instance.exited, sleep(15_000)]);
    await kill(instance);
  }
}

async function takeover() {
  const schema = await freshSchema();
  const names = Array.from({ length: INSTANCES }, (_, i) => `bench-${i}`);
  const instances = [];
  // One after another: the first migrates the fresh schema and syncs the monitors.
  for (const name of names) {
    instances.push(await start(name, schema, MONITORS, INTERVAL, 100));
    await sleep(2000);
  }
  const startedAt = Date.now();
  const views = await untilShared(instances, MONITORS, 30 * 60_000);
  console.log(
    `${INSTANCES} instances hold ${views.map((v) => v.held).join(' + ')} monitors (${((Date.now() - startedAt) / 1000).toFixed(0)} s after the last start)`,
  );
  // Every monitor checked at least once on its holder, then a full interval more.
  const until = Date.now() + 10 * 60_000;
  for (;;) {
    const gaps = await ask('gaps');
    if (gaps.monitors >= MONITORS && gaps.worst.gap < INTERVAL_MS + 5_000) break;
    if (Date.now() > until) throw new Error(`not every monitor is checked on time before the kill: ${JSON.stringify(gaps)}`);
    await sleep(2000);
  }
  // A monitor's first check is off its slot and the one after settles up to 1.5 intervals later
  // (src/core/schedule.ts): two more intervals, so the gap measured is the kill's, not the start's.
  await sleep(2 * INTERVAL_MS);
  const downBefore = new Map(pages);
  await ask('mark');
  const victim = instances[1];
  const killedAt = Date.now();
  await kill(victim);
  console.log(`SIGKILLed ${victim.name} (it held ${views[1].held})`);
  const survivors = instances.filter((i) => i !== victim);
  const total = views.reduce((sum, v) => sum + v.held, 0);
  let takenAt;
  while (Date.now() - killedAt < TTL_MS + INTERVAL_MS * 2 + 10_000) {
    const now = await Promise.all(survivors.map(cluster));
    if (!takenAt && now.every((v) => v) && now.reduce((sum, v) => sum + v.held, 0) === total) takenAt = Date.now();
    await sleep(1000);
  }
  const { worst } = await ask('gaps');
  let duplicates = 0;
  for (const count of pages.values()) duplicates += Math.max(0, count - 1);
  const result = {
    monitors: MONITORS,
    interval_s: INTERVAL_MS / 1000,
    lease_ttl_s: TTL_MS / 1000,
    instances: INSTANCES,
    victim_held: views[1].held,
    takeover_s: takenAt ? (takenAt - killedAt) / 1000 : null,
    longest_gap_s: worst.gap / 1000,
    longest_gap_monitor: worst.id,
    goal_gap_s: (INTERVAL_MS + TTL_MS) / 1000,
    pages: [...pages.values()].reduce((a, b) => a + b, 0),
    pages_before_kill: [...downBefore.values()].reduce((a, b) => a + b, 0),
    duplicate_pages: duplicates,
  };
  await stopAll();
  return result;
}

/**
 * CPU seconds (user + system) of every postgres process on this machine, from /proc: the server and
 * its backends, the other suites' included (a shared machine: an upper bound on this bench's share).
 */
function postgresCpuSeconds() {
  const tick = 100; // USER_HZ on Linux
  let total = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      if (stat.slice(stat.indexOf('(') + 1, close) !== 'postgres') continue;
      const fields = stat.slice(close + 2).split(' ');
      // utime, stime, and cutime, cstime: backends that exited were reaped by the postmaster, which keeps their time.
      total += (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / tick;
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return total;
}

/** Each instance's completed checks, as its heartbeat last stored them. */
async function checksByInstance(schema) {
  const client = new pg.Client({ connectionString: PG });
  await client.connect();
  try {
    const { rows } = await client.query(`select name, checks_completed from ${schema}.instances where stopped_at is null order by name`);
    return new Map(rows.map((r) => [r.name, Number(r.checks_completed)]));
  } finally {
    await client.end();
  }
}

/** Checks per second at the target with `count` instances on a schema of their own, each instance's rate, and PostgreSQL's CPU. */
async function throughput(count) {
  const schema = await freshSchema();
  const instances = [];
  for (let i = 0; i < count; i++) {
    instances.push(await start(`tp-${count}-${i}`, schema, TP_MONITORS, TP_INTERVAL, 0, CPU_PER_INSTANCE));
    await sleep(2000);
  }
  await untilShared(instances, TP_MONITORS, 10 * 60_000);
  await sleep(15_000);
  const before = (await ask('hits')).hits;
  const checksBefore = await checksByInstance(schema);
  const cpuBefore = postgresCpuSeconds();
  const t0 = Date.now();
  await sleep(TP_MEASURE_S * 1000);
  const after = (await ask('hits')).hits;
  const cpuAfter = postgresCpuSeconds();
  const checksAfter = await checksByInstance(schema);
  const elapsed = (Date.now() - t0) / 1000;
  const rate = (after - before) / elapsed;
  const perInstance = Object.fromEntries([...checksAfter].map(([name, n]) => [name, Math.round((n - (checksBefore.get(name) ?? n)) / elapsed)]));
  const postgresCpu = Number(((cpuAfter - cpuBefore) / elapsed).toFixed(2));
  const budget = CPU_PER_INSTANCE ? Object.fromEntries(instances.map((i) => [i.name, throttled(i.group)])) : undefined;
  await stopAll();
  return { rate, perInstance, postgresCpu, budget };
}

const machine = `${cpus().length} CPUs, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, load ${loadavg()
  .map((l) => l.toFixed(2))
  .join(' ')}`;
console.log(`machine: ${machine}`);
try {
  if (!process.env.SKIP_TAKEOVER) console.log(JSON.stringify(await takeover(), null, 2));
  if (!process.env.SKIP_THROUGHPUT) {
    const one = await throughput(1);
    const many = await throughput(INSTANCES);
    console.log(
      JSON.stringify(
        {
          monitors: TP_MONITORS,
          interval: TP_INTERVAL,
          offered_per_s: TP_MONITORS / seconds(TP_INTERVAL),
          one_per_s: Math.round(one.rate),
          [`${INSTANCES}_per_s`]: Math.round(many.rate),
          ratio: Number((many.rate / one.rate).toFixed(2)),
          // Checks each instance completed per second (its stored heartbeat figures; they lag by one beat).
          one_instance_checks_per_s: one.perInstance,
          [`${INSTANCES}_instances_checks_per_s`]: many.perInstance,
          // CPU cores busy in postgres processes over the window (the whole machine's PostgreSQL: other suites count too).
          postgres_cpu_cores_one: one.postgresCpu,
          [`postgres_cpu_cores_${INSTANCES}`]: many.postgresCpu,
          ...(CPU_PER_INSTANCE && {
            cpu_per_instance_cores: CPU_PER_INSTANCE,
            // Periods in which an instance used its whole budget: near all means it was CPU-bound.
            throttled_one: one.budget,
            [`throttled_${INSTANCES}`]: many.budget,
          }),
        },
        null,
        2,
      ),
    );
  }
} finally {
  await stopAll();
  target.kill();
  receiver.close();
  if (!process.env.KEEP) {
    rmSync(dir, { recursive: true, force: true });
    const client = new pg.Client({ connectionString: PG });
    await client.connect();
    for (const schema of schemas) await client.query(`drop schema if exists ${schema} cascade`);
    await client.end();
  }
  for (const path of cpuGroups) {
    try {
      rmdirSync(path);
    } catch {
      // Still has a process (one that outlived its kill): left for the next run to reuse.
    }
  }
}
