/** What the API says a monitor is: the states of docs/states.md, with their markers, and exact uptime. */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { delivered, eventually, startTarget, webhooks, type Target } from '../alerting/live.js';
import { startApi, type ApiHarness } from './harness.js';

let api: ApiHarness;
let target: Target;
let closedPort: number;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function stateOf(id: string) {
  return (await api.call('viewer', 'GET', `/api/v1/monitors/${id}`)).json().state;
}

beforeAll(async () => {
  target = await startTarget(200);
  closedPort = await freePort();
  api = await startApi((receiver) => ({
    defaults: { interval: '1s', timeout: '800ms', alert: { down_after: 3 } },
    channels: webhooks(receiver, 'hook'),
    escalations: { oncall: [{ notify: ['hook'] }] },
    monitors: [
      { id: 'payments', type: 'tcp', host: '127.0.0.1', port: closedPort },
      { id: 'web', type: 'http', url: target.url },
      // A real Nagios plugin answering UNKNOWN (exit 3).
      {
        id: 'updates',
        type: 'exec',
        command: ['/usr/lib/nagios/plugins/check_dummy', '3', 'mirror list unreachable'],
        alert: { down_after: 2 },
        escalation: 'oncall',
      },
    ],
  }));
});

afterAll(async () => {
  await api?.close();
  await target?.close();
});

describe('monitor states through the API', () => {
  it('shows a new monitor whose first checks fail as pending and how far it is from down, never up', async () => {
    const first = await eventually(async () => (await stateOf('payments')) ?? false, 'the first result of payments');
    expect(first).toMatchObject({ status: 'pending', last_status: 'down', confirming: { toward: 'down', needed: 3 }, stale: false });
    expect(first.last_message).toContain(String(closedPort));
    const down = await eventually(async () => ((await stateOf('payments'))?.status === 'down' ? stateOf('payments') : false), 'payments confirmed down');
    expect(down).toMatchObject({ status: 'down', confirming: null });
  });

  it('says a silenced monitor is silenced, not in planned maintenance', async () => {
    const silenced = await api.call('editor', 'POST', '/api/v1/monitors/web/silence', { for: '1h' });
    expect(silenced.statusCode).toBe(201);
    const state = await eventually(async () => ((await stateOf('web'))?.silenced ? stateOf('web') : false), 'web silenced');
    expect(state).toMatchObject({ silenced: true, in_maintenance: false });
  });

  it('answers uptime per monitor and window, leaving pending results out', async () => {
    await eventually(async () => (await stateOf('web'))?.status === 'up', 'web up');
    const answer = await api.call('viewer', 'GET', '/api/v1/uptime?windows=1h,30d&ids=web,payments');
    expect(answer.statusCode).toBe(200);
    const { windows, uptime } = answer.json();
    expect(windows).toEqual(['1h', '30d']);
    // web's first result confirmed it up (its only other results are in the silence): all it counts is up.
    expect(uptime.web['1h'].percent === null || uptime.web['1h'].percent === 100).toBe(true);
    expect(uptime.payments['1h']).toMatchObject({ up: 0, degraded: 0 });
    expect(uptime.payments['1h'].excluded).toBeGreaterThanOrEqual(2);
  });

  it("shows a plugin's UNKNOWN as unknown, and tells the channels once as unknown, not down", async () => {
    const state = await eventually(async () => ((await stateOf('updates'))?.status === 'unknown' ? stateOf('updates') : false), 'updates unknown');
    expect(state).toMatchObject({ status: 'unknown', last_status: 'unknown', last_message: 'plugin reported UNKNOWN: UNKNOWN: mirror list unreachable' });
    const told = await eventually(() => delivered(api.live.receiver).find((d) => d.monitor === 'updates'), 'the unknown notification');
    expect(told.body).toMatchObject({ event: 'monitor.unknown', state: 'unknown', previous_state: 'pending' });
    expect(delivered(api.live.receiver).filter((d) => d.monitor === 'updates' && d.body.event === 'monitor.down')).toEqual([]);
    const { uptime } = (await api.call('viewer', 'GET', '/api/v1/uptime?windows=1h&ids=updates')).json();
    expect(uptime.updates['1h']).toMatchObject({ up: 0, down: 0, percent: null });
  });

  it('refuses windows and ids it cannot answer, naming the field', async () => {
    const tooShort = await api.call('viewer', 'GET', '/api/v1/uptime?windows=1ms');
    expect(tooShort.statusCode).toBe(400);
    expect(tooShort.json().error).toContain('windows');
    const tooMany = await api.call('viewer', 'GET', `/api/v1/uptime?ids=${Array.from({ length: 1001 }, (_, i) => `m${i}`).join(',')}`);
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error).toContain('ids');
  });
});
