import { sendHttp } from '../http-send.js';
import { channelSecrets } from '../secrets.js';
import type { ChannelOf, HttpRequest, SendOptions, SendOutcome } from '../types.js';

/** The API key travels inside the Basic credentials: a receiver echoing the header must not leak it either. */
export function send(request: HttpRequest, config: ChannelOf<'zulip'>, options: SendOptions): Promise<SendOutcome> {
  const basic = Buffer.from(`${config.email}:${config.api_key}`).toString('base64');
  return sendHttp(request, options, [...channelSecrets(config), basic]);
}
