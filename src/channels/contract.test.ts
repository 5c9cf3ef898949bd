/**
 * One suite for every HTTP channel: what render() produced arrives byte for
 * byte, and every channel judges 500, 400, 429 and a hung receiver alike,
 * without leaking its secret into the error.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { deliver, renderFor } from './registry.js';
import { maskChannelSettings } from './secrets.js';
import { context, notification } from './testing/fixtures.js';
import { startReceiver, type Receiver, type Reply } from './testing/receiver.js';
import type { ChannelConfig, HttpRequest } from './types.js';

interface Case {
  config: (url: string) => ChannelConfig;
  secret: string;
  /** Channels whose address is fixed are pointed at the receiver through the test-only override. */
  fixedUrl?: boolean;
}

const SID = `AC${'0123456789abcdef'.repeat(2)}`;

const cases: Record<string, Case> = {
  webhook: {
    config: (u) => ({ type: 'webhook', url: `${u}/hook`, secret: 'whsec_webhook123', headers: { 'X-Api-Key': 'apikey_webhook123' } }),
    secret: 'apikey_webhook123',
  },
  slack: { config: (u) => ({ type: 'slack', url: `${u}/services/T0/B0/slacktoken123` }), secret: 'slacktoken123' },
  discord: { config: (u) => ({ type: 'discord', url: `${u}/api/webhooks/1/discordtoken123` }), secret: 'discordtoken123' },
  teams: { config: (u) => ({ type: 'teams', url: `${u}/workflows/x/invoke?api-version=1&sig=teamssig123` }), secret: 'teamssig123' },
  pagerduty: { config: () => ({ type: 'pagerduty', routing_key: 'pdroutingkey123' }), secret: 'pdroutingkey123', fixedUrl: true },
  opsgenie: { config: () => ({ type: 'opsgenie', api_key: 'ogkey123', region: 'eu' }), secret: 'ogkey123', fixedUrl: true },
  ntfy: { config: (u) => ({ type: 'ntfy', url: `${u}/infra-alerts`, token: 'tk_ntfy123' }), secret: 'tk_ntfy123' },
  telegram: { config: () => ({ type: 'telegram', bot_token: '123:tgtoken123', chat_id: '-100123' }), secret: 'tgtoken123', fixedUrl: true },
  matrix: { config: (u) => ({ type: 'matrix', homeserver: u, access_token: 'syt_matrix123', room_id: '!ops:example.org' }), secret: 'syt_matrix123' },
  pushover: { config: () => ({ type: 'pushover', token: 'potoken123', user: 'pouser123' }), secret: 'potoken123', fixedUrl: true },
  mattermost: { config: (u) => ({ type: 'mattermost', url: `${u}/hooks/mmtoken1234567` }), secret: 'mmtoken1234567' },
  rocketchat: { config: (u) => ({ type: 'rocketchat', url: `${u}/hooks/6543/rctoken1234567`, channel: '#ops' }), secret: 'rctoken1234567' },
  google_chat: { config: (u) => ({ type: 'google_chat', url: `${u}/v1/spaces/AAAA/messages?key=gckey12345&token=gctoken12345` }), secret: 'gctoken12345' },
  zulip: { config: (u) => ({ type: 'zulip', site: u, email: 'bot@example.org', api_key: 'zulipkey123', stream: 'ops' }), secret: 'zulipkey123' },
  gotify: { config: (u) => ({ type: 'gotify', url: u, token: 'gotifytoken123' }), secret: 'gotifytoken123' },
  signal: {
    config: (u) => ({ type: 'signal', url: u.replace('://', '://alerts:sigpass123@'), number: '+14155550100', recipients: ['+14155550111'] }),
    secret: 'sigpass123',
  },
  twilio_sms: {
    config: () => ({ type: 'twilio_sms', account_sid: SID, auth_token: 'twiliotoken123', from: '+14155550100', to: '+14155550111' }),
    secret: 'twiliotoken123',
    fixedUrl: true,
  },
  twilio_call: {
    config: () => ({ type: 'twilio_call', account_sid: SID, auth_token: 'twiliotoken123', from: '+14155550100', to: '+14155550111' }),
    secret: 'twiliotoken123',
    fixedUrl: true,
  },
  vonage_sms: {
    config: () => ({ type: 'vonage_sms', api_key: 'abcd1234', api_secret: 'vonagesecret123', from: 'tocsin', to: '+447700900000' }),
    secret: 'vonagesecret123',
    fixedUrl: true,
  },
  grafana_oncall: { config: (u) => ({ type: 'grafana_oncall', url: `${u}/integrations/v1/formatted_webhook/oncalltoken123/` }), secret: 'oncalltoken123' },
  splunk_oncall: { config: () => ({ type: 'splunk_oncall', api_key: 'splunkkey123', routing_key: 'ops' }), secret: 'splunkkey123', fixedUrl: true },
  squadcast: { config: (u) => ({ type: 'squadcast', url: `${u}/v2/incidents/api/sqkey1234567` }), secret: 'sqkey1234567' },
  apprise: { config: (u) => ({ type: 'apprise', url: u, key: 'appriseconfigkey1' }), secret: 'appriseconfigkey1' },
  home_assistant: { config: (u) => ({ type: 'home_assistant', url: u, access_token: 'hatoken123', service: 'mobile_app_pixel' }), secret: 'hatoken123' },
  lark: { config: (u) => ({ type: 'lark', url: `${u}/open-apis/bot/v2/hook/larkhook1234` }), secret: 'larkhook1234' },
  dingtalk: { config: (u) => ({ type: 'dingtalk', url: `${u}/robot/send?access_token=dtaccess1234` }), secret: 'dtaccess1234' },
  wecom: { config: (u) => ({ type: 'wecom', url: `${u}/cgi-bin/webhook/send?key=wecomkey1234` }), secret: 'wecomkey1234' },
  line: { config: () => ({ type: 'line', channel_access_token: 'linetoken123', to: `U${'0'.repeat(32)}` }), secret: 'linetoken123', fixedUrl: true },
  mastodon: { config: (u) => ({ type: 'mastodon', url: u, access_token: 'mastotoken123', visibility: 'direct', mention: [] }), secret: 'mastotoken123' },
};

