/**
 * Receivers that accept only what each service documents (required fields, enums, sizes,
 * authentication, path) and answer the way it does. Every added channel's down, reminder,
 * acknowledgement, recovery and test is sent to its receiver through the real sender: a field
 * a renderer forgets for one event shows up here as the service's 400.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { deliver } from './registry.js';
import { context, notification } from './testing/fixtures.js';
import { startReceiver, type Received, type Receiver } from './testing/receiver.js';
import type { ChannelConfig, NotificationEvent } from './types.js';

type Body = Record<string, any>;
type Check = (r: Received, json: Body, form: URLSearchParams) => string | undefined;

const SID = `AC${'0'.repeat(32)}`;
const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
const oneOf = (value: unknown, allowed: unknown[]) => allowed.includes(value);
const isUuid = (v: unknown) => typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(v);

interface Service {
  config: (url: string) => ChannelConfig;
  fixedUrl?: boolean;
  check: Check;
  ok: { status: number; body: string };
}

const services: Record<string, Service> = {
  mattermost: {
    config: (u) => ({ type: 'mattermost', url: `${u}/hooks/abc` }),
    check: (r, j) =>
      r.path !== '/hooks/abc' ? 'path' : typeof j.text !== 'string' && !Array.isArray(j.attachments) ? 'text or attachments required' : undefined,
    ok: { status: 200, body: 'ok' },
  },
  rocketchat: {
    config: (u) => ({ type: 'rocketchat', url: `${u}/hooks/id/token` }),
    check: (_r, j) =>
      typeof j.text !== 'string' ? 'text required' : j.attachments?.some((a: Body) => typeof a.color !== 'string') ? 'attachment color' : undefined,
    ok: { status: 200, body: '{"success":true}' },
  },
  google_chat: {
    config: (u) => ({ type: 'google_chat', url: `${u}/v1/spaces/A/messages?key=k&token=t` }),
    check: (r, j) => {
      const q = new URL(r.path, 'http://x').searchParams;
      if (!q.get('key') || !q.get('token')) return 'key and token required';
      if (j.thread && q.get('messageReplyOption') !== 'REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD' && q.get('messageReplyOption') !== 'REPLY_MESSAGE_OR_FAIL')
        return 'messageReplyOption';
      return typeof j.text !== 'string' || j.text.length > 4096 ? 'text of at most 4096' : undefined;
    },
    ok: { status: 200, body: '{"name":"spaces/A/messages/1"}' },
  },
  zulip: {
    config: (u) => ({ type: 'zulip', site: u, email: 'bot@z.org', api_key: 'k', stream: 'ops' }),
    check: (r, _j, f) =>
      r.path !== '/api/v1/messages'
        ? 'path'
        : r.headers.authorization !== basic('bot@z.org', 'k')
          ? 'auth'
          : !oneOf(f.get('type'), ['stream', 'channel', 'private', 'direct'])
            ? 'type'
            : !f.get('to') || !f.get('content')
              ? 'to and content required'
              : (f.get('topic') ?? '').length > 60
                ? 'topic too long'
                : undefined,
    ok: { status: 200, body: '{"result":"success","msg":"","id":42}' },
  },
  gotify: {
    config: (u) => ({ type: 'gotify', url: u, token: 'apptoken' }),
    check: (r, j) =>
      r.path !== '/message'
        ? 'path'
        : r.headers['x-gotify-key'] !== 'apptoken'
          ? 'token'
          : typeof j.message !== 'string'
            ? 'message required'
            : !Number.isInteger(j.priority)
              ? 'priority'
              : undefined,
    ok: { status: 200, body: '{"id":1,"appid":1}' },
  },
  signal: {
    config: (u) => ({ type: 'signal', url: u, number: '+14155550100', recipients: ['+14155550111'] }),
    check: (r, j) =>
      r.path !== '/v2/send'
        ? 'path'
        : typeof j.message !== 'string' || typeof j.number !== 'string' || !j.recipients?.length
          ? 'message, number, recipients'
          : undefined,
    ok: { status: 201, body: '{"timestamp":"1709259420000"}' },
  },
  twilio_sms: {
    config: () => ({ type: 'twilio_sms', account_sid: SID, auth_token: 'tok', from: '+14155550100', to: '+14155550111' }),
    fixedUrl: true,
    check: (r, _j, f) =>
      r.path !== `/2010-04-01/Accounts/${SID}/Messages.json`
        ? 'path'
        : r.headers.authorization !== basic(SID, 'tok')
          ? 'auth'
          : !f.get('To') || !(f.get('From') || f.get('MessagingServiceSid'))
            ? 'To and From'
            : !f.get('Body') || (f.get('Body') ?? '').length > 1600
              ? 'Body of at most 1600'
              : undefined,
    ok: { status: 201, body: '{"sid":"SM1","status":"queued"}' },
  },
  twilio_call: {
    config: () => ({ type: 'twilio_call', account_sid: SID, auth_token: 'tok', from: '+14155550100', to: '+14155550111' }),
    fixedUrl: true,
    check: (r, _j, f) =>
      r.path !== `/2010-04-01/Accounts/${SID}/Calls.json`
        ? 'path'
        : !f.get('To') || !f.get('From')
          ? 'To and From'
          : !/^<Response>.*<\/Response>$/s.test(f.get('Twiml') ?? '') || (f.get('Twiml') ?? '').length > 4000
            ? 'Twiml'
            : undefined,
    ok: { status: 201, body: '{"sid":"CA1","status":"queued"}' },
  },
  vonage_sms: {
    config: () => ({ type: 'vonage_sms', api_key: 'key', api_secret: 'sec', from: 'tocsin', to: '+447700900000' }),
    fixedUrl: true,
    check: (r, j) =>
      r.path !== '/v1/messages'
        ? 'path'
        : r.headers.authorization !== basic('key', 'sec')
          ? 'auth'
          : j.message_type !== 'text' || j.channel !== 'sms'
            ? 'message_type and channel'
            : !/^\d{7,15}$/.test(j.to) || typeof j.text !== 'string' || (j.client_ref ?? '').length > 100
              ? 'to, text, client_ref'
              : undefined,
    ok: { status: 202, body: '{"message_uuid":"aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab"}' },
  },
  grafana_oncall: {
    config: (u) => ({ type: 'grafana_oncall', url: `${u}/integrations/v1/formatted_webhook/t/` }),
    check: (_r, j) => (j.state !== undefined && !oneOf(j.state, ['alerting', 'ok']) ? 'state' : typeof j.alert_uid !== 'string' ? 'alert_uid' : undefined),
    ok: { status: 200, body: 'Ok.' },
  },
  splunk_oncall: {
    config: () => ({ type: 'splunk_oncall', api_key: 'key', routing_key: 'ops' }),
    fixedUrl: true,
    check: (r, j) =>
      r.path !== '/integrations/generic/20131114/alert/key/ops'
        ? 'path'
        : !oneOf(j.message_type, ['CRITICAL', 'WARNING', 'ACKNOWLEDGEMENT', 'INFO', 'RECOVERY'])
          ? 'message_type'
          : typeof j.entity_id !== 'string'
            ? 'entity_id'
            : undefined,
    ok: { status: 200, body: '{"result":"success","entity_id":"x"}' },
  },
  squadcast: {
    config: (u) => ({ type: 'squadcast', url: `${u}/v2/incidents/api/key` }),
    check: (_r, j) =>
      !oneOf(j.status, ['trigger', 'resolve'])
        ? 'status'
        : typeof j.event_id !== 'string'
          ? 'event_id'
          : j.status === 'trigger' && typeof j.message !== 'string'
            ? 'message'
            : undefined,
    ok: { status: 202, body: '' },
  },
  apprise: {
    config: (u) => ({ type: 'apprise', url: u, key: 'ops' }),
    check: (r, j) =>
      r.path !== '/notify/ops'
        ? 'path'
        : typeof j.body !== 'string' || !j.body
          ? 'body required'
          : !oneOf(j.type, ['info', 'success', 'warning', 'failure'])
            ? 'type'
            : !oneOf(j.format, [undefined, 'text', 'markdown', 'html'])
              ? 'format'
              : undefined,
    ok: { status: 200, body: 'Notification(s) sent.' },
  },
  home_assistant: {
    config: (u) => ({ type: 'home_assistant', url: u, access_token: 'hat', service: 'mobile_app_x' }),
    check: (r, j) =>
      r.path !== '/api/services/notify/mobile_app_x'
        ? 'path'
        : r.headers.authorization !== 'Bearer hat'
          ? 'auth'
          : typeof j.message !== 'string'
            ? 'message required'
            : undefined,
    ok: { status: 200, body: '[]' },
  },
  lark: {
    config: (u) => ({ type: 'lark', url: `${u}/open-apis/bot/v2/hook/h`, secret: 's' }),
    check: (_r, j) =>
      !oneOf(j.msg_type, ['text', 'post', 'image', 'share_chat', 'interactive'])
        ? 'msg_type'
        : !j.content
          ? 'content'
          : !/^\d{10}$/.test(j.timestamp) || !j.sign
            ? 'timestamp and sign'
            : undefined,
    ok: { status: 200, body: '{"code":0,"msg":"success","data":{}}' },
  },
  dingtalk: {
    config: (u) => ({ type: 'dingtalk', url: `${u}/robot/send?access_token=t`, secret: 'SECx' }),
    check: (r, j) => {
      const q = new URL(r.path, 'http://x').searchParams;
      if (!q.get('access_token') || !/^\d{13}$/.test(q.get('timestamp') ?? '') || !q.get('sign')) return 'access_token, timestamp (ms) and sign';
      return j.msgtype !== 'markdown' || typeof j.markdown?.title !== 'string' || typeof j.markdown?.text !== 'string' ? 'markdown title and text' : undefined;
    },
    ok: { status: 200, body: '{"errcode":0,"errmsg":"ok"}' },
  },
  wecom: {
    config: (u) => ({ type: 'wecom', url: `${u}/cgi-bin/webhook/send?key=k` }),
    check: (_r, j) =>
      j.msgtype !== 'markdown' || typeof j.markdown?.content !== 'string' || Buffer.byteLength(j.markdown.content) > 4096
        ? 'markdown content of at most 4096 bytes'
        : undefined,
    ok: { status: 200, body: '{"errcode":0,"errmsg":"ok"}' },
  },
  line: {
    config: () => ({ type: 'line', channel_access_token: 'lt', to: `U${'0'.repeat(32)}` }),
    fixedUrl: true,
    check: (r, j) =>
      r.path !== '/v2/bot/message/push'
        ? 'path'
        : r.headers.authorization !== 'Bearer lt'
          ? 'auth'
          : !isUuid(r.headers['x-line-retry-key'])
            ? 'X-Line-Retry-Key must be a UUID'
            : !Array.isArray(j.messages) || j.messages.length < 1 || j.messages.length > 5
              ? '1 to 5 messages'
              : j.messages.some((m: Body) => m.type !== 'text' || typeof m.text !== 'string' || m.text.length > 5000)
                ? 'text messages of at most 5000'
                : undefined,
    ok: { status: 200, body: '{}' },
  },
  mastodon: {
    config: (u) => ({ type: 'mastodon', url: u, access_token: 'mt', visibility: 'direct', mention: ['@a@example.org'] }),
    check: (r, j) =>
      r.path !== '/api/v1/statuses'
        ? 'path'
        : r.headers.authorization !== 'Bearer mt'
          ? 'auth'
          : typeof j.status !== 'string' || j.status.length > 500
            ? 'status of at most 500'
            : !oneOf(j.visibility, ['public', 'unlisted', 'private', 'direct'])
              ? 'visibility'
              : undefined,
    ok: { status: 200, body: '{"id":"1"}' },
  },
};

function parse(r: Received): { json: Body; form: URLSearchParams } {
  const text = r.body.toString('utf8');
  const type = String(r.headers['content-type'] ?? '');
  if (type.startsWith('application/x-www-form-urlencoded')) return { json: {}, form: new URLSearchParams(text) };
  try {
    return { json: JSON.parse(text) as Body, form: new URLSearchParams() };
  } catch {
    return { json: {}, form: new URLSearchParams() };
  }
}

const events: NotificationEvent[] = ['monitor.down', 'monitor.reminder', 'monitor.acknowledged', 'monitor.up', 'test', 'tocsin.self'];

let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

describe.each(Object.entries(services))('%s, as its documentation describes it', (_name, service) => {
  it.each(events)('accepts %s', async (event) => {
    receiver = await startReceiver((r) => {
      if (r.method !== 'POST') return { status: 405, body: 'method' };
      const { json, form } = parse(r);
      const problem = service.check(r, json, form);
      return problem ? { status: 400, body: JSON.stringify({ message: problem }) } : service.ok;
    });
    const config = service.config(receiver.url);
    const outcome = await deliver(config, notification(event), context, {
      channel: 'doc',
      timeoutMs: 5000,
      ...(service.fixedUrl ? { baseUrlOverride: receiver.url } : {}),
    });
    expect(outcome).toMatchObject({ ok: true });
    if (!outcome.ok || outcome.status === 0) expect(receiver.requests).toHaveLength(0);
    else expect(receiver.requests).toHaveLength(1);
  });
});
