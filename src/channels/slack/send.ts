import { sendHttp } from '../http-send.js';
import { urlSecrets } from '../judge.js';
import type { ChannelOf, HttpRequest, SendOptions, SendOutcome } from '../types.js';

/** The webhook URL's path is the credential; http-send already prints only its host. */
export function send(request: HttpRequest, config: ChannelOf<'slack'>, options: SendOptions): Promise<SendOutcome> {
  return sendHttp(request, options, urlSecrets(config.url));
}
