import { sendPlain } from '../send-plain.js';
import type { ChannelOf, HttpRequest, SendOptions, SendOutcome } from '../types.js';

export function send(request: HttpRequest, config: ChannelOf<'mastodon'>, options: SendOptions): Promise<SendOutcome> {
  return sendPlain(request, config, options);
}
