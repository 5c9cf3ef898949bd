import { sendPlain } from '../send-plain.js';
import type { ChannelOf, HttpRequest, SendOptions, SendOutcome } from '../types.js';

/** The REST API has no credential of its own; the proxy password of a user-info in the URL is kept out of errors. */
export function send(request: HttpRequest, config: ChannelOf<'signal'>, options: SendOptions): Promise<SendOutcome> {
  return sendPlain(request, config, options);
}
