import type { Phase } from '../../core/types.js';
import { describeTransportError, errorParts } from '../db/net-errors.js';

/** What the error describer needs to know besides the error itself. */
export interface FailureContext {
  label: string;
  user: string;
  /** The phase the probe was in when it failed. */
  phase: Phase | undefined;
}

/**
 * A PostgreSQL failure as one sentence. The server's own wording is kept where
 * it is already clear (`database "nope" does not exist`, `role "x" does not
 * exist`); SQLSTATE codes decide, not message text, because servers localise.
 */
export function describePgError(error: unknown, at: FailureContext): string {
  const transport = describeTransportError(error, at.label);
  if (transport) return transport;
  const { code, message } = errorParts(error);
  switch (code) {
    case '28P01':
      return `authentication failed for user "${at.user}" on ${at.label}`;
    case '28000': // role does not exist, or no pg_hba.conf entry
    case '3D000': // database does not exist
    case '53300': // too many connections
    case '57P03': // starting up, shutting down, in recovery without hot standby
      return `${message} on ${at.label}`;
    case '25006': // read_only_sql_transaction
      return `refused on ${at.label}: ${message}; a probe runs its query in a read-only transaction and changes nothing`;
  }
  if (/multiple commands into a prepared statement/.test(message))
    return `refused on ${at.label}: the query holds several statements; a probe runs exactly one`;
  if (/password must be a string|no password was provided/i.test(message)) {
    return `${at.label} asks for a password for user "${at.user}", and the URL has none`;
  }
  if (/does not support SSL/i.test(message)) return `${at.label} does not support TLS, but the URL asks for it (sslmode)`;
  if (at.phase === 'query') return `query failed on ${at.label}: ${message}${code ? ` (SQLSTATE ${code})` : ''}`;
  return `${phaseWords(at.phase)} ${at.label} failed: ${message}`;
}

function phaseWords(phase: Phase | undefined): string {
  if (phase === 'auth') return 'logging in to';
  if (phase === 'connect') return 'connecting to';
  return 'probing';
}
