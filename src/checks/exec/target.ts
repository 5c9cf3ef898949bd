import type { ResolvedSettings } from '../../schema/config.js';
import { noRateKey, plainProbe, type Target } from '../target.js';

export const execTarget: Target<ResolvedSettings['exec']> = {
  // Arguments often carry passwords (check_mysql -p …): name the program only.
  describe: (s) => s.command[0] ?? 'command',
  rateKey: noRateKey,
  // exec is refused through the API altogether (services/monitor-input.ts), so reach never decides it.
  reach: plainProbe,
};
