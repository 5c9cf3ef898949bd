import type { SslOptions } from 'mysql2';

/**
 * MySQL's `ssl-mode` for mysql2. mysql2 cannot fall back to plain text, so
 * PREFERRED means TLS without verification, like REQUIRED. The host name for
 * the identity check comes from the connection's `host`, which the probe sets
 * to the configured name while the socket goes to the resolved IP.
 */
export function mysqlTls(sslMode: string | null): SslOptions | undefined {
  switch ((sslMode ?? 'DISABLED').toUpperCase()) {
    case 'DISABLED':
      return undefined;
    case 'PREFERRED':
    case 'REQUIRED':
      return { rejectUnauthorized: false };
    case 'VERIFY_CA':
      return { rejectUnauthorized: true, verifyIdentity: false };
    case 'VERIFY_IDENTITY':
      return { rejectUnauthorized: true, verifyIdentity: true };
    default:
      throw new Error(`unknown ssl-mode "${sslMode}"; expected DISABLED, REQUIRED, VERIFY_CA or VERIFY_IDENTITY`);
  }
}
