import { sendPlain } from '../send-plain.js';
import type { ChannelOf, HttpRequest, SendOptions, SendOutcome } from '../types.js';

/** The token is the last segment of the webhook URL's path. */
export function send(request: HttpRequest, config: ChannelOf<'rocketchat'>, options: SendOptions): Promise<SendOutcome> {
  return sendPlain(request, config, options);
}
