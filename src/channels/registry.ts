/**
 * Every channel type, by name. Adding one touches its folder and this list.
 * deliver() is what the outbox calls: render, then send exactly that.
 */
import * as mattermost from './mattermost/render.js';
import * as mattermostSend from './mattermost/send.js';
import * as rocketchat from './rocketchat/render.js';
import * as rocketchatSend from './rocketchat/send.js';
import * as googleChat from './google_chat/render.js';
import * as googleChatSend from './google_chat/send.js';
import * as zulip from './zulip/render.js';
import * as zulipSend from './zulip/send.js';
import * as gotify from './gotify/render.js';
import * as gotifySend from './gotify/send.js';
import * as signal from './signal/render.js';
import * as signalSend from './signal/send.js';
import * as twilioSms from './twilio_sms/render.js';
import * as twilioSmsSend from './twilio_sms/send.js';
import * as twilioCall from './twilio_call/render.js';
import * as twilioCallSend from './twilio_call/send.js';
import * as vonageSms from './vonage_sms/render.js';
import * as vonageSmsSend from './vonage_sms/send.js';
import * as grafanaOncall from './grafana_oncall/render.js';
import * as grafanaOncallSend from './grafana_oncall/send.js';
import * as splunkOncall from './splunk_oncall/render.js';
import * as splunkOncallSend from './splunk_oncall/send.js';
import * as squadcast from './squadcast/render.js';
import * as squadcastSend from './squadcast/send.js';
import * as apprise from './apprise/render.js';
import * as appriseSend from './apprise/send.js';
import * as homeAssistant from './home_assistant/render.js';
import * as homeAssistantSend from './home_assistant/send.js';
import * as lark from './lark/render.js';
import * as larkSend from './lark/send.js';
import * as dingtalk from './dingtalk/render.js';
import * as dingtalkSend from './dingtalk/send.js';
import * as wecom from './wecom/render.js';
import * as wecomSend from './wecom/send.js';
import * as line from './line/render.js';
import * as lineSend from './line/send.js';
import * as mastodon from './mastodon/render.js';
import * as mastodonSend from './mastodon/send.js';
import * as command from './command/render.js';
import * as commandSend from './command/send.js';
import * as commandFileOnly from './command/file-only.js';
import * as discord from './discord/render.js';
import * as discordSend from './discord/send.js';
import * as email from './email/render.js';
import * as emailSend from './email/send.js';
import * as matrix from './matrix/render.js';
import * as matrixSend from './matrix/send.js';
import * as ntfy from './ntfy/render.js';
import * as ntfySend from './ntfy/send.js';
import * as opsgenie from './opsgenie/render.js';
import * as opsgenieSend from './opsgenie/send.js';
import * as pagerduty from './pagerduty/render.js';
import * as pagerdutySend from './pagerduty/send.js';
import * as pushover from './pushover/render.js';
import * as pushoverSend from './pushover/send.js';
import * as slack from './slack/render.js';
import * as slackSend from './slack/send.js';
import * as teams from './teams/render.js';
import * as teamsSend from './teams/send.js';
import * as telegram from './telegram/render.js';
import * as telegramSend from './telegram/send.js';
import type { FileOnly } from '../checks/target.js';
import type { ChannelConfig, ChannelDriver, ChannelType, HttpRequest, Notification, RenderContext, SendOptions, SendOutcome, Skipped } from './types.js';
import * as webhook from './webhook/render.js';
import * as webhookSend from './webhook/send.js';

export interface Payloads {
  webhook: HttpRequest;
  slack: HttpRequest;
  discord: HttpRequest;
  teams: HttpRequest;
  email: email.MailMessage;
  pagerduty: HttpRequest;
  opsgenie: HttpRequest;
  ntfy: HttpRequest;
  telegram: HttpRequest;
  matrix: HttpRequest;
  pushover: HttpRequest;
  command: command.CommandRun;
  mattermost: HttpRequest;
  rocketchat: HttpRequest;
  google_chat: HttpRequest;
  zulip: HttpRequest;
  gotify: HttpRequest;
  signal: HttpRequest;
  twilio_sms: HttpRequest;
  twilio_call: HttpRequest | Skipped;
  vonage_sms: HttpRequest;
  grafana_oncall: HttpRequest;
  splunk_oncall: HttpRequest;
  squadcast: HttpRequest | Skipped;
  apprise: HttpRequest;
  home_assistant: HttpRequest;
  lark: HttpRequest;
  dingtalk: HttpRequest;
  wecom: HttpRequest;
  line: HttpRequest;
  mastodon: HttpRequest;
}

