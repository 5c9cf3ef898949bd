/**
 * Alerting on a virtual clock: escalation steps, reminders and the end of a timed silence fire at
 * their exact instant from a timer heap, with one timer armed however many monitors there are,
 * and nothing runs for monitors with nothing due.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ResultWriter } from '../../src/engine/result-writer.js';
import { StateTracker } from '../../src/engine/state-tracker.js';
import { VirtualTimers } from '../../src/engine/virtual-timers.js';
import { silentLogger } from '../../src/lib/logger.js';
import type { Config } from '../../src/schema/config.js';
import { Alerting } from '../../src/services/alerting.js';
import { persistBatch } from '../../src/services/record-results.js';
import { migrate } from '../../src/store/migrate.js';
import { openStore, type Store } from '../../src/store/open.js';
import { listOutbox } from '../../src/store/outbox.js';
import { configOf, SECRET, T0 } from './helpers.js';

const MIN = 60_000;

interface Setup {
  timers: VirtualTimers;
  alerting: Alerting;
  writer: ResultWriter;
  store: Store;
  down(id: string): void;
  sent(): Promise<string[]>;
}

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
});

async function setup(config: Config): Promise<Setup> {
  const home = await mkdtemp(join(tmpdir(), 'tocsin-alert-timers-'));
  const store = await openStore(`sqlite:${join(home, 'tocsin.db')}`);
  await migrate(store.db);
  const timers = new VirtualTimers(T0);
  const writer = new ResultWriter(persistBatch(store.db), silentLogger(), { flushEvery: 60_000 });
  const alerting = new Alerting({
    clock: timers,
    logger: silentLogger(),
    db: store.db,
    tracker: new StateTracker(silentLogger()),
    writer,
    links: () => ({ baseUrl: 'https://tocsin.example.org', secret: SECRET }),
  });
  alerting.configure(config, config.monitors);
  alerting.start();
  timers.waitFor(() => writer.flush());
  cleanup.push(async () => {
    alerting.stop();
    await writer.stop();
    await store.close();
    await rm(home, { recursive: true, force: true });
  });
  return {
    timers,
    alerting,
    writer,
    store,
    down: (id) =>
      alerting.record({ monitorId: id, at: timers.now(), missed: 0, result: { status: 'down', latencyMs: 1, timings: {}, message: 'connection refused' } }),
    sent: async () => {
      await writer.flush();
      return (await listOutbox(store.db)).map((r) => `${(r.createdAt - T0) / 1000}s ${r.event} ${r.monitorId} → ${r.channel}`);
    },
  };
}

const channels = { hook: { type: 'webhook', url: 'https://hooks.example.org/a' }, pager: { type: 'webhook', url: 'https://hooks.example.org/b' } };

describe('alerting on a timer heap', () => {
  it('escalates at exactly `after` and reminds at exactly remind_every, on a virtual clock', async () => {
    const s = await setup(
      configOf({
        defaults: { interval: '30s', alert: { down_after: 1, remind_every: '30m' }, escalation: 'oncall' },
        channels,
        escalations: { oncall: [{ notify: ['hook'] }, { after: '10m', notify: ['pager'] }] },
        monitors: [{ id: 'web', type: 'http', url: 'https://web.example.org/' }],
      }),
    );
    s.down('web');
    expect(s.alerting.wakeOf('web')).toBe(T0 + 10 * MIN);
    await s.timers.advanceTo(T0 + 10 * MIN - 1);
    expect(await s.sent()).toEqual(['0s monitor.down web → hook']);
    await s.timers.advanceTo(T0 + 30 * MIN);
    expect(await s.sent()).toEqual([
      '0s monitor.down web → hook',
      '600s monitor.down web → pager',
      '1800s monitor.reminder web → hook',
      '1800s monitor.reminder web → pager',
    ]);
    expect(s.alerting.wakeOf('web')).toBe(T0 + 60 * MIN);
  });

  // A thousand virtual seconds, each with a real store write: on a loaded 2-core machine that is over 30 s of
  // wall time (it timed out there with one core kept busy); the virtual schedule it asserts does not depend on it.
  it('keeps no wake-up for monitors with nothing due, and one timer for a thousand that are down', { timeout: 180_000 }, async () => {
    const monitors = Array.from({ length: 1000 }, (_, n) => ({ id: `m${n}`, type: 'tcp', host: 'db.internal', port: 5432 }));
    const s = await setup(
      configOf({
        defaults: { interval: '30s', alert: { down_after: 1, remind_every: '1h' }, escalation: 'oncall' },
        channels,
        escalations: { oncall: [{ notify: ['hook'] }] },
        monitors: [...monitors, { id: 'quiet', type: 'tcp', host: 'db.internal', port: 5433 }],
      }),
    );
    expect(s.alerting.wakeOf('quiet')).toBeUndefined();
    for (let n = 0; n < 1000; n++) {
      s.down(`m${n}`);
      await s.timers.advance(1000);
    }
    // The heap's one timer and the 1 s housekeeping turn.
    expect(s.timers.size).toBe(2);
    expect(s.alerting.wakeOf('m0')).toBe(T0 + 60 * MIN);
    expect(s.alerting.wakeOf('quiet')).toBeUndefined();
  });

  it('holds a page through a maintenance window and sends it when the window closes, within the 1 s turn', async () => {
    const s = await setup(
      configOf({
        defaults: { interval: '30s', alert: { down_after: 1 }, escalation: 'oncall' },
        channels,
        escalations: { oncall: [{ notify: ['hook'] }] },
        maintenance: [{ name: 'Upgrade', start: new Date(T0 + MIN).toISOString(), duration: '5m', monitors: ['web'] }],
        monitors: [{ id: 'web', type: 'http', url: 'https://web.example.org/' }],
      }),
    );
    await s.timers.advanceTo(T0 + 2 * MIN);
    s.down('web');
    expect(await s.sent()).toEqual([]);
    // The window's end is stored on the monitor's state, so the heap wakes it at that instant.
    expect(s.alerting.wakeOf('web')).toBe(T0 + 6 * MIN);
    await s.timers.advanceTo(T0 + 6 * MIN - 1);
    expect(await s.sent()).toEqual([]);
    await s.timers.advanceTo(T0 + 6 * MIN);
    expect(await s.sent()).toEqual(['360s monitor.down web → hook']);
  });

  it('holds a monitor the moment a silence is added to the running config, not at the next turn', async () => {
    const base = {
      defaults: { interval: '30s', alert: { down_after: 1 }, escalation: 'oncall' },
      channels,
      escalations: { oncall: [{ notify: ['hook'] }] },
      monitors: [{ id: 'web', type: 'http', url: 'https://web.example.org/' }],
    };
    const s = await setup(configOf(base));
    await s.timers.advance(500);
    const silenced = configOf({
      ...base,
      maintenance: [{ name: 'silence web for 2h', start: new Date(s.timers.now()).toISOString(), duration: '2h', monitors: ['web'], silence: true }],
    });
    s.alerting.configure(silenced, silenced.monitors);
    expect(s.alerting.stateOf('web')?.maintenance).toEqual({ until: T0 + 500 + 2 * 60 * MIN, silence: true });
    s.down('web');
    expect(await s.sent()).toEqual([]);
  });
});
