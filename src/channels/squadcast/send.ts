import { isSkipped, sendPlain, skippedOutcome } from '../send-plain.js';
import type { ChannelOf, HttpRequest, SendOptions, SendOutcome, Skipped } from '../types.js';

/** The key is the last segment of the webhook URL's path. */
export async function send(payload: HttpRequest | Skipped, config: ChannelOf<'squadcast'>, options: SendOptions): Promise<SendOutcome> {
  return isSkipped(payload) ? skippedOutcome(payload) : sendPlain(payload, config, options);
}
