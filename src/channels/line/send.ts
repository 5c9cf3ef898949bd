/** A 409 to a retry means LINE already accepted the first attempt (same X-Line-Retry-Key): delivered. */
import { channelSecrets } from '../secrets.js';
import type { ChannelOf, HttpRequest, SendOptions, SendOutcome } from '../types.js';
import { sendJudged } from '../verdict.js';

export function send(request: HttpRequest, config: ChannelOf<'line'>, options: SendOptions): Promise<SendOutcome> {
  return sendJudged(request, options, channelSecrets(config), (answer) => (answer.status === 409 ? { ok: true } : undefined));
}
