/**
 * The send of channels whose request needs nothing but sending: every credential the settings
 * hold (token fields, webhook paths and queries) is kept out of what the error says.
 */
import { sendHttp } from './http-send.js';
import { channelSecrets } from './secrets.js';
import type { HttpRequest, SendOptions, SendOutcome, Skipped } from './types.js';

export function sendPlain(request: HttpRequest, config: object, options: SendOptions): Promise<SendOutcome> {
  return sendHttp(request, options, channelSecrets(config));
}

/** Nothing goes on the wire for a skipped notification: it is done, and says why. */
export function skippedOutcome(payload: Skipped): SendOutcome {
  return { ok: true, status: 0, detail: `not sent: ${payload.skip}`, skipped: true };
}

export function isSkipped(payload: HttpRequest | Skipped): payload is Skipped {
  return 'skip' in payload;
}
