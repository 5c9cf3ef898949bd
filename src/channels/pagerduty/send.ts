import { sendHttp } from '../http-send.js';
import type { ChannelOf, HttpRequest, SendOptions, SendOutcome } from '../types.js';

/** 202 is success; 400 (invalid event) is permanent; 429 and 5xx are retried, as PagerDuty asks. */
export function send(request: HttpRequest, config: ChannelOf<'pagerduty'>, options: SendOptions): Promise<SendOutcome> {
  return sendHttp(request, options, [config.routing_key]);
}
