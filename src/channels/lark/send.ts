/**
 * Signs at sending time (see render.ts), and reads Lark's answer: HTTP 200 with a non-zero
 * `code` sent nothing. 9499 and 11232 are its rate limits (5 a second, 100 a minute per bot).
 */
import { channelSecrets } from '../secrets.js';
import type { ChannelOf, HttpRequest, SendOptions, SendOutcome } from '../types.js';
import { errorCodeVerdict, sendJudged } from '../verdict.js';
import { signedBody } from './render.js';

const RETRYABLE = { 9499: 60_000, 11232: 60_000 };

export function send(request: HttpRequest, config: ChannelOf<'lark'>, options: SendOptions): Promise<SendOutcome> {
  const signed = config.secret ? { ...request, body: signedBody(request.body, config.secret, Date.now()) } : request;
  return sendJudged(signed, options, channelSecrets(config), (answer) => errorCodeVerdict(answer, { code: 'code', message: 'msg' }, RETRYABLE));
}
