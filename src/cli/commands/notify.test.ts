import { afterEach, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../../channels/testing/receiver.js';
import { describeOutcome, sendTest } from './notify.js';

let receiver: Receiver | undefined;
afterEach(() => receiver?.close());

describe('tocsin notify test', () => {
  it("sends a test notification to the channel and reports the receiver's answer", async () => {
    receiver = await startReceiver(() => ({ status: 200, body: 'ok' }));
    const result = await sendTest({ 'ops-webhook': { type: 'webhook', url: `${receiver.url}/hook`, headers: {} } }, 'ops-webhook', 5_000);
    expect(result.ok).toBe(true);
    expect(result.line).toMatch(/^ops-webhook: HTTP 200 in \d+ ms \(ok\)$/);
    const body = JSON.parse(receiver.requests[0]?.body.toString('utf8') ?? '{}') as { event: string; monitor: { target: string } };
    expect(body).toMatchObject({ event: 'test', monitor: { target: 'ops-webhook' } });
  });

  it("reports a refusal with the receiver's words and what to fix", async () => {
    receiver = await startReceiver(() => ({ status: 404, body: 'no such hook' }));
    const result = await sendTest({ 'ops-slack': { type: 'slack', url: `${receiver.url}/services/T/B/x` } }, 'ops-slack', 5_000);
    expect(result.ok).toBe(false);
    expect(result.line).toMatch(
      /^ops-slack \(127\.0\.0\.1:\d+\): HTTP 404: no such hook after \d+ ms; the receiver refused the request: check the channel's URL, token or address$/,
    );
  });

  it('names the configured channels when asked for an unknown one', async () => {
    const channels = {
      'ops-webhook': { type: 'webhook' as const, url: 'http://127.0.0.1:9/x', headers: {} },
      pager: { type: 'pagerduty' as const, routing_key: 'k'.repeat(32) },
    };
    await expect(sendTest(channels, 'ops-slak', 1_000)).rejects.toThrow('no channel "ops-slak" in the config; configured channels: ops-webhook, pager');
  });

  it.each([
    [{ ok: true as const, status: 204, detail: 'HTTP 204: No Content' }, true, 'ops: HTTP 204 in 35 ms (No Content)'],
    [{ ok: true as const, status: 250, detail: '250 2.0.0 Ok: queued' }, true, 'ops: 250 2.0.0 Ok: queued in 35 ms'],
    [
      { ok: false as const, permanent: false, error: 'ops (h:1): no answer within 10000 ms (stuck connecting)' },
      false,
      'ops (h:1): no answer within 10000 ms (stuck connecting) after 35 ms; a temporary failure: tocsin would keep retrying this for 24 h',
    ],
  ])('words the outcome %o', (outcome, ok, line) => {
    expect(describeOutcome('ops', outcome, 35)).toEqual({ ok, line });
  });
});
