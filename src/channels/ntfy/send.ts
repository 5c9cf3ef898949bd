import { sendHttp } from '../http-send.js';
import type { ChannelOf, HttpRequest, SendOptions, SendOutcome } from '../types.js';

/** On ntfy.sh the topic name is the only secret there is; the host alone appears in errors. */
export function send(request: HttpRequest, config: ChannelOf<'ntfy'>, options: SendOptions): Promise<SendOutcome> {
  return sendHttp(request, options, config.token ? [config.token] : []);
}
