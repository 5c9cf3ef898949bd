import type { ResolvedSettings } from '../../schema/config.js';
import { noRateKey, plainProbe, type Target, writableAnywhere } from '../target.js';

export const icmpTarget: Target<ResolvedSettings['icmp']> = {
  describe: (s) => `ping ${s.host}`,
  rateKey: noRateKey,
  reach: plainProbe,
  fileOnly: writableAnywhere,
};
