import type { Phase } from '../../core/types.js';

/** What a peer certificate says, reduced to what a message needs. */
export interface CertFacts {
  subject?: string;
  issuer?: string;
  /** DNS names and IP addresses the certificate covers. */
  altNames: string[];
  notBefore?: Date;
  notAfter?: Date;
}

/** Words for a certificate that failed verification (`code` is OpenSSL's or Node's). */
export function describeCertificate(code: string, host: string, cert: CertFacts): string {
  switch (code) {
    case 'CERT_HAS_EXPIRED':
      return `certificate for ${host} has expired (notAfter ${iso(cert.notAfter)})`;
    case 'CERT_NOT_YET_VALID':
      return `certificate for ${host} is not valid yet (notBefore ${iso(cert.notBefore)})`;
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
      return 'certificate is not trusted (self-signed)';
    case 'SELF_SIGNED_CERT_IN_CHAIN':
      return 'certificate is not trusted (self-signed certificate in the chain)';
    case 'UNABLE_TO_GET_ISSUER_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
      return `certificate is not trusted (unknown issuer${cert.issuer ? ` "${cert.issuer}"` : ''})`;
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
    case 'HOSTNAME_MISMATCH':
      return `certificate does not match host name "${host}" (it covers ${covered(cert)})`;
    case 'CERT_REVOKED':
      return `certificate for ${host} has been revoked`;
    default:
      return `certificate for ${host} is not trusted (${code})`;
  }
}

const WHILE: Partial<Record<Phase, string>> = {
  tls: ' during the TLS handshake',
  firstByte: ' before it answered',
  body: ' while reading the body',
};

/** Words for a socket, TLS or HTTP parser error met while talking to `target` (`ip:port`). */
export function describeConnectionError(error: unknown, target: string, phase?: Phase): string {
  const { code = '', message = String(error) } = error as { code?: string; message?: string };
  const during = (phase && WHILE[phase]) ?? '';
  if (message === 'socket hang up') return `${target} closed the connection${during || ' before it answered'}`;
  switch (code) {
    case 'ECONNREFUSED':
      return `connection refused by ${target}`;
    case 'ECONNRESET':
      return `connection reset by ${target}${during}`;
    case 'EPIPE':
      return `${target} closed the connection while the request was being sent`;
    case 'ETIMEDOUT':
      return `connection to ${target} timed out`;
    case 'EHOSTUNREACH':
      return `no route to ${target} (host unreachable)`;
    case 'ENETUNREACH':
      return `no route to ${target} (network unreachable)`;
    case 'EADDRNOTAVAIL':
      return `cannot connect to ${target}: address not available on this machine`;
  }
  if (code.startsWith('Z_') || code.startsWith('ERR__')) return `${target} sent a compressed body that could not be decoded (${message})`;
  if (code.startsWith('HPE_')) return `${target} sent an invalid HTTP response (${message})`;
  if (phase === 'tls' || code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS')) return `TLS handshake with ${target} failed: ${message}`;
  return `request to ${target} failed: ${message}${code ? ` (${code})` : ''}`;
}

/** `2026-11-01T00:00:00Z`: certificates have second precision. */
function iso(date: Date | undefined): string {
  if (!date || Number.isNaN(date.getTime())) return 'unknown';
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function covered(cert: CertFacts): string {
  if (cert.altNames.length > 0) return cert.altNames.join(', ');
  return cert.subject ? `only ${cert.subject}` : 'no names';
}
