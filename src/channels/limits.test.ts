/**
 * Whatever a check says and whatever a monitor is called, the added channels render a request
 * their service accepts: no exception, and within the service's documented size limit, with the
 * links a person acts on still there.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderFor } from './registry.js';
import { context, notification } from './testing/fixtures.js';
import type { ChannelConfig, HttpRequest, NotificationEvent } from './types.js';

const SID = `AC${'0'.repeat(32)}`;
const json = (r: HttpRequest) => JSON.parse(r.body) as Record<string, any>;
const form = (r: HttpRequest) => new URLSearchParams(r.body);
const bytes = (s: string) => Buffer.byteLength(s);

interface Limit {
  config: ChannelConfig;
  /** The measure the service limits, and its bound. */
  size: (r: HttpRequest) => number;
  max: number;
  /** What must survive any clipping. */
  text?: (r: HttpRequest) => string;
}

const limits: Record<string, Limit> = {
  mattermost: {
    config: { type: 'mattermost', url: 'https://c.example.org/hooks/x' },
    size: (r) => json(r).text.length,
    max: 16_383,
    text: (r) => json(r).text,
  },
  rocketchat: { config: { type: 'rocketchat', url: 'https://c.example.org/hooks/x/y' }, size: (r) => json(r).attachments[0].text.length, max: 5000 },
  google_chat: {
    config: { type: 'google_chat', url: 'https://chat.googleapis.com/v1/spaces/A/messages?key=k&token=t' },
    size: (r) => json(r).text.length,
    max: 4096,
    text: (r) => json(r).text,
  },
  zulip: {
    config: { type: 'zulip', site: 'https://z.example.org', email: 'b@z.example.org', api_key: 'k', stream: 'ops' },
    size: (r) => bytes(form(r).get('content') ?? ''),
    max: 10_000,
    text: (r) => form(r).get('content') ?? '',
  },
  signal: {
    config: { type: 'signal', url: 'http://s:8080', number: '+14155550100', recipients: ['+14155550111'] },
    size: (r) => json(r).message.length,
    max: 2000,
    text: (r) => json(r).message,
  },
  twilio_sms: {
    config: { type: 'twilio_sms', account_sid: SID, auth_token: 't', from: '+14155550100', to: '+14155550111' },
    size: (r) => (form(r).get('Body') ?? '').length,
    max: 306,
    text: (r) => form(r).get('Body') ?? '',
  },
  vonage_sms: {
    config: { type: 'vonage_sms', api_key: 'k', api_secret: 's', from: 'tocsin', to: '+447700900000' },
    size: (r) => json(r).text.length,
    max: 306,
    text: (r) => json(r).text,
  },
  twilio_call: {
    config: { type: 'twilio_call', account_sid: SID, auth_token: 't', from: '+14155550100', to: '+14155550111' },
    size: (r) => (form(r).get('Twiml') ?? '').length,
    max: 4000,
  },
  wecom: {
    config: { type: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k' },
    size: (r) => bytes(json(r).markdown.content),
    max: 4096,
    text: (r) => json(r).markdown.content,
  },
  line: {
    config: { type: 'line', channel_access_token: 't', to: `U${'0'.repeat(32)}` },
    size: (r) => json(r).messages[0].text.length,
    max: 5000,
    text: (r) => json(r).messages[0].text,
  },
  mastodon: {
    config: { type: 'mastodon', url: 'https://m.example.org', access_token: 't', visibility: 'direct', mention: ['@alice@example.org'] },
    size: (r) => json(r).status.length,
    max: 500,
    text: (r) => json(r).status,
  },
};

const events: NotificationEvent[] = ['monitor.down', 'monitor.degraded', 'monitor.reminder', 'monitor.flapping', 'tocsin.self', 'test'];
const anyText = (max: number) =>
  fc.oneof(
    fc.string({ maxLength: max }),
    fc.string({ unit: 'grapheme', maxLength: max }),
    fc.constantFrom('```', '<b>&amp;</b>', '**[x](y)**', '服务不可用'.repeat(900)),
  );

describe.each(Object.entries(limits))('%s rendering', (_name, limit) => {
  it('stays within the service limit and keeps the acknowledge link, whatever the message and names', () => {
    fc.assert(
      fc.property(fc.constantFrom(...events), anyText(12_000), anyText(200), (event, message, name) => {
        const n = notification(event, { message, monitor: { id: 'm', name: name || 'm', type: 'http', target: 'https://x.example.org/' } });
        const rendered = renderFor(limit.config, n, context) as HttpRequest;
        expect(limit.size(rendered)).toBeLessThanOrEqual(limit.max);
        if (limit.text && n.ack_url && event !== 'test') expect(limit.text(rendered)).toContain('https://tocsin.example.org/ack/t0k');
      }),
      { numRuns: 60 },
    );
  });
});

describe('huge messages', () => {
  it('renders a megabyte of backticks without overflowing, within the limit', () => {
    const n = notification('monitor.down', { message: '`a'.repeat(500_000) });
    for (const limit of Object.values(limits)) expect(limit.size(renderFor(limit.config, n, context) as HttpRequest)).toBeLessThanOrEqual(limit.max);
  });
});
