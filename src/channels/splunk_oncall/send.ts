import { channelSecrets } from '../secrets.js';
import type { ChannelOf, HttpRequest, SendOptions, SendOutcome } from '../types.js';
import { jsonOf, sendJudged } from '../verdict.js';

/** Both keys sit in the URL path. A 200 whose body says "result": "failure" delivered nothing. */
export function send(request: HttpRequest, config: ChannelOf<'splunk_oncall'>, options: SendOptions): Promise<SendOutcome> {
  return sendJudged(request, options, channelSecrets(config), (answer) => {
    const json = jsonOf(answer.body);
    if (answer.status < 200 || answer.status >= 300 || json?.result !== 'failure') return undefined;
    return { ok: false, permanent: true, error: `refused: ${typeof json.message === 'string' ? json.message : 'result failure'}` };
  });
}
