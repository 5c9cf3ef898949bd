import { describe, expect, it } from 'vitest';
import { judgeSsh } from './judge.js';
import type { SshObservation } from './observe.js';

const target = '10.0.0.5:22';
const banner = 'SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3';
const key = { type: 'ssh-ed25519', fingerprint: 'SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s' };
const other = 'SHA256:AAAAztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s';

const ident = (line: string | undefined, bytes = line ? `${line}\r\n` : '', end: 'found' | 'closed' | 'limit' = line ? 'found' : 'closed') => ({
  ...(line !== undefined && { line }),
  bytes: Buffer.from(bytes),
  end,
});
const seen = (session: SshObservation['session'], line = banner): SshObservation => ({ target, identification: ident(line), session });
const none = { on_key_change: 'down' as const };
const pinned = { ...none, fingerprint: key.fingerprint };
const login = { ...none, username: 'git' };

describe('judgeSsh', () => {
  const cases: Array<[string, SshObservation, Parameters<typeof judgeSsh>[1], string, string]> = [
    ['is up with the banner and host key', seen({ hostKey: key }), none, 'up', `${banner} at ${target}, host key ssh-ed25519 ${key.fingerprint}`],
    [
      'says the key is pinned when it matches',
      seen({ hostKey: key }),
      pinned,
      'up',
      `${banner} at ${target}, host key ssh-ed25519 ${key.fingerprint} (pinned)`,
    ],
    [
      'names both keys when the host key changed',
      seen({ hostKey: key }),
      { ...none, fingerprint: other },
      'down',
      `host key of ${target} changed: expected ${other}, got ssh-ed25519 ${key.fingerprint}`,
    ],
    [
      'is degraded on a changed key when asked, and says it did not log in',
      seen({ hostKey: key, handshakeError: 'Host denied (verification failed)' }),
      { ...login, fingerprint: other, on_key_change: 'degraded' },
      'degraded',
      `host key of ${target} changed: expected ${other}, got ssh-ed25519 ${key.fingerprint}; did not log in`,
    ],
    [
      'is up when the login worked',
      seen({ hostKey: key, login: { ok: true } }),
      login,
      'up',
      `logged in as git at ${target} with the key, ${banner}, host key ssh-ed25519 ${key.fingerprint}`,
    ],
    [
      'is down when the key was refused',
      seen({ hostKey: key, login: { ok: false, reason: 'the server did not accept the key' } }),
      login,
      'down',
      `login as git at ${target} failed: the server did not accept the key (host key ssh-ed25519 ${key.fingerprint})`,
    ],
    [
      'is down when the login never finished',
      seen({ hostKey: key }),
      login,
      'down',
      `login as git at ${target} did not finish (host key ssh-ed25519 ${key.fingerprint})`,
    ],
    [
      'is down when the key exchange failed after the host key',
      seen({ hostKey: key, handshakeError: 'no matching cipher' }),
      none,
      'down',
      `key exchange with ${target} failed: no matching cipher (host key ssh-ed25519 ${key.fingerprint})`,
    ],
    [
      'is down when the key exchange failed before a host key',
      seen({ handshakeError: 'the server closed the connection' }),
      none,
      'down',
      `key exchange with ${target} failed before a host key was shown: the server closed the connection (banner ${banner})`,
    ],
    [
      'says the peer hung up without an identification',
      { target, identification: ident(undefined) },
      none,
      'down',
      `${target} closed the connection without sending an SSH identification`,
    ],
    [
      'quotes a peer that is not SSH',
      { target, identification: ident(undefined, '220 mail.example.org ESMTP\r\n') },
      none,
      'down',
      `${target} is not an SSH server: it sent "220 mail.example.org ESMTP\\r\\n"`,
    ],
    [
      'says it stopped reading at the limit',
      { target, identification: ident(undefined, 'xx', 'limit') },
      none,
      'down',
      `${target} is not an SSH server: it sent "xx" (stopped reading after 8 kB)`,
    ],
    [
      'names an SSH-1 only server',
      { target, identification: ident('SSH-1.5-ancient') },
      none,
      'down',
      `${target} speaks only an old SSH protocol: "SSH-1.5-ancient"`,
    ],
    ['passes a connection failure on', { target, failure: `connection refused by ${target}` }, none, 'down', `connection refused by ${target}`],
  ];
  it.each(cases)('%s', (_name, observation, policy, status, message) => {
    expect(judgeSsh(observation, policy)).toEqual({ status, message });
  });

  it('accepts SSH-1.99, a server that also speaks SSH-2', () => {
    expect(judgeSsh(seen({ hostKey: key }, 'SSH-1.99-OpenSSH_3.9'), none).status).toBe('up');
  });
});

describe('judgeSsh with a hostile banner', () => {
  it('escapes control bytes and cuts the banner to 255 characters', () => {
    const line = `SSH-2.0-x\x1b[31m${'y'.repeat(400)}`;
    const { message } = judgeSsh(seen({ hostKey: key }, line), none);
    expect(message.startsWith('SSH-2.0-x\\x1b[31myyy')).toBe(true);
    expect(message.split(' at ')[0]).toHaveLength(255);
  });
});
