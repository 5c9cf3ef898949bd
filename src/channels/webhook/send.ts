import { sendHttp } from '../http-send.js';
import type { ChannelOf, HttpRequest, SendOptions, SendOutcome } from '../types.js';

export function send(request: HttpRequest, config: ChannelOf<'webhook'>, options: SendOptions): Promise<SendOutcome> {
  // Custom headers and query strings often carry an API key; keep them out of errors like the secret.
  const url = new URL(config.url);
  const inUrl = [...url.searchParams.values(), decodeURIComponent(url.password)];
  return sendHttp(request, options, [...(config.secret ? [config.secret] : []), ...Object.values(config.headers), ...inUrl]);
}
