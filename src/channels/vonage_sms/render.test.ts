import { describe, expect, it } from 'vitest';
import { context, notification } from '../testing/fixtures.js';
import { render } from './render.js';

const config = { type: 'vonage_sms' as const, api_key: 'abcd1234', api_secret: 'vonagesecret123', from: 'tocsin', to: '+447700900000' };

describe('vonage sms render', () => {
  it('posts an sms text message with Basic credentials and numbers without the plus', () => {
    expect(render(notification('monitor.down'), config, context)).toEqual({
      method: 'POST',
      url: 'https://api.nexmo.com/v1/messages',
      headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from('abcd1234:vonagesecret123').toString('base64')}` },
      body: JSON.stringify({
        message_type: 'text',
        channel: 'sms',
        to: '447700900000',
        from: 'tocsin',
        text: 'Update center is DOWN since 02:14 UTC (3 failed checks): HTTP 503 from https://updates.example.org/update-center.json (expected 200)\nAcknowledge: https://tocsin.example.org/ack/t0k',
        client_ref: 'ntf_01HQ',
      }),
    });
  });

  it('links a recovery to its runbook, there being nothing to acknowledge', () => {
    expect(JSON.parse(render(notification('monitor.up'), { ...config, from: '+14155550100' }, context).body)).toMatchObject({
      from: '14155550100',
      text: 'Update center is UP again after being DOWN for 12m since 02:14 UTC: HTTP 200 in 120 ms\nRunbook: https://tocsin.example.org/runbooks/update-center',
    });
  });
});
