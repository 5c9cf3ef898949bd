import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { context, notification } from '../testing/fixtures.js';
import { startReceiver, type Receiver } from '../testing/receiver.js';
import { render } from './render.js';
import { send } from './send.js';

let receiver: Receiver | undefined;
afterEach(() => receiver?.close());

describe('webhook send', () => {
  it('delivers a body whose signature the receiver can verify independently', async () => {
    receiver = await startReceiver(() => ({ status: 204 }));
    const config = { type: 'webhook' as const, url: `${receiver.url}/hooks/tocsin?team=infra`, secret: 'whsec_abc', headers: {} };
    const request = render(notification(), config, context);
    expect(await send(request, config, { channel: 'ops-webhook', timeoutMs: 5000 })).toEqual({ ok: true, status: 204, detail: 'HTTP 204: No Content' });
    const [got] = receiver.requests;
    expect(got?.method).toBe('POST');
    expect(got?.path).toBe('/hooks/tocsin?team=infra');
    expect(got?.body.toString('utf8')).toBe(request.body);
    const mac = createHmac('sha256', 'whsec_abc')
      .update(got?.body ?? Buffer.alloc(0))
      .digest('hex');
    expect(got?.headers['x-tocsin-signature']).toBe(`sha256=${mac}`);
  });

  it('keeps a custom authorization header out of the error', async () => {
    receiver = await startReceiver(() => ({ status: 403, body: 'bad key Bearer abc123' }));
    const config = { type: 'webhook' as const, url: receiver.url, headers: { Authorization: 'Bearer abc123' } };
    const outcome = await send(render(notification(), config, context), config, { channel: 'ops-webhook', timeoutMs: 5000 });
    expect(outcome).toMatchObject({ ok: false, permanent: true, status: 403 });
    expect(JSON.stringify(outcome)).not.toContain('abc123');
  });
});
