import { sendHttp } from '../http-send.js';
import type { ChannelOf, HttpRequest, SendOptions, SendOutcome } from '../types.js';

/** Opsgenie answers 202 and processes asynchronously; 401/403/422 mean the key or body is wrong and will stay wrong. */
export function send(request: HttpRequest, config: ChannelOf<'opsgenie'>, options: SendOptions): Promise<SendOutcome> {
  return sendHttp(request, options, [config.api_key]);
}
