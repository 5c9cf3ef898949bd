import { describe, expect, it } from 'vitest';
import { describeCertificate, describeConnectionError, type CertFacts } from './describe.js';

const cert: CertFacts = {
  subject: 'a.example',
  issuer: 'Test CA',
  altNames: ['a.example', 'b.example'],
  notBefore: new Date('2025-11-01T00:00:00Z'),
  notAfter: new Date('2026-11-01T00:00:00Z'),
};

describe('describeCertificate', () => {
  it.each([
    ['CERT_HAS_EXPIRED', 'certificate for x.example has expired (notAfter 2026-11-01T00:00:00Z)'],
    ['CERT_NOT_YET_VALID', 'certificate for x.example is not valid yet (notBefore 2025-11-01T00:00:00Z)'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'certificate is not trusted (self-signed)'],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'certificate is not trusted (self-signed certificate in the chain)'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'certificate is not trusted (unknown issuer "Test CA")'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'certificate does not match host name "x.example" (it covers a.example, b.example)'],
    ['CERT_REVOKED', 'certificate for x.example has been revoked'],
    ['CERT_SIGNATURE_FAILURE', 'certificate for x.example is not trusted (CERT_SIGNATURE_FAILURE)'],
  ])('explains %s', (code, message) => {
    expect(describeCertificate(code, 'x.example', cert)).toBe(message);
  });

  it('falls back to the subject when the certificate has no alternative names', () => {
    expect(describeCertificate('ERR_TLS_CERT_ALTNAME_INVALID', 'x', { subject: 'y', altNames: [] })).toBe(
      'certificate does not match host name "x" (it covers only y)',
    );
  });

  it('says the date is unknown rather than printing Invalid Date', () => {
    expect(describeCertificate('CERT_HAS_EXPIRED', 'x', { altNames: [] })).toBe('certificate for x has expired (notAfter unknown)');
  });
});

describe('describeConnectionError', () => {
  const error = (code: string, message = 'boom') => Object.assign(new Error(message), { code });
  it.each([
    [error('ECONNREFUSED'), undefined, 'connection refused by 127.0.0.1:8443'],
    [error('ECONNRESET'), 'tls', 'connection reset by 127.0.0.1:8443 during the TLS handshake'],
    [error('ECONNRESET'), 'firstByte', 'connection reset by 127.0.0.1:8443 before it answered'],
    [error('ECONNRESET', 'socket hang up'), 'firstByte', '127.0.0.1:8443 closed the connection before it answered'],
    [error('EHOSTUNREACH'), 'connect', 'no route to 127.0.0.1:8443 (host unreachable)'],
    [error('HPE_INVALID_CONSTANT', 'Expected HTTP/'), 'firstByte', '127.0.0.1:8443 sent an invalid HTTP response (Expected HTTP/)'],
    [error('ERR_SSL_WRONG_VERSION_NUMBER', 'wrong version number'), 'tls', 'TLS handshake with 127.0.0.1:8443 failed: wrong version number'],
    [error('Z_DATA_ERROR', 'incorrect header check'), 'body', '127.0.0.1:8443 sent a compressed body that could not be decoded (incorrect header check)'],
    [error('EWHATEVER', 'odd'), 'body', 'request to 127.0.0.1:8443 failed: odd (EWHATEVER)'],
  ] as const)('explains %s', (err, phase, message) => {
    expect(describeConnectionError(err, '127.0.0.1:8443', phase)).toBe(message);
  });
});
