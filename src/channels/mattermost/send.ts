import { sendPlain } from '../send-plain.js';
import type { ChannelOf, HttpRequest, SendOptions, SendOutcome } from '../types.js';

/** The webhook URL's path is the credential. */
export function send(request: HttpRequest, config: ChannelOf<'mattermost'>, options: SendOptions): Promise<SendOutcome> {
  return sendPlain(request, config, options);
}
