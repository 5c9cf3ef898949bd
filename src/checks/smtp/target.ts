import type { ResolvedSettings } from '../../schema/config.js';
import { hostPort, plainProbe, rateKeyOf, type Target, writableAnywhere } from '../target.js';

export const smtpTarget: Target<ResolvedSettings['smtp']> = {
  describe: (s) => hostPort(s.host, s.port),
  rateKey: (s) => rateKeyOf(s.host, s.port),
  reach: plainProbe,
  fileOnly: writableAnywhere,
};
