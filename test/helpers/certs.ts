import { generateKeyPair, randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { promisify } from 'node:util';
import forge from 'node-forge';

/**
 * Test certificates built with node-forge. Keys come from node:crypto (native)
 * rather than forge's pure-JS generator (seconds each). Server certificates
 * share one key per process to keep tests fast; every authority gets its own,
 * because a CA sharing a key with a leaf or another CA could make OpenSSL
 * accept a chain the test means to be untrusted.
 */
export interface KeyAndCert {
  key: string;
  cert: string;
}

export interface CertificateOptions {
  commonName?: string;
  /** DNS names or IP addresses, put in subjectAltName. */
  altNames?: string[];
  notBefore?: Date;
  notAfter?: Date;
  /** Signs the certificate; absent ⇒ self-signed. */
  issuer?: KeyAndCert;
}

const DAY_MS = 86_400_000;
const generate = promisify(generateKeyPair);

interface Key {
  pem: string;
  forgeKey: forge.pki.rsa.PrivateKey;
  publicKey: forge.pki.rsa.PublicKey;
}

let leafKey: Promise<Key> | undefined;

async function newKey(): Promise<Key> {
  const { privateKey } = await generate('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
  const forgeKey = forge.pki.privateKeyFromPem(privateKey);
  return { pem: privateKey, forgeKey, publicKey: forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e) };
}

/** A positive serial (high bit clear), as RFC 5280 requires. */
function serial(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return bytes.toString('hex');
}

function altName(name: string): { type: number; value?: string; ip?: string } {
  return isIP(name) ? { type: 7, ip: name } : { type: 2, value: name };
}

async function build(key: Key, subjectCN: string, notBefore: Date, notAfter: Date, extensions: object[], issuer: KeyAndCert | undefined): Promise<KeyAndCert> {
  const cert = forge.pki.createCertificate();
  cert.publicKey = key.publicKey;
  cert.serialNumber = serial();
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = notAfter;
  cert.setSubject([{ name: 'commonName', value: subjectCN }]);
  const issuerCert = issuer ? forge.pki.certificateFromPem(issuer.cert) : undefined;
  cert.setIssuer(issuerCert ? issuerCert.subject.attributes : cert.subject.attributes);
  const authorityKeyId = (issuerCert ?? cert).generateSubjectKeyIdentifier().getBytes();
  cert.setExtensions([...extensions, { name: 'subjectKeyIdentifier' }, { name: 'authorityKeyIdentifier', keyIdentifier: authorityKeyId }]);
  const signingKey = issuer ? forge.pki.privateKeyFromPem(issuer.key) : key.forgeKey;
  cert.sign(signingKey, forge.md.sha256.create());
  return { key: key.pem, cert: forge.pki.certificateToPem(cert) };
}

/** A certificate authority valid from yesterday for ten years. */
export async function makeAuthority(commonName = 'tocsin test CA'): Promise<KeyAndCert> {
  const now = Date.now();
  return build(
    await newKey(),
    commonName,
    new Date(now - DAY_MS),
    new Date(now + 3650 * DAY_MS),
    [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
    undefined,
  );
}

/** A server certificate; by default for `localhost`, valid from an hour ago for 90 days. */
export async function makeCertificate(opts: CertificateOptions = {}): Promise<KeyAndCert> {
  const now = Date.now();
  const commonName = opts.commonName ?? 'localhost';
  const altNames = opts.altNames ?? [commonName];
  leafKey ??= newKey();
  return build(
    await leafKey,
    commonName,
    opts.notBefore ?? new Date(now - 3_600_000),
    opts.notAfter ?? new Date(now + 90 * DAY_MS),
    [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      ...(altNames.length > 0 ? [{ name: 'subjectAltName', altNames: altNames.map(altName) }] : []),
    ],
    opts.issuer,
  );
}
