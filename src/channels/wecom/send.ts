/** WeCom answers 200 with a non-zero errcode when nothing was sent; 45009 is its rate limit (20 a minute), -1 "system busy". */
import { channelSecrets } from '../secrets.js';
import type { ChannelOf, HttpRequest, SendOptions, SendOutcome } from '../types.js';
import { errorCodeVerdict, sendJudged } from '../verdict.js';

const RETRYABLE = { [-1]: 5000, 45009: 60_000 };

export function send(request: HttpRequest, config: ChannelOf<'wecom'>, options: SendOptions): Promise<SendOutcome> {
  return sendJudged(request, options, channelSecrets(config), (answer) => errorCodeVerdict(answer, { code: 'errcode', message: 'errmsg' }, RETRYABLE));
}
