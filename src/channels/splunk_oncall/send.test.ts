import { afterEach, describe, expect, it } from 'vitest';
import { deliver } from '../registry.js';
import { context, notification } from '../testing/fixtures.js';
import { startReceiver, type Receiver } from '../testing/receiver.js';

let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

const config = { type: 'splunk_oncall' as const, api_key: 'splunkkey123', routing_key: 'ops' };

describe('splunk on-call send', () => {
  it('posts to the key and routing key path and accepts result success', async () => {
    receiver = await startReceiver(() => ({ status: 200, body: '{"result":"success","entity_id":"update-center/4"}' }));
    const outcome = await deliver(config, notification(), context, { channel: 'victorops', timeoutMs: 5000, baseUrlOverride: receiver.url });
    expect(outcome).toMatchObject({ ok: true, status: 200 });
    expect(receiver.requests[0]?.path).toBe('/integrations/generic/20131114/alert/splunkkey123/ops');
    expect(JSON.parse(receiver.requests[0]?.body.toString() ?? '')).toMatchObject({ message_type: 'CRITICAL', entity_id: 'update-center/4' });
  });

  it('treats a 200 that says result failure as a permanent failure, without the key', async () => {
    receiver = await startReceiver(() => ({ status: 200, body: '{"result":"failure","message":"Missing fields or invalid key splunkkey123"}' }));
    const outcome = await deliver(config, notification(), context, { channel: 'victorops', timeoutMs: 5000, baseUrlOverride: receiver.url });
    expect(outcome).toMatchObject({
      ok: false,
      permanent: true,
      status: 200,
      error: expect.stringMatching(/^victorops \(127\.0\.0\.1:\d+\): refused: Missing fields or invalid key \*\*\*$/),
    });
  });
});
