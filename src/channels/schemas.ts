/**
 * The channel types and their settings schemas, in the order people read them: the config's channel
 * union (schema/channels.ts) is derived from this list. Imports nothing from node:* so the dashboard
 * can validate with the same schemas. Every credential sits in a field named like one, so reads mask
 * it (channels/secrets.ts). Adding a channel: its folder, one line here and one in registry.ts.
 */
import { webhookChannel } from './webhook/schema.js';
import { slackChannel } from './slack/schema.js';
import { discordChannel } from './discord/schema.js';
import { teamsChannel } from './teams/schema.js';
import { emailChannel } from './email/schema.js';
import { pagerdutyChannel } from './pagerduty/schema.js';
import { opsgenieChannel } from './opsgenie/schema.js';
import { ntfyChannel } from './ntfy/schema.js';
import { telegramChannel } from './telegram/schema.js';
import { matrixChannel } from './matrix/schema.js';
import { pushoverChannel } from './pushover/schema.js';
import { commandChannel } from './command/schema.js';
import { mattermostChannel } from './mattermost/schema.js';
import { rocketchatChannel } from './rocketchat/schema.js';
import { googleChatChannel } from './google_chat/schema.js';
import { zulipChannel } from './zulip/schema.js';
import { gotifyChannel } from './gotify/schema.js';
import { signalChannel } from './signal/schema.js';
import { twilioSmsChannel } from './twilio_sms/schema.js';
import { twilioCallChannel } from './twilio_call/schema.js';
import { vonageSmsChannel } from './vonage_sms/schema.js';
import { grafanaOncallChannel } from './grafana_oncall/schema.js';
import { splunkOncallChannel } from './splunk_oncall/schema.js';
import { squadcastChannel } from './squadcast/schema.js';
import { appriseChannel } from './apprise/schema.js';
import { homeAssistantChannel } from './home_assistant/schema.js';
import { larkChannel } from './lark/schema.js';
import { dingtalkChannel } from './dingtalk/schema.js';
import { wecomChannel } from './wecom/schema.js';
import { lineChannel } from './line/schema.js';
import { mastodonChannel } from './mastodon/schema.js';

export const channelSchemas = [
  webhookChannel,
  slackChannel,
  discordChannel,
  teamsChannel,
  emailChannel,
  pagerdutyChannel,
  opsgenieChannel,
  ntfyChannel,
  telegramChannel,
  matrixChannel,
  pushoverChannel,
  commandChannel,
  mattermostChannel,
  rocketchatChannel,
  googleChatChannel,
  zulipChannel,
  gotifyChannel,
  signalChannel,
  twilioSmsChannel,
  twilioCallChannel,
  vonageSmsChannel,
  grafanaOncallChannel,
  splunkOncallChannel,
  squadcastChannel,
  appriseChannel,
  homeAssistantChannel,
  larkChannel,
  dingtalkChannel,
  wecomChannel,
  lineChannel,
  mastodonChannel,
] as const;
