import type { ResolvedSettings } from '../../schema/config.js';
import { hostPort, rateKeyOf, type Target, writableAnywhere } from '../target.js';

export const tcpTarget: Target<ResolvedSettings['tcp']> = {
  describe: (s) => hostPort(s.host, s.port),
  rateKey: (s) => rateKeyOf(s.host, s.port),
  reach: (s) =>
    s.send === undefined ? undefined : { field: 'send', why: 'a tcp monitor that sends data can speak any protocol to any port and shows what it answers' },
  fileOnly: writableAnywhere,
};
