// A real tocsin from dist/ in a process of its own, for metrics-uptime-worker.test.ts: it scrapes
// /metrics, optionally after deleting its SQLite file, prints what it saw as one JSON line, stops
// tocsin and then simply returns: the process must end by itself (no thread or timer left running).
// Usage: node metrics-uptime-child.mjs <dir> <target url> <keep|delete>
import { unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { startTocsin } from '../../dist/main.js';
import { THREAD_FROM } from '../../dist/store/uptime-worker.js';

const [dir, target, mode] = process.argv.slice(2);
const configPath = join(dir, 'tocsin.yaml');
writeFileSync(
  configPath,
  [
    `database: { url: "sqlite:${join(dir, 'tocsin.db')}" }`,
    'channels: {}',
    'monitors:',
    `  - { id: web, type: http, url: "${target}", interval: 1s, timeout: 900ms }`,
    // The count goes to its thread from THREAD_FROM (1,000) monitors: 999 more, heartbeats that send no
    // traffic (as HTTP checks of the same target, their first runs queued ahead of web's at
    // server.max_target_rate and kept its first result back past the wait below on a loaded machine).
    ...Array.from(
      { length: THREAD_FROM - 1 },
      (_, i) => `  - { id: m${i}, type: heartbeat, uuid: 00000000-0000-4000-8000-${String(i).padStart(12, '0')}, period: 1h, grace: 1h }`,
    ),
    '',
  ].join('\n'),
);
const warnings = [];
const logger = pino({ level: 'warn' }, { write: (line) => warnings.push(JSON.parse(line).msg) });
const tocsin = await startTocsin({ configPath, env: {}, logger, listen: '127.0.0.1:0' });
const until = Date.now() + 20_000;
const wait = () => new Promise((resolve) => setTimeout(resolve, 50));
// A stored result of `web` first (tocsin's own self monitors store theirs too, often sooner): the first
// scrape counts the 24 h uptime and keeps it a minute.
const webResults = () =>
  tocsin.store.db
    .selectFrom('results as r')
    .innerJoin('monitor_keys as k', 'k.monitor_key', 'r.monitor_key')
    .where('k.monitor_id', '=', 'web')
    .select('r.at')
    .limit(1)
    .execute();
while ((await webResults()).length === 0) {
  if (Date.now() > until) throw new Error('no stored result in 20 s');
  await wait();
}
if (mode === 'delete') for (const suffix of ['', '-wal', '-shm']) unlinkSync(join(dir, `tocsin.db${suffix}`));
let response = await tocsin.app.inject({ method: 'GET', url: '/metrics' });
// A scrape never waits for the count: a later one carries it (keep), or the count's warning is logged (delete).
const done = () => (mode === 'keep' ? /^tocsin_monitor_uptime_ratio\{monitor="web"/m.test(response.body) : warnings.some((w) => /uptime/.test(w)));
while (!done() && Date.now() < until) {
  await wait();
  response = await tocsin.app.inject({ method: 'GET', url: '/metrics' });
}
const lines = (name) => response.body.split('\n').filter((line) => line.startsWith(`${name}{monitor="web"`));
console.log(JSON.stringify({ status: response.statusCode, uptime: lines('tocsin_monitor_uptime_ratio'), state: lines('tocsin_monitor_state'), warnings }));
await tocsin.stop();
console.log(JSON.stringify({ stopped: true }));