let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

async function attempt(c: Case, reply: Reply, timeoutMs = 5000) {
  receiver = await startReceiver(() => reply);
  const config = c.config(receiver.url);
  const n = notification('monitor.down');
  const options = { channel: 'under-test', timeoutMs, ...(c.fixedUrl ? { baseUrlOverride: receiver.url } : {}) };
  return { config, rendered: renderFor(config, n, context) as HttpRequest, outcome: await deliver(config, n, context, options), receiver };
}

describe.each(Object.entries(cases))('%s channel', (_name, c) => {
  it('shows its settings to readers without the secret', () => {
    expect(JSON.stringify(maskChannelSettings(c.config('https://hooks.example.org')))).not.toContain(c.secret);
  });

  it('delivers exactly the rendered request', async () => {
    const { rendered, outcome, receiver } = await attempt(c, { status: 200, body: '{"ok":true}' });
    expect(outcome).toMatchObject({ ok: true, status: 200 });
    const [got] = receiver.requests;
    const url = new URL(rendered.url);
    expect(got?.method).toBe(rendered.method);
    expect(got?.path).toBe(`${url.pathname}${url.search}`);
    expect(got?.headers).toEqual({
      ...rendered.headers,
      'user-agent': 'tocsin',
      host: new URL(receiver.url).host,
      connection: 'close',
      'content-length': String(Buffer.byteLength(rendered.body)),
    });
    expect(got?.body.equals(Buffer.from(rendered.body, 'utf8'))).toBe(true);
  });

  it('treats a 500 as temporary', async () => {
    const { outcome } = await attempt(c, { status: 500, body: 'upstream unavailable' });
    expect(outcome).toEqual({
      ok: false,
      permanent: false,
      status: 500,
      error: expect.stringMatching(/^under-test \(127\.0\.0\.1:\d+\): HTTP 500: upstream unavailable$/),
    });
  });

  it('treats a 400 as permanent and keeps its secret out of the error even when the service echoes it', async () => {
    const { outcome } = await attempt(c, { status: 400, body: `bad request: ${c.secret}` });
    expect(outcome).toMatchObject({ ok: false, permanent: true, status: 400 });
    expect(JSON.stringify(outcome)).not.toContain(c.secret);
  });

  it('honours Retry-After on a 429', async () => {
    const { outcome } = await attempt(c, { status: 429, headers: { 'retry-after': '12' }, body: '' });
    expect(outcome).toMatchObject({ ok: false, permanent: false, status: 429, retryAfterMs: 12_000 });
  });

  it('gives up on a receiver that never answers and closes the socket', async () => {
    const started = Date.now();
    const { outcome, receiver } = await attempt(c, 'hang', 300);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(outcome).toMatchObject({ ok: false, permanent: false, error: expect.stringContaining('no answer within 300 ms') });
    await receiver.closed(1);
  });
});

describe('matrix channel with a room alias', () => {
  it('resolves the alias through the directory, then sends to the room id', async () => {
    receiver = await startReceiver((req) =>
      req.method === 'GET' ? { status: 200, body: '{"room_id":"!abc:example.org","servers":["example.org"]}' } : { status: 200, body: '{"event_id":"$e"}' },
    );
    const config: ChannelConfig = { type: 'matrix', homeserver: receiver.url, access_token: 'syt_x', room_id: '#ops:example.org' };
    expect(await deliver(config, notification(), context, { channel: 'ops-matrix', timeoutMs: 5000 })).toMatchObject({ ok: true });
    expect(receiver.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /_matrix/client/v3/directory/room/%23ops%3Aexample.org',
      'PUT /_matrix/client/v3/rooms/!abc%3Aexample.org/send/m.room.message/ntf_01HQ',
    ]);
    expect(receiver.requests[0]?.headers.authorization).toBe('Bearer syt_x');
  });

  it('reports an unknown alias as permanent', async () => {
    receiver = await startReceiver(() => ({ status: 404, body: '{"errcode":"M_NOT_FOUND","error":"Room alias not found"}' }));
    const config: ChannelConfig = { type: 'matrix', homeserver: receiver.url, access_token: 'syt_x', room_id: '#nope:example.org' };
    const outcome = await deliver(config, notification(), context, { channel: 'ops-matrix', timeoutMs: 5000 });
    expect(outcome).toMatchObject({ ok: false, permanent: true, status: 404 });
    expect(outcome.ok ? '' : outcome.error).toMatch(/HTTP 404: Room alias not found; M_NOT_FOUND \(resolving room alias #nope:example.org\)$/);
  });
});

describe('telegram channel rate limit', () => {
  it('waits as long as the body of a 429 asks', async () => {
    receiver = await startReceiver(() => ({
      status: 429,
      body: '{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 9","parameters":{"retry_after":9}}',
    }));
    const config: ChannelConfig = { type: 'telegram', bot_token: '1:t', chat_id: '5' };
    const outcome = await deliver(config, notification(), context, { channel: 'tg', timeoutMs: 5000, baseUrlOverride: receiver.url });
    expect(outcome).toMatchObject({ ok: false, permanent: false, status: 429, retryAfterMs: 9000 });
    expect(receiver.requests[0]?.path).toBe('/bot1:t/sendMessage');
  });
});
