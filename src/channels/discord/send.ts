import { sendHttp } from '../http-send.js';
import { urlSecrets } from '../judge.js';
import type { ChannelOf, HttpRequest, SendOptions, SendOutcome } from '../types.js';

/** The webhook token is the last path segment; http-send prints only the host. Discord's 429 body carries retry_after, which the judge reads. */
export function send(request: HttpRequest, config: ChannelOf<'discord'>, options: SendOptions): Promise<SendOutcome> {
  return sendHttp(request, options, urlSecrets(config.url));
}
