import type { Status } from '../../core/types.js';
import { clip } from '../../lib/text.js';
import { quote } from '../tcp/judge.js';
import { IDENT_LIMIT } from './ident.js';
import { speaksSsh2, type SshObservation } from './observe.js';
import type { SshSettings } from './schema.js';

export interface SshVerdict {
  status: Status;
  message: string;
}

type Policy = Pick<SshSettings, 'fingerprint' | 'on_key_change' | 'username'>;

/**
 * Decides what an SSH server's answer means. In order: could we reach it, is it SSH-2, did the
 * key exchange finish, is the host key the pinned one (a changed key is named with both
 * fingerprints, and no login was tried), did the login work. Pure.
 */
export function judgeSsh(seen: SshObservation, policy: Policy): SshVerdict {
  if (seen.failure) return down(seen.failure);
  const ident = seen.identification;
  if (!ident?.line) {
    if (!ident || ident.bytes.length === 0) return down(`${seen.target} closed the connection without sending an SSH identification`);
    const limit = ident.end === 'limit' ? ` (stopped reading after ${IDENT_LIMIT / 1024} kB)` : '';
    return down(`${seen.target} is not an SSH server: it sent ${quote(ident.bytes)}${limit}`);
  }
  // The server chose these bytes: shown cut to RFC 4253's 255 characters, control bytes escaped.
  const banner = clip(
    ident.line.replace(/[\x00-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`),
    255,
  );
  if (!speaksSsh2(banner)) return down(`${seen.target} speaks only an old SSH protocol: ${JSON.stringify(banner)}`);
  const session = seen.session;
  const key = session?.hostKey;
  if (!key)
    return down(`key exchange with ${seen.target} failed before a host key was shown: ${session?.handshakeError ?? 'no reason given'} (banner ${banner})`);
  const hostKey = `host key ${key.type} ${key.fingerprint}`;
  if (policy.fingerprint !== undefined && policy.fingerprint !== key.fingerprint) {
    const login = policy.username === undefined ? '' : '; did not log in';
    return {
      status: policy.on_key_change,
      message: `host key of ${seen.target} changed: expected ${policy.fingerprint}, got ${key.type} ${key.fingerprint}${login}`,
    };
  }
  if (session.handshakeError !== undefined) return down(`key exchange with ${seen.target} failed: ${session.handshakeError} (${hostKey})`);
  const pinned = policy.fingerprint === undefined ? '' : ' (pinned)';
  if (policy.username === undefined) return up(`${banner} at ${seen.target}, ${hostKey}${pinned}`);
  const login = session.login;
  if (!login) return down(`login as ${policy.username} at ${seen.target} did not finish (${hostKey})`);
  if (!login.ok) return down(`login as ${policy.username} at ${seen.target} failed: ${login.reason} (${hostKey})`);
  return up(`logged in as ${policy.username} at ${seen.target} with the key, ${banner}, ${hostKey}${pinned}`);
}

function up(message: string): SshVerdict {
  return { status: 'up', message };
}

function down(message: string): SshVerdict {
  return { status: 'down', message };
}
