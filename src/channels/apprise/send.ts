/**
 * The key is a credential (the API has no login, so whoever knows it can send) and stays masked.
 * Apprise answers 204 when nothing is saved under the key (nothing was sent: a person must fix
 * the key) and 424 when a service behind it failed (worth another try, as a 5xx would be).
 */
import { channelSecrets } from '../secrets.js';
import type { ChannelOf, HttpRequest, SendOptions, SendOutcome } from '../types.js';
import { sendJudged } from '../verdict.js';
import { detailOf } from '../judge.js';

export function send(request: HttpRequest, config: ChannelOf<'apprise'>, options: SendOptions): Promise<SendOutcome> {
  return sendJudged(request, options, channelSecrets(config), (answer) => {
    if (answer.status === 204) return { ok: false, permanent: true, error: 'HTTP 204: no Apprise configuration is saved under this key' };
    if (answer.status === 424) return { ok: false, permanent: false, error: `HTTP 424: a service behind Apprise failed: ${detailOf(answer)}` };
    return undefined;
  });
}
