import type net from 'node:net';
import ssh2, { type ConnectConfig } from 'ssh2';
import { ObservedFailure } from '../tls/connect.js';
import type { SocketScope } from '../tls/socket.js';
import { hostKeyOf, type HostKey } from './host-key.js';
import type { SshSettings } from './schema.js';

// ssh2 is CommonJS: Node's ESM loader does not see its named exports, only the default.
const { Client } = ssh2;

export interface SessionOutcome {
  /** Absent when the server closed before showing one. */
  hostKey?: HostKey;
  /** Why the key exchange failed, in words. */
  handshakeError?: string;
  /** Set only when a login was attempted. */
  login?: { ok: true } | { ok: false; reason: string };
}

export interface SessionHooks {
  /** Called when the key exchange is done and the login (if any) begins. */
  authenticating(): void;
}

/**
 * Runs the SSH key exchange over a connected socket whose identification was already read, then
 * logs in when credentials are set. A host key other than the pinned one ends the session before
 * any credential is sent. ssh2's own timer is off: the runner's deadline owns the clock.
 */
export function runSession(socket: net.Socket, settings: SshSettings, scope: SocketScope, hooks: SessionHooks): Promise<SessionOutcome> {
  const key = settings.private_key;
  const outcome: SessionOutcome = {};
  const client = new Client();
  return scope.race(
    new Promise<SessionOutcome>((resolve) => {
      let settled = false;
      const done = () => {
        if (settled) return;
        settled = true;
        client.end();
        resolve(outcome);
      };
      client.on('handshake', () => {
        if (key === undefined) return done();
        hooks.authenticating();
      });
      client.on('ready', () => {
        outcome.login = { ok: true };
        done();
      });
      client.on('error', (error: Error & { level?: string }) => {
        if (settled) return;
        if (error.level === 'client-authentication') outcome.login = { ok: false, reason: 'the server did not accept the key' };
        else outcome.handshakeError = error.message;
        done();
      });
      client.on('close', () => {
        if (!settled) outcome.handshakeError ??= 'the server closed the connection';
        done();
      });
      connect(client, {
        sock: socket,
        username: settings.username ?? 'tocsin',
        ...(key !== undefined && { privateKey: key, passphrase: settings.passphrase }),
        readyTimeout: 0,
        hostVerifier: (blob: Buffer) => {
          outcome.hostKey = hostKeyOf(blob);
          return !keyRejected(outcome.hostKey, settings);
        },
      });
    }),
  );
}

function keyRejected(hostKey: HostKey, settings: SshSettings): boolean {
  return settings.fingerprint !== undefined && settings.fingerprint !== hostKey.fingerprint;
}

/**
 * ssh2 parses the key inside connect (once: an encrypted key's bcrypt KDF is the costliest step of a check, see BENCHMARKS.md) and
 * throws when it cannot; that becomes words naming the setting, never quoting the key.
 */
function connect(client: InstanceType<typeof Client>, config: ConnectConfig): void {
  try {
    client.connect(config);
  } catch (error) {
    const message = (error as Error).message ?? '';
    if (!/privateKey/.test(message)) throw error;
    const wrongPassphrase = /passphrase|decrypt|integrity/i.test(message);
    throw new ObservedFailure(
      wrongPassphrase
        ? 'private_key could not be decrypted: wrong or missing passphrase'
        : 'private_key is not a private key ssh can use (expected OpenSSH or PEM format)',
    );
  }
}
