import { describe, expect, it } from 'vitest';
import { channelSchema } from '../schema/channels.js';

/** The first problem as "path: message", as the config loader would word it. */
function problem(input: unknown): string | undefined {
  const result = channelSchema.safeParse(input);
  if (result.success) return undefined;
  const [issue] = result.error.issues;
  return `${issue?.path.join('.')}: ${issue?.message}`;
}

const sid = `AC${'0'.repeat(32)}`;

describe('settings of the added channel types', () => {
  it.each([
    [
      { type: 'twilio_sms', account_sid: 'SK123', auth_token: 't', from: '+14155550100', to: '+14155550111' },
      'account_sid: expected a Twilio account SID: AC followed by 32 hex digits',
    ],
    [
      { type: 'twilio_sms', account_sid: sid, auth_token: 't', from: '+14155550100', to: '0612345678' },
      'to: expected a phone number in E.164 form such as +14155550100',
    ],
    [
      { type: 'twilio_call', account_sid: sid, auth_token: 't', from: `MG${'0'.repeat(32)}`, to: '+14155550111' },
      'from: expected a phone number in E.164 form such as +14155550100',
    ],
    [
      { type: 'vonage_sms', api_key: 'k', api_secret: 's', from: 'a-very-long-sender', to: '+447700900000' },
      'from: expected a number such as +14155550100 or an alphanumeric sender id of up to 11 characters',
    ],
    [{ type: 'signal', url: 'http://signal:8080', number: '+14155550100', recipients: [] }, 'recipients: expected at least one recipient'],
    [{ type: 'apprise', url: 'http://apprise:8000', key: 'ops team' }, 'key: expected the configuration key: 1 to 64 letters, digits, "_" or "-"'],
    [
      { type: 'home_assistant', url: 'http://ha:8123', access_token: 't', service: 'notify.mobile_app' },
      'service: expected a notify service name such as mobile_app_pixel_8 (the part after "notify.")',
    ],
    [{ type: 'line', channel_access_token: 't', to: 'alice' }, 'to: expected a LINE user, group or room id: U, C or R followed by 32 hex digits'],
    [{ type: 'mastodon', url: 'https://fosstodon.org', access_token: 't', mention: ['alice'] }, 'mention.0: expected an account such as @alice@example.org'],
    [
      { type: 'mastodon', url: 'https://fosstodon.org', access_token: 't', visibility: 'everyone' },
      'visibility: Invalid option: expected one of "direct"|"private"|"unlisted"|"public"',
    ],
    [
      { type: 'zulip', site: 'https://z.example.org', email: 'bot', api_key: 'k', stream: 'ops' },
      'email: expected an email address such as tocsin@example.org',
    ],
    [{ type: 'gotify', url: 'https://push.example.org', token: 't', priority: 11 }, 'priority: Too big: expected number to be <=10'],
    [{ type: 'dingtalk', url: 'ftp://oapi.dingtalk.com/robot/send' }, 'url: expected an http:// or https:// URL'],
    [{ type: 'wecom', url: 'https://qyapi.weixin.qq.com/x', extra: 1 }, ': Unrecognized key: "extra"'],
    [{ type: 'splunk_oncall', api_key: '', routing_key: 'ops' }, 'api_key: expected a non-empty REST endpoint API key'],
    [{ type: 'lark', url: 'https://open.feishu.cn/x', secret: 'x'.repeat(5000) }, 'secret: expected a signing secret of at most 4096 characters'],
  ])('refuses %j, naming the field', (input, expected) => {
    expect(problem(input)).toBe(expected);
  });

  it('fills the defaults a person would expect', () => {
    expect(channelSchema.parse({ type: 'home_assistant', url: 'http://ha:8123', access_token: 't' })).toMatchObject({ service: 'notify' });
    expect(channelSchema.parse({ type: 'mastodon', url: 'https://fosstodon.org', access_token: 't' })).toMatchObject({ visibility: 'direct', mention: [] });
  });
});
