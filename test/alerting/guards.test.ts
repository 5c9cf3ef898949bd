/** One object that cannot be evaluated stops nothing else: it is set aside, said once, and the rest alert as usual. */
import { afterEach, describe, expect, it } from 'vitest';
import { initialState, type AlertState } from '../../src/core/alert/index.js';
import { assessHealth } from '../../src/core/health.js';
import { configOf, rig, T0, type Rig } from './helpers.js';

const MIN = 60_000;

const config = configOf({
  defaults: { interval: '30s', alert: { down_after: 2, up_after: 1 }, escalation: 'oncall' },
  channels: {
    hook: { type: 'webhook', url: 'http://127.0.0.1:9/hook' },
    pager: { type: 'webhook', url: 'http://127.0.0.1:9/pager' },
    ops: { type: 'webhook', url: 'http://127.0.0.1:9/ops' },
  },
  escalations: { oncall: [{ notify: ['hook'] }, { after: '5m', notify: ['pager'] }], fallback: ['ops'] },
  monitors: [
    { id: 'db', type: 'tcp', host: 'db.internal', port: 5432 },
    { id: 'web', type: 'http', url: 'https://web.example.org/' },
    { id: 'batch', type: 'http', url: 'https://batch.example.org/' },
  ],
  maintenance: [
    { name: 'Quartz nightly', start: new Date(T0 - MIN).toISOString(), duration: '2h', schedule: '0 3 * * *', monitors: ['db', 'web'] },
    { name: 'Batch upgrade', start: new Date(T0 - MIN).toISOString(), duration: '2h', monitors: ['batch'] },
  ],
});
/** As stored before 7-field schedules were refused: the schema would no longer let it in, the evaluator throws on it. */
config.maintenance[0]!.schedule = '0 0 3 * * ? *';

let current: Rig | undefined;
afterEach(async () => {
  await current?.close();
  current = undefined;
});

/** A stored state whose confirmed status reads but whose details throw, as one written by another version might. */
const corrupt = new Proxy(
  {},
  {
    get: (_target, key) => {
      if (key === 'status') return 'up';
      throw new Error('stored alert state is unreadable');
    },
  },
) as AlertState;

describe('a maintenance window that cannot be evaluated', () => {
  it('holds no monitor, so a monitor it names still pages, while the windows that work still hold theirs', async () => {
    const r = (current = await rig(config));
    for (const id of ['db', 'batch']) {
      await r.result(id, 'down');
      r.clock.advance(30_000);
      await r.result(id, 'down');
    }
    const pages = (await r.sent()).filter((s) => s.event === 'monitor.down');
    expect(pages.map((s) => [s.monitorId, s.channel])).toEqual([['db', 'hook']]);
    expect(r.alerting.failures()).toEqual([]);
  });

  it('is told to the fallback channels once, naming the window and its problem, however often it is evaluated', async () => {
    const r = (current = await rig(config));
    for (let i = 0; i < 5; i++) {
      r.clock.advance(1000);
      await r.tick();
    }
    const notices = (await r.sent()).filter((s) => s.event === 'tocsin.self');
    expect(notices.map((s) => s.channel)).toEqual(['ops']);
    expect(notices[0]!.n.message).toBe(
      'maintenance window "Quartz nightly" is not in use: schedule "0 0 3 * * ? *": expected a 5-field cron expression (minute hour day month weekday) or 6 with seconds; got 7 fields; fix or delete it',
    );
    const again = await r.restart();
    current = again;
    await again.tick();
    expect((await again.sent()).filter((s) => s.event === 'tocsin.self')).toHaveLength(1);
  });
});

describe('a monitor whose alert step throws', () => {
  it('does not keep the other monitors from paging or escalating, and makes /healthz name it until its step works again', async () => {
    const r = (current = await rig(config));
    // db comes first in every tick: a throw there used to end the tick before any other monitor's turn.
    r.alerting.seed([{ monitorId: 'db', state: corrupt, updatedAt: T0 }]);
    await r.result('db', 'down');
    await r.result('web', 'down');
    r.clock.advance(30_000);
    await r.result('web', 'down');
    r.clock.advance(5 * MIN);
    await r.tick();
    const pages = (await r.sent()).filter((s) => s.event === 'monitor.down');
    expect(pages.map((s) => [s.monitorId, s.channel])).toEqual([
      ['web', 'hook'],
      ['web', 'pager'],
    ]);

    expect(
      r.alerting
        .failures()
        .map((f) => f.what)
        .sort(),
    ).toEqual(['result db', 'tick db']);
    const health = assessHealth({ ...healthy(r.clock.now()), alerting: r.alerting.failures() });
    expect(health.healthy).toBe(false);
    expect(health.checks.find((c) => c.name === 'alerting')?.detail).toMatch(/^alerting failed for .*db: stored alert state is unreadable/);

    r.alerting.seed([{ monitorId: 'db', state: initialState(), updatedAt: T0 }]);
    await r.result('db', 'up');
    await r.tick();
    expect(r.alerting.failures()).toEqual([]);
  });
});

function healthy(now: number) {
  return {
    now,
    startedAt: now,
    scheduled: 0,
    resultEvery: 0,
    lastResultAt: undefined,
    lagP99: 0,
    lastWriteOkAt: now,
    lastWriteError: undefined,
    pendingWrites: 0,
    stallAfter: 15_000,
  };
}
