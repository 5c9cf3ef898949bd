/** Where notifications go: one entry per channel id, discriminated by `type`. */
import { z } from 'zod';
import { channel, email, httpUrl, secret } from './channel-fields.js';
import { moreChannels, moreChannelTypes } from './channels-more.js';
import { id } from './primitives.js';

const NTFY_PRIORITIES = { min: 1, low: 2, default: 3, high: 4, max: 5, urgent: 5 } as const;

const ntfyPriority = z.union(
  [z.number().int().min(1).max(5), z.enum(['min', 'low', 'default', 'high', 'max', 'urgent']).transform((name) => NTFY_PRIORITIES[name])],
  { error: 'expected a priority 1 to 5 or one of min, low, default, high, max, urgent' },
);

export const channelTypes = [
  'webhook',
  'slack',
  'discord',
  'teams',
  'email',
  'pagerduty',
  'opsgenie',
  'ntfy',
  'telegram',
  'matrix',
  'pushover',
  'command',
  ...moreChannelTypes,
] as const;

export const channelSchema = z.discriminatedUnion('type', [
  channel('webhook', {
    url: httpUrl().meta({ description: 'Receives a JSON POST per notification (the generic webhook format)' }),
    secret: secret('secret').optional().meta({ description: 'Signs each body: X-Tocsin-Signature: sha256=<HMAC>' }),
    headers: z
      .record(z.string(), z.string())
      .default({})
      .meta({ description: 'Extra request headers; their values are write-only (shown as "••••") unless named in public_headers' }),
    public_headers: z
      .array(z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'expected a header name such as X-Request-Source'))
      .optional()
      .meta({ description: 'Names of headers whose values are not secret: shown in reads and left in delivery errors' }),
  }),
  channel('slack', { url: httpUrl().meta({ description: 'Slack incoming-webhook URL' }) }),
  channel('discord', { url: httpUrl().meta({ description: 'Discord webhook URL' }) }),
  channel('teams', { url: httpUrl().meta({ description: 'Microsoft Teams workflow webhook URL' }) }),
  channel('email', {
    smtp: z
      .url({ protocol: /^smtps?$/, error: 'expected an smtp:// or smtps:// URL such as smtp://mail.example.org:587' })
      .meta({ description: 'Mail server: smtp://user:password@host:587 (STARTTLS when offered) or smtps:// (TLS from the start)' }),
    from: email().meta({ description: 'Sender address' }),
    to: z.array(email()).min(1).meta({ description: 'Recipient addresses' }),
  }),
  channel('pagerduty', { routing_key: secret('routing key').meta({ description: 'Events API v2 integration key' }) }),
  channel('opsgenie', {
    api_key: secret('API key').meta({ description: 'Opsgenie API integration key' }),
    region: z.enum(['us', 'eu']).default('us').meta({ description: 'Which Opsgenie API: api.opsgenie.com (us) or api.eu.opsgenie.com (eu)' }),
  }),
  channel('ntfy', {
    url: httpUrl().meta({ description: 'Topic URL, e.g. https://ntfy.sh/my-alerts' }),
    token: secret('token').optional().meta({ description: 'Access token of a protected topic' }),
    priority: ntfyPriority.optional().meta({
      description:
        'Priority of problems (down, reminders), 1 to 5 or min, low, default, high, max, urgent; absent: 5 for down, 4 for degraded. Recoveries stay at 3',
    }),
  }),
  channel('telegram', {
    bot_token: secret('bot token').meta({ description: 'Token from @BotFather' }),
    // YAML reads -1001234 as a number; the Bot API takes either, so keep one spelling.
    chat_id: z
      .union([z.string().min(1), z.number().int()], { error: 'expected a chat id such as -1001234567890 or @channel' })
      .transform(String)
      .meta({ description: 'Chat, group or channel: a number such as -1001234567890 or @channelname' }),
  }),
  channel('matrix', {
    homeserver: httpUrl().meta({ description: 'Base URL of the homeserver, e.g. https://matrix.example.org' }),
    access_token: secret('access token').meta({ description: 'Access token of the account that posts' }),
    room_id: z
      .string()
      .regex(/^[!#][^:]+:.+$/, 'expected a room id such as !abc:example.org or an alias such as #ops:example.org')
      .meta({ description: 'Room id (!abc:example.org) or alias (#ops:example.org)' }),
  }),
  channel('pushover', {
    token: secret('application token').meta({ description: 'Pushover application token' }),
    user: secret('user key').meta({ description: 'Pushover user or group key' }),
  }),
  channel('command', {
    command: z
      .array(z.string().min(1))
      .min(1, 'expected the program and its arguments, e.g. [/usr/local/bin/page, --team, ops]')
      .meta({ description: 'Program and arguments, run without a shell; it reads the webhook JSON on stdin and TOCSIN_* variables' }),
  }),
  ...moreChannels,
]);

export const channelsSchema = z.record(id(), channelSchema).default({}).meta({ description: 'Notification channels by id; escalation policies name them' });

export type ChannelConfig = z.output<typeof channelSchema>;
export type ChannelType = ChannelConfig['type'];
export type ChannelOf<T extends ChannelType> = Extract<ChannelConfig, { type: T }>;
