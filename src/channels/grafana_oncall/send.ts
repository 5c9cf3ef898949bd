import { sendPlain } from '../send-plain.js';
import type { ChannelOf, HttpRequest, SendOptions, SendOutcome } from '../types.js';

/** The integration URL's path is the credential. */
export function send(request: HttpRequest, config: ChannelOf<'grafana_oncall'>, options: SendOptions): Promise<SendOutcome> {
  return sendPlain(request, config, options);
}
