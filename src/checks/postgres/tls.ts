import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';

/**
 * libpq's `sslmode` for node-postgres. The socket goes to an IP address, so the
 * configured host name is passed as `servername` for SNI and the certificate
 * check. `prefer` and `allow` cannot fall back in node-postgres; they mean TLS
 * without verification, like `require`, rather than silently going plain.
 */
export function pgTls(sslmode: string | null, host: string): false | ConnectionOptions {
  const servername = isIP(host) ? undefined : host;
  switch (sslmode ?? 'disable') {
    case 'disable':
      return false;
    case 'allow':
    case 'prefer':
    case 'require':
    case 'no-verify':
      return { rejectUnauthorized: false, servername };
    case 'verify-ca': // the chain is checked, the name is not
      return { rejectUnauthorized: true, servername, checkServerIdentity: () => undefined };
    case 'verify-full':
      return { rejectUnauthorized: true, servername };
    default:
      throw new Error(`unknown sslmode "${sslmode}"; expected disable, require, verify-ca or verify-full`);
  }
}
