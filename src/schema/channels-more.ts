/**
 * Chat rooms, push services, SMS and voice, and incident tools beyond the first twelve channels.
 * Each shape takes what the service's own setup screen hands out (a webhook URL, a token, a
 * number); every credential sits in a field named like one, so reads mask it (channels/secrets.ts).
 */
import { z } from 'zod';
import { channel, email, httpUrl, label, phone, secret } from './channel-fields.js';

export const moreChannelTypes = [
  'mattermost',
  'rocketchat',
  'google_chat',
  'zulip',
  'gotify',
  'signal',
  'twilio_sms',
  'twilio_call',
  'vonage_sms',
  'grafana_oncall',
  'splunk_oncall',
  'squadcast',
  'apprise',
  'home_assistant',
  'lark',
  'dingtalk',
  'wecom',
  'line',
  'mastodon',
] as const;

const twilio = {
  account_sid: z
    .string()
    .regex(/^AC[0-9a-fA-F]{32}$/, 'expected a Twilio account SID: AC followed by 32 hex digits')
    .meta({ description: "The Twilio account SID (AC…), the user name of the API's basic authentication" }),
  auth_token: secret('auth token').meta({ description: "The account's auth token" }),
  from: z
    .string()
    .regex(/^\+[1-9]\d{6,14}$|^MG[0-9a-fA-F]{32}$/, 'expected a Twilio number in E.164 form such as +14155550100 or a messaging service SID (MG…)')
    .meta({ description: 'A Twilio number in E.164 form, or a messaging service SID (MG…) to send from' }),
  to: phone().meta({ description: 'The phone to reach; one per channel, so a retry never reaches someone twice' }),
};

