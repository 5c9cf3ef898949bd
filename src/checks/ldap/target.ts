import type { ResolvedSettings } from '../../schema/config.js';
import { rateKeyOfUrl, safeUrl, type Target, writableAnywhere } from '../target.js';

export const ldapTarget: Target<ResolvedSettings['ldap']> = {
  describe: (s) => safeUrl(s.url),
  rateKey: (s) => rateKeyOfUrl(s.url),
  reach: (s) => {
    if (s.bind_password !== undefined) return { field: 'bind_password', why: 'an ldap monitor with credentials logs in to the directory' };
    if (s.search !== undefined) return { field: 'search', why: 'an ldap monitor that searches reads the directory and shows how many entries match' };
    return undefined;
  },
  fileOnly: writableAnywhere,
};
