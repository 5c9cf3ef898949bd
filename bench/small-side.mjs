// node bench/small-side.mjs — small installs side by side: several real `tocsin start`s (supervisor and
// engine, SQLite, COUNT HTTP monitors at 60 s) against one target in its own process, started together
// and read every minute: engine RSS, supervisor RSS, both with the pages they share counted once, and
// the share of a core both used over that minute. Builds or node flags run at the same time on the
// same machine, so their difference is the figure to trust, not each absolute value.
//
// Env: VARIANTS='name=<dist>[|<node flags and VAR=value assignments>];…' (default: this checkout's
//      dist alone), COUNT (100), MINUTES (8). A node flag is given to the supervisor, which passes
//      its own flags on to the engine; an assignment goes into both processes' environment.
//      Example: VARIANTS='opt=dist|--opt;default=dist' node bench/small-side.mjs
import { fork, spawn } from 'node:child_process';
import { mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cpuTicks, CLK_TCK, enginePid, freePort, ownBytes, rssBytes, sleep } from './proc.mjs';

const COUNT = Number(process.env.COUNT ?? 100);
const MINUTES = Number(process.env.MINUTES ?? 8);
const VARIANTS = process.env.VARIANTS ?? `this=${new URL('../dist', import.meta.url).pathname}`;

const target = fork(new URL('./target.mjs', import.meta.url), { stdio: 'inherit' });
const { port: targetPort } = await new Promise((r) => target.once('message', r));

async function startVariant(spec) {
  const name = spec.slice(0, spec.indexOf('='));
  const [dist, extra = ''] = spec.slice(spec.indexOf('=') + 1).split('|');
  const words = extra.split(' ').filter(Boolean);
  const assignments = Object.fromEntries(words.filter((w) => /^[A-Z_]+=/.test(w)).map((w) => [w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1)]));
  const flags = words.filter((w) => !/^[A-Z_]+=/.test(w));
  const dir = mkdtempSync(join(tmpdir(), 'tocsin-side-'));
  const lines = ['database:', `  url: sqlite:${join(dir, 'tocsin.db')}`, 'server:', `  listen: 127.0.0.1:${await freePort()}`];
  // Every monitor checks the one local target: lift the per-target politeness limit.
  lines.push('  max_target_rate: 10000', 'defaults:', '  interval: 60s', '  timeout: 10s', 'monitors:');
  for (let i = 0; i < COUNT; i++) lines.push(`  - { id: m${i}, type: http, url: "http://127.0.0.1:${targetPort}/m${i}" }`);
  writeFileSync(join(dir, 'tocsin.yaml'), `${lines.join('\n')}\n`);
  const errors = openSync(join(dir, 'stderr.log'), 'w');
  const child = spawn(process.execPath, [...flags, join(resolve(dist), 'cli/main.js'), 'start', '-c', join(dir, 'tocsin.yaml')], {
    env: { ...process.env, ...assignments },
    stdio: ['ignore', 'ignore', errors],
  });
  return { name, dir, child };
}

const variants = [];
for (const spec of VARIANTS.split(';')) variants.push(await startVariant(spec));
for (const v of variants) v.engine = await enginePid(v.child.pid);
console.log(
  `${COUNT} monitors each, ${variants.map((v) => v.name).join(', ')}; a line a minute: engine RSS, supervisor RSS, both (shared pages once), CPU of both`,
);
const ticks = (v) => cpuTicks(v.child.pid) + cpuTicks(v.engine);
let before = variants.map(ticks);
const mib = (bytes) => (bytes / 2 ** 20).toFixed(1);
for (let minute = 1; minute <= MINUTES; minute++) {
  await sleep(60_000);
  const now = variants.map(ticks);
  const cells = variants.map(
    (v, i) =>
      `${v.name}: ${mib(rssBytes(v.engine))} / ${mib(rssBytes(v.child.pid))} / ${mib(ownBytes([v.child.pid, v.engine]))} MiB, ${(((now[i] - before[i]) / CLK_TCK / 60) * 100).toFixed(2)} %`,
  );
  before = now;
  console.log(`minute ${minute} | ${cells.join(' | ')}`);
}
for (const v of variants) v.child.kill('SIGTERM');
target.kill();
await sleep(3000);
for (const v of variants) rmSync(v.dir, { recursive: true, force: true });
