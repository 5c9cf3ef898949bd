import { sendHttp } from '../http-send.js';
import { urlSecrets } from '../judge.js';
import type { ChannelOf, HttpRequest, SendOptions, SendOutcome } from '../types.js';

/** Workflow URLs carry a `sig` query parameter; it and the path stay out of errors. */
export function send(request: HttpRequest, config: ChannelOf<'teams'>, options: SendOptions): Promise<SendOutcome> {
  return sendHttp(request, options, urlSecrets(config.url));
}
