import { sendHttp } from '../http-send.js';
import { channelSecrets } from '../secrets.js';
import type { ChannelOf, HttpRequest, SendOptions, SendOutcome } from '../types.js';
import { twilioAuth } from './render.js';

/** The auth token also travels inside the Basic credentials; both spellings stay out of errors. */
export function send(request: HttpRequest, config: ChannelOf<'twilio_sms'>, options: SendOptions): Promise<SendOutcome> {
  return sendHttp(request, options, [...channelSecrets(config), twilioAuth(config).slice('Basic '.length)]);
}
