import type { ResolvedSettings } from '../../schema/config.js';
import { noRateKey, plainProbe, type Target } from '../target.js';

export const execTarget: Target<ResolvedSettings['exec']> = {
  // Arguments often carry passwords (check_mysql -p …): name the program only.
  describe: (s) => s.command[0] ?? 'command',
  rateKey: noRateKey,
  // Refused through the API altogether (fileOnly), so reach never decides it.
  reach: plainProbe,
  // Commands run with tocsin's own rights: whoever can write the API must not gain a shell on the host.
  fileOnly: () => ({
    field: 'type',
    message: 'exec monitors run commands on the tocsin host, so they can only be defined in tocsin.yaml',
    expected: 'a type other than exec (http, tcp, tls, dns, smtp, postgres, mysql, redis, icmp, udp, websocket, grpc, heartbeat)',
  }),
};
