// npm run bench:store-writes — CPU of the engine's per-batch store writes on SQLite, split by table:
// a file with MONITORS monitors that each have results, states and alert states, then ROUNDS batches
// of 380–460 results (250 ms of 100,000 monitors at 60 s), each written by insertResults, upsertStates
// and upsertAlertStates from dist/ as persistBatch does; prints µs of CPU a result for each and the RSS.
// Env: DIST (dist), MONITORS (100000), ROUNDS (300).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const DIST = resolve(process.env.DIST ?? new URL('../dist', import.meta.url).pathname);
const { openStore } = await import(join(DIST, 'store/open.js'));
const { migrate } = await import(join(DIST, 'store/migrate.js'));
const { insertResults } = await import(join(DIST, 'store/results.js'));
const { upsertStates } = await import(join(DIST, 'store/state.js'));
const { upsertAlertStates } = await import(join(DIST, 'store/alert-state.js'));
const { initialState } = await import(join(DIST, 'core/alert/state.js'));

const MONITORS = Number(process.env.MONITORS ?? 100_000);
const ROUNDS = Number(process.env.ROUNDS ?? 300);
const dir = mkdtempSync(join(tmpdir(), 'tocsin-store-writes-'));
const store = await openStore(`sqlite:${join(dir, 'tocsin.db')}`);
await migrate(store.db);

const since = Date.now() - 3_600_000;
const ids = Array.from({ length: MONITORS }, (_, i) => `m${i}`);
const result = (monitorId, at) => ({
  monitorId,
  at,
  status: 'up',
  latencyMs: 3.2,
  message: 'HTTP 200 in 3 ms',
  timings: { connect: 1, ttfb: 2 },
  metrics: null,
});
const state = (monitorId, at) => ({
  monitorId,
  status: 'up',
  since,
  lastAt: at,
  lastStatus: 'up',
  lastMessage: 'HTTP 200 in 3 ms',
  lastLatencyMs: 3,
  confirming: null,
  updatedAt: at,
});
const alert = (monitorId, at) => ({
  monitorId,
  state: {
    ...initialState(),
    status: 'up',
    since,
    message: 'HTTP 200 in 3 ms',
    lastResult: { status: 'up', message: 'HTTP 200 in 3 ms', at },
    streaks: { up: 50, notUp: 0, down: 0, notDown: 50, unknown: 0 },
  },
  updatedAt: at,
});
for (let i = 0; i < MONITORS; i += 2000) {
  const slice = ids.slice(i, i + 2000);
  await insertResults(
    store.db,
    slice.map((id) => result(id, since)),
  );
  await upsertStates(
    store.db,
    slice.map((id) => state(id, since)),
  );
  await upsertAlertStates(
    store.db,
    slice.map((id) => alert(id, since)),
  );
}

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const spent = { results: 0, monitor_state: 0, alert_state: 0 };
let at = since;
let next = 0;
let written = 0;
for (let round = 0; round < ROUNDS; round++) {
  at += 250;
  const batch = [];
  for (let k = 0; k < 380 + (round % 80); k++) batch.push(ids[next++ % MONITORS]);
  written += batch.length;
  let t = cpuMs();
  await insertResults(
    store.db,
    batch.map((id) => result(id, at)),
  );
  spent.results += cpuMs() - t;
  t = cpuMs();
  await upsertStates(
    store.db,
    batch.map((id) => state(id, at)),
  );
  spent.monitor_state += cpuMs() - t;
  t = cpuMs();
  await upsertAlertStates(
    store.db,
    batch.map((id) => alert(id, at)),
  );
  spent.alert_state += cpuMs() - t;
}
const perResult = (ms) => ((ms * 1000) / written).toFixed(1);
console.log(
  `${DIST}, ${MONITORS.toLocaleString('en-US')} monitors, ${written.toLocaleString('en-US')} results in ${ROUNDS} batches: µs of CPU a result: results ${perResult(spent.results)}, monitor_state ${perResult(spent.monitor_state)}, alert_state ${perResult(spent.alert_state)}; RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`,
);
await store.close();
rmSync(dir, { recursive: true, force: true });
