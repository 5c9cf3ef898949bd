import { sendHttp } from '../http-send.js';
import type { ChannelOf, HttpRequest, SendOptions, SendOutcome } from '../types.js';

/** Pushover answers 4xx with {status: 0, errors: [...]} for a bad token or user: permanent, as the judge decides. */
export function send(request: HttpRequest, config: ChannelOf<'pushover'>, options: SendOptions): Promise<SendOutcome> {
  return sendHttp(request, options, [config.token, config.user]);
}
