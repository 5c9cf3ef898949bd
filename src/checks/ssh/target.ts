import type { ResolvedSettings } from '../../schema/config.js';
import { hostPort, rateKeyOf, type Target, writableAnywhere } from '../target.js';

export const sshTarget: Target<ResolvedSettings['ssh']> = {
  describe: (s) => hostPort(s.host, s.port),
  rateKey: (s) => rateKeyOf(s.host, s.port),
  reach: (s) => (s.username === undefined ? undefined : { field: 'username', why: 'an ssh monitor with a key logs in to the server' }),
  fileOnly: writableAnywhere,
};
