/** A stored alert state that does not validate is its monitor's problem alone, never a crash. */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { configOf, rig, type Rig } from './helpers.js';

const config = configOf({
  defaults: { interval: '30s', alert: { down_after: 1 }, escalation: 'oncall' },
  channels: { hook: { type: 'webhook', url: 'https://hooks.example.org/a' } },
  escalations: { oncall: [{ notify: ['hook'] }] },
  monitors: [
    { id: 'web', type: 'http', url: 'https://web.example.org/' },
    { id: 'db', type: 'tcp', host: 'db.internal', port: 5432 },
  ],
});

let current: Rig | undefined;
afterEach(async () => {
  await current?.close();
  current = undefined;
});

describe('a stored alert state that does not validate', () => {
  it('is named for its monitor in the failures /healthz reads, while the others keep their states; the monitor pages afresh and clears it', async () => {
    const r = (current = await rig(config));
    await r.result('web', 'down');
    await r.result('db', 'down');
    expect((await r.sent()).map((s) => `${s.event} ${s.monitorId}`)).toEqual(['monitor.down web', 'monitor.down db']);
    await sql`update alert_state set state = ${'{"status":"sideways"}'} where monitor_id = 'web'`.execute(r.store.db);

    const again = (current = await r.restart());
    expect(again.alerting.failures()).toEqual([
      {
        what: 'state web',
        error:
          'stored alert state (version 2) is invalid at status: Invalid option: expected one of "up"|"degraded"|"down"|"unknown"|"pending"; starting it afresh',
      },
    ]);
    expect(again.alerting.stateOf('db')).toMatchObject({ status: 'down', episode: 1 });
    expect(again.alerting.stateOf('web')).toMatchObject({ status: 'pending' });

    await again.result('db', 'down');
    await again.result('web', 'down');
    // db was told already and stays quiet; web starts from pending and is paged again rather than lost.
    expect((await again.sent()).map((s) => `${s.event} ${s.monitorId}`)).toEqual(['monitor.down web', 'monitor.down db', 'monitor.down web']);
    expect(again.alerting.failures()).toEqual([]);
  });
});
