import { sendHttp } from '../http-send.js';
import type { ChannelOf, HttpRequest, SendOptions, SendOutcome } from '../types.js';

/**
 * The bot token sits in the URL path, so it is scrubbed from anything echoed
 * back. A 429 carries parameters.retry_after in the body, which the judge honours.
 */
export function send(request: HttpRequest, config: ChannelOf<'telegram'>, options: SendOptions): Promise<SendOutcome> {
  // The part after the colon is the secret half; scrub it alone as well.
  return sendHttp(request, options, [config.bot_token, config.bot_token.split(':').pop() ?? '']);
}
