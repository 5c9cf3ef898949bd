import { afterEach, describe, expect, it } from 'vitest';
import { deliver } from '../registry.js';
import { context, notification } from '../testing/fixtures.js';
import { startReceiver, type Receiver } from '../testing/receiver.js';
import { render } from './render.js';

const config = { type: 'apprise' as const, url: 'http://apprise:8000/', key: 'ops-team' };

let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

describe('apprise render', () => {
  it('posts title, Markdown body and the failure type to the key', () => {
    const request = render(notification('monitor.down'), { ...config, tag: 'oncall' }, context);
    expect(request).toMatchObject({ method: 'POST', url: 'http://apprise:8000/notify/ops-team', headers: { 'content-type': 'application/json' } });
    expect(JSON.parse(request.body)).toEqual({
      title: 'Update center is DOWN',
      body:
        '🔴 **Update center is DOWN since 02:14 UTC (3 failed checks)**\n```\nHTTP 503 from https://updates.example.org/update-center.json (expected 200)\n```\n' +
        'Affects: plugin-site, wiki\n[Runbook](https://tocsin.example.org/runbooks/update-center) · [Acknowledge](https://tocsin.example.org/ack/t0k) · [Status page](https://status.example.org/)',
      type: 'failure',
      format: 'markdown',
      tag: 'oncall',
    });
  });

  it.each([
    ['monitor.degraded', 'warning'],
    ['monitor.up', 'success'],
    ['test', 'info'],
  ] as const)('sends %s as type %s', (event, type) => {
    expect(JSON.parse(render(notification(event), config, context).body).type).toBe(type);
  });
});

describe('apprise send', () => {
  it('reports a key with nothing saved under it (204) as permanent', async () => {
    receiver = await startReceiver(() => ({ status: 204 }));
    const outcome = await deliver({ ...config, url: receiver.url }, notification(), context, { channel: 'apprise', timeoutMs: 5000 });
    expect(outcome).toMatchObject({
      ok: false,
      permanent: true,
      status: 204,
      error: expect.stringContaining('no Apprise configuration is saved under this key'),
    });
  });

  it('retries when a service behind Apprise failed (424)', async () => {
    receiver = await startReceiver(() => ({ status: 424, body: 'One or more notification could not be sent.' }));
    const outcome = await deliver({ ...config, url: receiver.url }, notification(), context, { channel: 'apprise', timeoutMs: 5000 });
    expect(outcome).toMatchObject({ ok: false, permanent: false, status: 424, error: expect.stringContaining('a service behind Apprise failed: One or more') });
  });
});