export type Drivers = { [T in ChannelType]: ChannelDriver<T, Payloads[T]> };

export const drivers: Drivers = {
  webhook: { type: 'webhook', render: webhook.render, send: webhookSend.send },
  slack: { type: 'slack', render: slack.render, send: slackSend.send },
  discord: { type: 'discord', render: discord.render, send: discordSend.send },
  teams: { type: 'teams', render: teams.render, send: teamsSend.send },
  email: { type: 'email', render: email.render, send: emailSend.send },
  pagerduty: { type: 'pagerduty', render: pagerduty.render, send: pagerdutySend.send },
  opsgenie: { type: 'opsgenie', render: opsgenie.render, send: opsgenieSend.send },
  ntfy: { type: 'ntfy', render: ntfy.render, send: ntfySend.send },
  telegram: { type: 'telegram', render: telegram.render, send: telegramSend.send },
  matrix: { type: 'matrix', render: matrix.render, send: matrixSend.send },
  pushover: { type: 'pushover', render: pushover.render, send: pushoverSend.send },
  command: { type: 'command', render: command.render, send: commandSend.send, fileOnly: commandFileOnly.fileOnly },
  mattermost: { type: 'mattermost', render: mattermost.render, send: mattermostSend.send },
  rocketchat: { type: 'rocketchat', render: rocketchat.render, send: rocketchatSend.send },
  google_chat: { type: 'google_chat', render: googleChat.render, send: googleChatSend.send },
  zulip: { type: 'zulip', render: zulip.render, send: zulipSend.send },
  gotify: { type: 'gotify', render: gotify.render, send: gotifySend.send },
  signal: { type: 'signal', render: signal.render, send: signalSend.send },
  twilio_sms: { type: 'twilio_sms', render: twilioSms.render, send: twilioSmsSend.send },
  twilio_call: { type: 'twilio_call', render: twilioCall.render, send: twilioCallSend.send },
  vonage_sms: { type: 'vonage_sms', render: vonageSms.render, send: vonageSmsSend.send },
  grafana_oncall: { type: 'grafana_oncall', render: grafanaOncall.render, send: grafanaOncallSend.send },
  splunk_oncall: { type: 'splunk_oncall', render: splunkOncall.render, send: splunkOncallSend.send },
  squadcast: { type: 'squadcast', render: squadcast.render, send: squadcastSend.send },
  apprise: { type: 'apprise', render: apprise.render, send: appriseSend.send },
  home_assistant: { type: 'home_assistant', render: homeAssistant.render, send: homeAssistantSend.send },
  lark: { type: 'lark', render: lark.render, send: larkSend.send },
  dingtalk: { type: 'dingtalk', render: dingtalk.render, send: dingtalkSend.send },
  wecom: { type: 'wecom', render: wecom.render, send: wecomSend.send },
  line: { type: 'line', render: line.render, send: lineSend.send },
  mastodon: { type: 'mastodon', render: mastodon.render, send: mastodonSend.send },
};

/**
 * TypeScript cannot correlate a config's `type` with its driver through a
 * union, so the pair is widened once here, where the lookup guarantees it.
 */
function driverOf(config: ChannelConfig): ChannelDriver<ChannelType, unknown> {
  return drivers[config.type] as unknown as ChannelDriver<ChannelType, unknown>;
}

/** Why `config` can only be written in tocsin.yaml, not through the API, or undefined: each channel says so in its folder. */
export function channelFileOnly(config: ChannelConfig): FileOnly | undefined {
  return driverOf(config).fileOnly?.(config);
}

/** What would be sent: for previews (`tocsin notify test --dry-run`) and tests. */
export function renderFor(config: ChannelConfig, notification: Notification, context: RenderContext): unknown {
  return driverOf(config).render(notification, config, context);
}

/** Render and send one attempt. Never throws: a bug in a renderer is reported as a permanent failure of the channel. */
export async function deliver(config: ChannelConfig, notification: Notification, context: RenderContext, options: SendOptions): Promise<SendOutcome> {
  const driver = driverOf(config);
  let payload: unknown;
  try {
    payload = driver.render(notification, config, context);
  } catch (error) {
    return { ok: false, permanent: true, error: `${options.channel}: could not render the ${notification.event} notification: ${(error as Error).message}` };
  }
  try {
    return await driver.send(payload, config, options);
  } catch (error) {
    return { ok: false, permanent: false, error: `${options.channel}: ${(error as Error).message}` };
  }
}
