/**
 * Signs at sending time (see render.ts), and reads DingTalk's answer: HTTP 200 with a non-zero
 * errcode sent nothing. 130101 is its rate limit (20 a minute per robot), -1 "system busy".
 */
import { channelSecrets } from '../secrets.js';
import type { ChannelOf, HttpRequest, SendOptions, SendOutcome } from '../types.js';
import { errorCodeVerdict, sendJudged } from '../verdict.js';
import { signedUrl } from './render.js';

const RETRYABLE = { [-1]: 5000, 130101: 60_000 };

export function send(request: HttpRequest, config: ChannelOf<'dingtalk'>, options: SendOptions): Promise<SendOutcome> {
  const signed = config.secret ? { ...request, url: signedUrl(request.url, config.secret, Date.now()) } : request;
  return sendJudged(signed, options, channelSecrets(config), (answer) => errorCodeVerdict(answer, { code: 'errcode', message: 'errmsg' }, RETRYABLE));
}
