import type { ResolvedSettings } from '../../schema/config.js';
import { rateKeyOfUrl, safeUrl, type Target, writableAnywhere } from '../target.js';

export const postgresTarget: Target<ResolvedSettings['postgres']> = {
  describe: (s) => safeUrl(s.url),
  rateKey: (s) => rateKeyOfUrl(s.url),
  reach: () => ({ field: 'type', why: 'a postgres monitor logs in to a server and runs commands there' }),
  fileOnly: writableAnywhere,
};
