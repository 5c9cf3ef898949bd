import { sendHttp } from '../http-send.js';
import { channelSecrets } from '../secrets.js';
import type { ChannelOf, HttpRequest, SendOptions, SendOutcome } from '../types.js';
import { vonageAuth } from './render.js';

export function send(request: HttpRequest, config: ChannelOf<'vonage_sms'>, options: SendOptions): Promise<SendOutcome> {
  return sendHttp(request, options, [...channelSecrets(config), vonageAuth(config).slice('Basic '.length)]);
}
