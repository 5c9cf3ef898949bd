import type { ResolvedSettings } from '../../schema/config.js';
import { noRateKey, plainProbe, type Target, writableAnywhere } from '../target.js';

/** tocsin's own figure. */
export const selfTarget: Target<ResolvedSettings['self']> = {
  describe: (s) => `tocsin ${s.metric.replaceAll('_', ' ')}`,
  rateKey: noRateKey,
  reach: plainProbe,
  fileOnly: writableAnywhere,
};
