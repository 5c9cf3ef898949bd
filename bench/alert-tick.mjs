// node bench/alert-tick.mjs — the cost of alerting's once-a-second turn at 10,000 monitors.
// Before the timer heap, every turn stepped every monitor (contextInputs + a tick for each one with
// a problem); now a turn costs the maintenance windows and the ack queue, and a monitor is stepped
// only when its escalation step, reminder or window end comes. Runs the same scenario against any
// build: DIST=/path/to/dist (default ./dist, build with `npx tsc -p tsconfig.build.json`).
// Scenario: MONITORS (10000) confirmed by one result each, DOWN (1000) of them down and paged,
// escalation after 10 min, reminders every 30 min, one maintenance window on 100 monitors;
// SECONDS (600) one-second turns on a hand-moved clock; the writer discards (only alerting is timed).
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const DIST = pathToFileURL(resolve(process.env.DIST ?? 'dist')).href;
const MONITORS = Number(process.env.MONITORS ?? 10_000);
const DOWN = Number(process.env.DOWN ?? 1000);
const SECONDS = Number(process.env.SECONDS ?? 600);

const { Alerting } = await import(`${DIST}/services/alerting.js`);
const { StateTracker } = await import(`${DIST}/engine/state-tracker.js`);
const { silentLogger } = await import(`${DIST}/lib/logger.js`);
const { parseConfig, resolveConfig } = await import(`${DIST}/schema/config.js`);
const { migrate } = await import(`${DIST}/store/migrate.js`);
const { openStore } = await import(`${DIST}/store/open.js`);

const T0 = Date.parse('2026-06-01T02:00:00Z');
const monitors = Array.from({ length: MONITORS }, (_, n) => ({ id: `m${n}`, type: 'tcp', host: `h${n}.internal`, port: 443 }));
const parsed = parseConfig({
  defaults: { interval: '60s', alert: { down_after: 1, remind_every: '30m' }, escalation: 'oncall' },
  channels: { hook: { type: 'webhook', url: 'https://hooks.example.org/a' }, pager: { type: 'webhook', url: 'https://hooks.example.org/b' } },
  escalations: { oncall: [{ notify: ['hook'] }, { after: '10m', notify: ['pager'] }] },
  maintenance: [{ name: 'racks', start: new Date(T0 - 60_000).toISOString(), duration: '2h', monitors: monitors.slice(0, 100).map((m) => m.id) }],
  monitors,
});
if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems.slice(0, 3)));
const config = resolveConfig(parsed.value);

const store = await openStore('sqlite::memory:');
await migrate(store.db);
let now = T0;
const clock = { now: () => now };
let notifications = 0;
const writer = {
  add: (_r, _c, alert) => void (notifications += alert?.notifications?.length ?? 0),
  addAlert: (alert) => void (notifications += alert?.notifications?.length ?? 0),
  flush: async () => {},
};
const alerting = new Alerting({
  clock,
  logger: silentLogger(),
  db: store.db,
  tracker: new StateTracker(silentLogger()),
  writer,
  links: () => ({ baseUrl: 'https://tocsin.example.org', secret: 's' }),
});
alerting.configure(config, config.monitors);
for (let n = 0; n < MONITORS; n++) {
  const status = n >= MONITORS - DOWN ? 'down' : 'up';
  alerting.record({ monitorId: `m${n}`, at: now, missed: 0, result: { status, latencyMs: 1, timings: {}, message: status } });
}
const before = notifications;

const times = [];
for (let s = 0; s < SECONDS; s++) {
  now += 1000;
  const started = performance.now();
  await alerting.tick();
  times.push(performance.now() - started);
}
times.sort((a, b) => a - b);
const total = times.reduce((a, b) => a + b, 0);
const pct = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(3);
console.log(`alert-tick (${process.env.DIST ?? 'dist'}): ${MONITORS} monitors, ${DOWN} down, ${SECONDS} one-second turns`);
console.log(`  per turn: mean ${(total / SECONDS).toFixed(3)} ms, p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms, max ${times.at(-1).toFixed(3)} ms`);
console.log(`  main-thread share of one core: ${((total / (SECONDS * 1000)) * 100).toFixed(3)} %`);
console.log(`  notifications during the turns: ${notifications - before} (escalations at 10 min, reminders at 30 min)`);
await store.close();
