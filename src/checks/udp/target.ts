import type { ResolvedSettings } from '../../schema/config.js';
import { hostPort, noRateKey, type Target, writableAnywhere } from '../target.js';

export const udpTarget: Target<ResolvedSettings['udp']> = {
  describe: (s) => `udp ${hostPort(s.host, s.port)}`,
  rateKey: noRateKey,
  reach: (s) => ({ field: s.send_hex === undefined ? 'send' : 'send_hex', why: 'a udp monitor sends any datagram to any port and shows what it answers' }),
  fileOnly: writableAnywhere,
};
