import { describe, expect, it } from 'vitest';
import { context, notification } from '../testing/fixtures.js';
import { render } from './render.js';

const sid = `AC${'0123456789abcdef'.repeat(2)}`;
const config = { type: 'twilio_sms' as const, account_sid: sid, auth_token: 'twiliotoken123', from: '+14155550100', to: '+14155550111' };

describe('twilio sms render', () => {
  it("posts To, From and a short Body to the account's Messages resource with Basic credentials", () => {
    const request = render(notification('monitor.down'), config, context);
    expect(request).toMatchObject({
      method: 'POST',
      url: `https://api.twilio.com/2010-04-01/Accounts/${sid}/Messages.json`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${sid}:twiliotoken123`).toString('base64')}` },
    });
    expect(Object.fromEntries(new URLSearchParams(request.body))).toEqual({
      To: '+14155550111',
      From: '+14155550100',
      Body: 'Update center is DOWN since 02:14 UTC (3 failed checks): HTTP 503 from https://updates.example.org/update-center.json (expected 200)\nAcknowledge: https://tocsin.example.org/ack/t0k',
    });
  });

  it('sends through a messaging service when the sender is one, and keeps the link when the reason is long', () => {
    const form = new URLSearchParams(
      render(notification('monitor.down', { message: 'x'.repeat(2000) }), { ...config, from: `MG${'a'.repeat(32)}` }, context).body,
    );
    expect(form.get('MessagingServiceSid')).toBe(`MG${'a'.repeat(32)}`);
    expect(form.has('From')).toBe(false);
    expect(form.get('Body')?.length).toBeLessThanOrEqual(306);
    expect(form.get('Body')?.endsWith('\nAcknowledge: https://tocsin.example.org/ack/t0k')).toBe(true);
    expect(form.get('Body')).not.toMatch(/\p{Extended_Pictographic}/u);
  });
});
