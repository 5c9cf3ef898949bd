import type { Phase } from '../../core/types.js';
import { describeTransportError, errorParts } from '../db/net-errors.js';

export interface MysqlFailureContext {
  label: string;
  user: string;
  database: string | undefined;
  /** The phase the probe was in when it failed. */
  phase: Phase | undefined;
}

/**
 * A MySQL or MariaDB failure as one sentence, decided by mysql2's error code
 * (servers localise their messages). The server's text reports the client's
 * address as it saw it (`'x'@'10.0.0.9'`), which is useful when it is kept.
 */
export function describeMysqlError(error: unknown, at: MysqlFailureContext): string {
  const transport = describeTransportError(error, at.label);
  if (transport) return transport;
  const { code, message } = errorParts(error);
  switch (code) {
    case 'ER_ACCESS_DENIED_ERROR':
      return `authentication failed for user "${at.user}" on ${at.label}${/using password: NO/.test(message) ? ' (the URL has no password)' : ''}`;
    case 'ER_BAD_DB_ERROR':
      return `database "${at.database ?? ''}" does not exist on ${at.label}`;
    case 'ER_DBACCESS_DENIED_ERROR':
      return `user "${at.user}" may not use database "${at.database ?? ''}" on ${at.label}`;
    case 'ER_HOST_NOT_PRIVILEGED':
    case 'ER_HOST_IS_BLOCKED':
    case 'ER_CON_COUNT_ERROR':
    case 'ER_SERVER_SHUTDOWN':
      return `${message} (${at.label})`;
    case 'HANDSHAKE_NO_SSL_SUPPORT':
      return `${at.label} does not support TLS, but the URL asks for it (ssl-mode)`;
    case 'ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION':
      return `refused on ${at.label}: ${message}; a probe runs its query in a read-only transaction and changes nothing`;
  }
  if (at.phase === 'query') return `query failed on ${at.label}: ${message}${code ? ` (${code})` : ''}`;
  return `${at.phase === 'connect' ? 'connecting to' : 'logging in to'} ${at.label} failed: ${message}`;
}
