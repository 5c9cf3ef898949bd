/**
 * An API monitor whose stored definition no longer decodes (a corrupted row, written here straight into
 * the database) on a real tocsin: the others keep running, and it is reported, never dropped silently:
 * its state says why, the API lists it with the problem, and the fallback channels are told.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { delivered, eventually, startTarget, webhooks, type Target } from '../alerting/live.js';
import { startApi, type ApiHarness } from './harness.js';

let api: ApiHarness;
let target: Target;

beforeAll(async () => {
  target = await startTarget(200);
  api = await startApi((receiver) => ({
    defaults: { interval: '1s', timeout: '900ms', alert: { down_after: 1 }, escalation: 'oncall' },
    channels: { ...webhooks(receiver, 'pager', 'ops') },
    escalations: { oncall: [{ notify: ['pager'] }], fallback: ['ops'] },
    monitors: [{ id: 'web', type: 'http', url: target.url }],
  }));
});

afterAll(async () => {
  await api?.close();
  await target?.close();
});

describe('an API monitor whose stored definition is corrupted', () => {
  it('is not run, shows why in its state and in the API, and is told to the fallback channels', async () => {
    const db = api.live.tocsin.store.db;
    const created = await api.call('admin', 'POST', '/api/v1/monitors', { id: 'shop', type: 'http', url: target.url, interval: '30s' });
    expect(created.statusCode, created.body).toBe(201);
    await db.updateTable('monitors').set({ definition: '{"id":"shop","type":' }).where('id', '=', 'shop').execute();
    await api.live.tocsin.api.onMonitorsChanged();

    // Its state is written by the batched result writer: read until it lands.
    const read = await eventually(async () => {
      const response = await api.call('viewer', 'GET', '/api/v1/monitors/shop');
      const body = response.json() as { state: { status: string } | null };
      return response.statusCode === 200 && body.state?.status === 'unknown' && body;
    }, 'the unknown state');
    expect(read).toMatchObject({
      id: 'shop',
      unreadable: expect.stringMatching(/^stored definition is not JSON/),
      state: { status: 'unknown', last_message: expect.stringMatching(/^not checked: its stored definition is not JSON .*replace it \(PUT/) },
    });
    const list = await api.call('viewer', 'GET', '/api/v1/monitors');
    expect((list.json().monitors as Array<{ id: string }>).map((m) => m.id)).toEqual(['shop', 'web']);

    const notice = await eventually(() => delivered(api.live.receiver).find((d) => d.channel === 'ops' && d.event === 'tocsin.self'), 'the notice');
    expect(notice.body.message).toMatch(/^API monitor "shop" is not in use: stored definition is not JSON .*; fix or delete it$/);
  });
});
