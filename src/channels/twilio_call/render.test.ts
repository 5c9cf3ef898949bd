import { describe, expect, it } from 'vitest';
import { deliver } from '../registry.js';
import { context, notification } from '../testing/fixtures.js';
import { startReceiver } from '../testing/receiver.js';
import { render } from './render.js';

const sid = `AC${'0123456789abcdef'.repeat(2)}`;
const config = { type: 'twilio_call' as const, account_sid: sid, auth_token: 'twiliotoken123', from: '+14155550100', to: '+14155550111' };

describe('twilio call render', () => {
  it('places a call that says the alert twice, without reading out URLs', () => {
    const request = render(notification('monitor.down', { message: 'HTTP 503 <from> https://updates.example.org/x & more' }), config, context);
    if ('skip' in request) throw new Error('expected a call');
    expect(request).toMatchObject({ method: 'POST', url: `https://api.twilio.com/2010-04-01/Accounts/${sid}/Calls.json` });
    expect(request.headers.authorization).toBe(`Basic ${Buffer.from(`${sid}:twiliotoken123`).toString('base64')}`);
    expect(Object.fromEntries(new URLSearchParams(request.body))).toEqual({
      To: '+14155550111',
      From: '+14155550100',
      Twiml:
        '<Response><Say loop="2">Alert from tocsin. Update center is DOWN since 02:14 UTC (3 failed checks). HTTP 503 &lt;from&gt; the address &amp; more.</Say></Response>',
    });
  });

  it.each(['monitor.up', 'monitor.acknowledged'] as const)('does not ring for %s, and reports it as done without calling', async (event) => {
    const receiver = await startReceiver();
    try {
      const outcome = await deliver(config, notification(event), context, { channel: 'oncall-phone', timeoutMs: 2000, baseUrlOverride: receiver.url });
      expect(outcome).toMatchObject({ ok: true, detail: expect.stringMatching(/^not sent: an? \w+ does not ring a phone$/) });
      expect(receiver.requests).toHaveLength(0);
    } finally {
      await receiver.close();
    }
  });

  it('does not ring when tocsin itself is working again, but does when it is in trouble', () => {
    expect(render(notification('tocsin.self', { state: 'up' }), config, context)).toEqual({ skip: 'a recovery does not ring a phone' });
    expect(render(notification('tocsin.self'), config, context)).not.toHaveProperty('skip');
  });

  it('rings for a test, so the channel can be tried', () => {
    expect(render(notification('test'), config, context)).not.toHaveProperty('skip');
  });
});
