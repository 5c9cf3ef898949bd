import type { ResolvedSettings } from '../../schema/config.js';
import { noRateKey, type Target, writableAnywhere } from '../target.js';

export const domainTarget: Target<ResolvedSettings['domain']> = {
  describe: (s) => `registration of ${s.domain}`,
  // The RDAP server is found at run time (bootstrap file), so there is no fixed target to budget.
  rateKey: noRateKey,
  reach: (s) =>
    s.rdap_server === undefined
      ? undefined
      : { field: 'rdap_server', why: 'a domain monitor asks its rdap_server over HTTP and shows parts of the JSON it answers' },
  fileOnly: writableAnywhere,
};
