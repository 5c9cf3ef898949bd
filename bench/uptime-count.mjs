// npm run bench:uptime-count — how long the 24 h uptime count for /metrics holds the engine's thread
// when it runs there (below store/uptime-worker.ts THREAD_FROM monitors, or on PostgreSQL): a SQLite
// file with MONITORS (999) monitors and a day and a half of results, one a minute, rolled up as
// housekeeping leaves them; then the count the pipeline makes, UPTIME_IDS_PER_TURN (500) ids a turn,
// ROUNDS (5) times. Prints the longest turn (what a check waits behind) and the whole count.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate } from '../dist/store/migrate.js';
import { openStore } from '../dist/store/open.js';
import { insertResults } from '../dist/store/results.js';
import { rollUp } from '../dist/store/rollups.js';
import { uptimeCounts } from '../dist/store/uptime.js';

const M = Number(process.env.MONITORS ?? 999);
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const IDS_PER_TURN = 500;
const MINUTE = 60_000;
const DAY = 86_400_000;
const minutes = (36 * 60) | 0;

const dir = mkdtempSync(join(tmpdir(), 'tocsin-uptime-count-'));
const store = await openStore(`sqlite:${join(dir, 'tocsin.db')}`);
await migrate(store.db);
const now = Math.floor(Date.now() / MINUTE) * MINUTE;
const start = now - minutes * MINUTE;
const ids = Array.from({ length: M }, (_, m) => `m-${m}`);
const filling = performance.now();
for (let minute = 0; minute < minutes; minute++) {
  await insertResults(
    store.db,
    ids.map((monitorId, m) => ({
      monitorId,
      at: start + minute * MINUTE + ((m * 7919) % MINUTE),
      status: (minute + m) % 97 === 0 ? 'down' : 'up',
      latencyMs: 3 + (m % 300) / 100,
      message: 'HTTP 200',
      timings: {},
      metrics: null,
    })),
  );
  if (minute % 60 === 59) await rollUp(store.db, start + (minute + 1) * MINUTE, { settleMs: MINUTE });
}
console.log(
  `${M} monitors × ${minutes} minutes: ${(M * minutes).toLocaleString('en')} results written and rolled up in ${((performance.now() - filling) / 1000).toFixed(0)} s`,
);

const turns = [];
const counts = [];
for (let round = 0; round < ROUNDS; round++) {
  const began = performance.now();
  for (let i = 0; i < ids.length; i += IDS_PER_TURN) {
    const t = performance.now();
    await uptimeCounts(store.db, ids.slice(i, i + IDS_PER_TURN), now - DAY, now + 1);
    turns.push(performance.now() - t);
    await new Promise((resolve) => setImmediate(resolve));
  }
  counts.push(performance.now() - began);
}
const sorted = (xs) => [...xs].sort((a, b) => a - b);
const p50 = (xs) => sorted(xs)[Math.floor(xs.length / 2)];
console.log(`| monitors | turns a count | longest turn | turn p50 | whole count p50 / max |`);
console.log(`|---|---|---|---|---|`);
console.log(
  `| ${M} | ${Math.ceil(M / IDS_PER_TURN)} | ${Math.max(...turns).toFixed(1)} ms | ${p50(turns).toFixed(1)} ms | ${p50(counts).toFixed(1)} / ${Math.max(...counts).toFixed(1)} ms |`,
);
await store.close();
rmSync(dir, { recursive: true, force: true });
