import { sendHttp } from '../http-send.js';
import { channelSecrets } from '../secrets.js';
import { isSkipped, skippedOutcome } from '../send-plain.js';
import { twilioAuth } from '../twilio_sms/render.js';
import type { ChannelOf, HttpRequest, SendOptions, SendOutcome, Skipped } from '../types.js';

export async function send(payload: HttpRequest | Skipped, config: ChannelOf<'twilio_call'>, options: SendOptions): Promise<SendOutcome> {
  if (isSkipped(payload)) return skippedOutcome(payload);
  return sendHttp(payload, options, [...channelSecrets(config), twilioAuth(config).slice('Basic '.length)]);
}
