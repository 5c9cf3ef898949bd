import { sendHttp } from '../http-send.js';
import type { ChannelOf, HttpRequest, SendOptions, SendOutcome } from '../types.js';

/** Workflow URLs carry a `sig` query parameter; it and the path stay out of errors. */
export function send(request: HttpRequest, config: ChannelOf<'teams'>, options: SendOptions): Promise<SendOutcome> {
  const url = new URL(config.url);
  return sendHttp(request, options, [url.pathname, ...url.searchParams.values()]);
}
