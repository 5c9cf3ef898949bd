import tls from 'node:tls';
import type { CertificateFacts } from './judge.js';

/**
 * Reads the peer certificate of a finished handshake into plain facts.
 * `name` is what the certificate must cover (SNI name or IP address).
 * Undefined when the server presented no certificate.
 */
export function certificateFacts(socket: tls.TLSSocket, name: string): CertificateFacts | undefined {
  const peer = socket.getPeerCertificate();
  const x509 = socket.getPeerX509Certificate();
  if (!peer || !x509 || Object.keys(peer).length === 0) return undefined;
  return {
    subjectCN: first(peer.subject?.CN),
    issuer: first(peer.issuer?.CN) || first(peer.issuer?.O) || '(no issuer name)',
    altNames: parseAltNames(peer.subjectaltname),
    notBefore: new Date(peer.valid_from),
    notAfter: new Date(peer.valid_to),
    // Names and signature, not X509.checkIssued: that also demands keyCertSign,
    // which self-signed server certificates usually lack.
    selfSigned: x509.subject === x509.issuer && x509.verify(x509.publicKey),
    chainError: socket.authorized ? undefined : String(socket.authorizationError ?? 'UNKNOWN'),
    nameMatches: tls.checkServerIdentity(name, peer) === undefined,
  };
}

function first(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

/** `DNS:a.example.org, IP Address:10.0.0.1` → `['a.example.org', '10.0.0.1']`. */
export function parseAltNames(text: string | undefined): string[] {
  if (!text) return [];
  return text
    .split(/,\s*/)
    .map((entry) => /^(?:DNS|IP Address):"?(.*?)"?$/.exec(entry.trim())?.[1])
    .filter((name): name is string => name !== undefined && name !== '');
}
