import type { ResolvedSettings } from '../../schema/config.js';
import { hostPort, plainProbe, rateKeyOf, type Target } from '../target.js';

export const tlsTarget: Target<ResolvedSettings['tls']> = {
  describe: (s) => hostPort(s.host, s.port),
  rateKey: (s) => rateKeyOf(s.host, s.port),
  reach: plainProbe,
  // A path read with tocsin's rights: through the API it would tell which files exist on the host.
  fileOnly: (s) =>
    s.ca_file === undefined
      ? undefined
      : {
          field: 'ca_file',
          message: 'ca_file names a file on the tocsin host, so it can only be set in tocsin.yaml',
          expected: 'no ca_file (or verify: false) for monitors defined through the API',
        },
};
