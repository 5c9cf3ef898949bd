/**
 * Chat rooms, push services, SMS and voice, and incident tools beyond the first twelve channels.
 * Each shape takes what the service's own setup screen hands out (a webhook URL, a token, a
 * number); every credential sits in a field named like one, so reads mask it (channels/secrets.ts).
 */
import { z } from 'zod';
import { channel, email, httpUrl, label, secret } from './channel-fields.js';

export const moreChannelTypes = ['mattermost', 'rocketchat', 'google_chat', 'zulip', 'gotify', 'signal'] as const;

export const moreChannels = [
  channel('mattermost', {
    url: httpUrl().meta({ description: 'Mattermost incoming-webhook URL, e.g. https://chat.example.org/hooks/xxx' }),
    channel: label().optional().meta({ description: 'Post to this channel instead of the webhook\'s own (if the webhook allows it)' }),
    username: label().optional().meta({ description: 'Name shown as the poster (if the server allows overriding it)' }),
  }),
  channel('rocketchat', {
    url: httpUrl().meta({ description: 'Rocket.Chat incoming-webhook URL, e.g. https://chat.example.org/hooks/<id>/<token>' }),
    channel: label().optional().meta({ description: 'Post to this #channel or @user instead of the integration\'s own' }),
  }),
  channel('google_chat', {
    url: httpUrl().meta({ description: 'Google Chat space webhook URL (with its key and token query)' }),
  }),
  channel('zulip', {
    site: httpUrl().meta({ description: 'Zulip server, e.g. https://example.zulipchat.com' }),
    email: email().meta({ description: 'The bot\'s email address' }),
    api_key: secret('API key').meta({ description: 'The bot\'s API key' }),
    stream: label(60).meta({ description: 'Channel (stream) to post to' }),
    topic: label(60).optional().meta({ description: 'Topic; by default each monitor gets its own topic' }),
  }),
  channel('gotify', {
    url: httpUrl().meta({ description: 'Gotify server, e.g. https://push.example.org' }),
    token: secret('application token'),
    priority: z.number().int().min(0).max(10).optional().meta({ description: 'Priority of problems (0–10, default 8); recoveries and tests go at 4' }),
  }),
  channel('signal', {
    url: httpUrl().meta({ description: 'signal-cli REST API, e.g. http://signal-api:8080' }),
    number: z.string().regex(/^\+[1-9]\d{6,14}$/, 'expected the registered sender number in E.164 form such as +14155550100'),
    recipients: z
      .array(z.string().regex(/^\+[1-9]\d{6,14}$|^group\.[A-Za-z0-9+/=]{1,200}$/, 'expected a number such as +14155550100 or a group id such as group.abc…'))
      .min(1, 'expected at least one recipient')
      .max(100),
  }),
] as const;
