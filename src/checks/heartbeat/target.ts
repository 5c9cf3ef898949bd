import { formatDuration } from '../../lib/duration.js';
import type { ResolvedSettings } from '../../schema/config.js';
import { noRateKey, plainProbe, type Target, writableAnywhere } from '../target.js';

export const heartbeatTarget: Target<ResolvedSettings['heartbeat']> = {
  describe: (s) => (s.schedule !== undefined ? `ping expected on "${s.schedule}" (${s.tz})` : `ping expected every ${formatDuration(s.period ?? 0)}`),
  rateKey: noRateKey,
  reach: plainProbe,
  fileOnly: writableAnywhere,
};