export const moreChannels = [
  channel('mattermost', {
    url: httpUrl().meta({ description: 'Mattermost incoming-webhook URL, e.g. https://chat.example.org/hooks/xxx' }),
    channel: label().optional().meta({ description: "Post to this channel instead of the webhook's own (if the webhook allows it)" }),
    username: label().optional().meta({ description: 'Name shown as the poster (if the server allows overriding it)' }),
  }),
  channel('rocketchat', {
    url: httpUrl().meta({ description: 'Rocket.Chat incoming-webhook URL, e.g. https://chat.example.org/hooks/<id>/<token>' }),
    channel: label().optional().meta({ description: "Post to this #channel or @user instead of the integration's own" }),
  }),
  channel('google_chat', {
    url: httpUrl().meta({ description: 'Google Chat space webhook URL (with its key and token query)' }),
  }),
  channel('zulip', {
    site: httpUrl().meta({ description: 'Zulip server, e.g. https://example.zulipchat.com' }),
    email: email().meta({ description: "The bot's email address" }),
    api_key: secret('API key').meta({ description: "The bot's API key" }),
    stream: label(60).meta({ description: 'Channel (stream) to post to' }),
    topic: label(60).optional().meta({ description: 'Topic; by default each monitor gets its own topic' }),
  }),
  channel('gotify', {
    url: httpUrl().meta({ description: 'Gotify server, e.g. https://push.example.org' }),
    token: secret('application token').meta({ description: 'Token of the Gotify application the messages are posted as' }),
    priority: z.number().int().min(0).max(10).optional().meta({ description: 'Priority of problems (0–10, default 8); recoveries and tests go at 4' }),
  }),
  channel('signal', {
    url: httpUrl().meta({ description: 'signal-cli REST API, e.g. http://signal-api:8080' }),
    number: z
      .string()
      .regex(/^\+[1-9]\d{6,14}$/, 'expected the registered sender number in E.164 form such as +14155550100')
      .meta({ description: 'The sender: the number registered with signal-cli, in E.164 form' }),
    recipients: z
      .array(z.string().regex(/^\+[1-9]\d{6,14}$|^group\.[A-Za-z0-9+/=]{1,200}$/, 'expected a number such as +14155550100 or a group id such as group.abc…'))
      .min(1, 'expected at least one recipient')
      .max(100)
      .meta({ description: 'Numbers in E.164 form or group ids (group.…) to send to, at most 100' }),
  }),
  channel('twilio_sms', twilio),
  channel('twilio_call', {
    ...twilio,
    from: phone().meta({ description: 'A Twilio voice number in E.164 form' }),
  }),
  channel('vonage_sms', {
    api_key: secret('API key').meta({ description: 'The Vonage API key' }),
    api_secret: secret('API secret').meta({ description: 'The Vonage API secret' }),
    from: z
      .string()
      .regex(/^\+?[1-9]\d{6,14}$|^[A-Za-z0-9 ]{1,11}$/, 'expected a number such as +14155550100 or an alphanumeric sender id of up to 11 characters')
      .meta({ description: 'A Vonage number, or an alphanumeric sender id of up to 11 characters where the country allows one' }),
    to: phone().meta({ description: 'The phone to reach; one per channel, so a retry never reaches someone twice' }),
  }),
  channel('grafana_oncall', { url: httpUrl().meta({ description: 'URL of a Grafana OnCall "Formatted webhook" integration' }) }),
  channel('splunk_oncall', {
    api_key: secret('REST endpoint API key').meta({ description: 'The key in the REST endpoint integration URL (Splunk On-Call, formerly VictorOps)' }),
    routing_key: secret('routing key').meta({ description: "The routing key that sends the incident to a team's escalation policy" }),
  }),
  channel('squadcast', { url: httpUrl().meta({ description: 'Squadcast incident webhook URL, e.g. https://api.squadcast.com/v2/incidents/api/<key>' }) }),
  channel('apprise', {
    url: httpUrl().meta({ description: 'Apprise API server, e.g. http://apprise:8000' }),
    key: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected the configuration key: 1 to 64 letters, digits, "_" or "-"')
      .meta({ description: 'The key of the configuration stored on the Apprise API server (POST /notify/<key>)' }),
    tag: label(200).optional().meta({ description: 'Notify only the URLs with this tag (Apprise\'s own tags; "all" for every one)' }),
  }),
  channel('home_assistant', {
    url: httpUrl().meta({ description: 'Home Assistant, e.g. http://homeassistant.local:8123' }),
    access_token: secret('long-lived access token').meta({ description: 'A long-lived access token from the Home Assistant user profile' }),
    service: z
      .string()
      .regex(/^[a-z0-9_]{1,100}$/, 'expected a notify service name such as mobile_app_pixel_8 (the part after "notify.")')
      .default('notify')
      .meta({ description: 'The notify service to call, without "notify."' }),
  }),
  channel('lark', {
    url: httpUrl().meta({ description: 'Lark or Feishu custom bot webhook URL (open.larksuite.com or open.feishu.cn)' }),
    secret: secret('signing secret').optional().meta({ description: "The bot's signature verification secret, if set" }),
  }),
  channel('dingtalk', {
    url: httpUrl().meta({ description: 'DingTalk robot webhook URL with its access_token' }),
    secret: secret('signing secret').optional().meta({ description: 'The robot\'s "SEC…" signing secret, if its security setting is signing' }),
  }),
  channel('wecom', { url: httpUrl().meta({ description: 'WeCom (WeChat Work) group robot webhook URL with its key' }) }),
  channel('line', {
    channel_access_token: secret('channel access token').meta({ description: 'LINE Messaging API channel access token' }),
    to: z
      .string()
      .regex(/^[UCR][0-9a-f]{32}$/, 'expected a LINE user, group or room id: U, C or R followed by 32 hex digits')
      .meta({ description: 'The user (U…), group (C…) or room (R…) id to push to' }),
  }),
  channel('mastodon', {
    url: httpUrl().meta({ description: 'The Mastodon server of the posting account, e.g. https://fosstodon.org' }),
    access_token: secret('access token').meta({ description: 'Access token of an application with the write:statuses scope' }),
    visibility: z.enum(['direct', 'private', 'unlisted', 'public']).default('direct').meta({ description: 'direct: only the mentioned accounts see it' }),
    mention: z
      .array(z.string().regex(/^@[A-Za-z0-9_]+(@[A-Za-z0-9.-]+)?$/, 'expected an account such as @alice@example.org'))
      .max(20)
      .default([])
      .meta({ description: 'Accounts to mention; with direct visibility they are the only readers' }),
  }),
] as const;
