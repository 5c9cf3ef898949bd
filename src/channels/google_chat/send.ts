import { sendPlain } from '../send-plain.js';
import type { ChannelOf, HttpRequest, SendOptions, SendOutcome } from '../types.js';

/** The key and token in the webhook URL's query are the credential. */
export function send(request: HttpRequest, config: ChannelOf<'google_chat'>, options: SendOptions): Promise<SendOutcome> {
  return sendPlain(request, config, options);
}
