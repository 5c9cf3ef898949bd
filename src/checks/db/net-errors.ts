/**
 * Socket and TLS failures, worded for a person: who refused, who hung up.
 * Returns undefined when the error is not a transport error, so each driver's
 * own mapping (auth, unknown database …) gets its turn.
 */
const TLS_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Messages drivers use when the server closed the socket under them. */
const CLOSED = /connection terminated unexpectedly|connection is closed|connection lost|server closed the connection/i;

export function describeTransportError(error: unknown, label: string): string | undefined {
  const { code, message } = errorParts(error);
  switch (code) {
    case 'ECONNREFUSED':
      return `connection refused by ${label}`;
    case 'ECONNRESET':
      return `${label} reset the connection`;
    case 'EPIPE':
    case 'PROTOCOL_CONNECTION_LOST':
      return `${label} closed the connection`;
    case 'EHOSTUNREACH':
      return `no route to ${label} (host unreachable)`;
    case 'ENETUNREACH':
      return `network unreachable for ${label}`;
    case 'ETIMEDOUT':
      return `connecting to ${label} timed out`;
  }
  if (TLS_CODES.has(code) || code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_')) return `TLS with ${label} failed: ${message}`;
  if (CLOSED.test(message)) return `${label} closed the connection`;
  return undefined;
}

export function errorParts(error: unknown): { code: string; message: string } {
  if (typeof error !== 'object' || error === null) return { code: '', message: String(error) };
  const { code, message } = error as { code?: unknown; message?: unknown };
  return { code: typeof code === 'string' ? code : '', message: typeof message === 'string' ? message : String(error) };
}
