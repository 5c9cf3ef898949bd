import type { ResolvedSettings } from '../../schema/config.js';
import { rateKeyOfUrl, safeUrl, type Target, writableAnywhere } from '../target.js';

export const redisTarget: Target<ResolvedSettings['redis']> = {
  describe: (s) => safeUrl(s.url),
  rateKey: (s) => rateKeyOfUrl(s.url),
  reach: () => ({ field: 'type', why: 'a redis monitor logs in to a server and runs commands there' }),
  fileOnly: writableAnywhere,
};
