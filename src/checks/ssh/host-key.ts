import { createHash } from 'node:crypto';

export interface HostKey {
  /** The algorithm named inside the key blob, e.g. `ssh-ed25519`. */
  type: string;
  /** `SHA256:` and the unpadded base64 of the blob's SHA-256, as OpenSSH prints it. */
  fingerprint: string;
}

/** Reads a host key blob as sent in the key exchange (RFC 4253 §6.6: string type, then key data). */
export function hostKeyOf(blob: Buffer): HostKey {
  const fingerprint = `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
  const length = blob.length >= 4 ? blob.readUInt32BE(0) : 0;
  const type = length > 0 && length <= 64 && blob.length >= 4 + length ? blob.toString('latin1', 4, 4 + length) : 'unknown';
  return { type, fingerprint };
}
