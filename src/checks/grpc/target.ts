import type { ResolvedSettings } from '../../schema/config.js';
import { hostPort, noRateKey, type Target, writableAnywhere } from '../target.js';

export const grpcTarget: Target<ResolvedSettings['grpc']> = {
  describe: (s) => `grpc ${hostPort(s.host, s.port)}${s.service ? ` ${s.service}` : ''}`,
  rateKey: noRateKey,
  reach: (s) => (s.ca_file === undefined ? undefined : { field: 'ca_file', why: "ca_file reads a file on tocsin's host" }),
  fileOnly: writableAnywhere,
};
