import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { closedPort } from '../helpers/tcp-servers.js';

const run = promisify(execFile);

/** Debian's OpenSSH sshd on 127.0.0.1 with its own config, host key and one authorized client key. */
export interface PrivateSshd {
  port: number;
  /** The host key's fingerprint as `ssh-keygen -lf` prints it (SHA256:…). */
  fingerprint: string;
  /** A private key sshd accepts for `user`, and one it does not. */
  clientKey: string;
  strangerKey: string;
  /** Authorized too, encrypted with `passphrase`. */
  encryptedKey: string;
  passphrase: string;
  user: string;
  stop(): Promise<void>;
}

async function keygen(path: string, passphrase = ''): Promise<string> {
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-C', 'tocsin-test', '-f', path]);
  return readFileSync(path, 'utf8');
}

export async function startSshd(): Promise<PrivateSshd> {
  const dir = mkdtempSync(join(tmpdir(), 'tocsin-sshd-'));
  // sshd refuses to start without its privilege separation directory.
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  await keygen(join(dir, 'host_key'));
  const clientKey = await keygen(join(dir, 'client'));
  const strangerKey = await keygen(join(dir, 'stranger'));
  const passphrase = 'correct horse battery';
  const encryptedKey = await keygen(join(dir, 'encrypted'), passphrase);
  writeFileSync(join(dir, 'authorized_keys'), Buffer.concat([readFileSync(join(dir, 'client.pub')), readFileSync(join(dir, 'encrypted.pub'))]));
  const { stdout } = await run('ssh-keygen', ['-l', '-E', 'sha256', '-f', join(dir, 'host_key.pub')]);
  const fingerprint = stdout.split(' ')[1]!;
  const port = await closedPort();
  writeFileSync(
    join(dir, 'sshd_config'),
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${join(dir, 'host_key')}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      'StrictModes no',
      'UsePAM no',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin prohibit-password',
      'LogLevel ERROR',
      '',
    ].join('\n'),
  );
  const child = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', join(dir, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
  await listening(child, port);
  return {
    port,
    fingerprint,
    clientKey,
    strangerKey,
    encryptedKey,
    passphrase,
    user: (await run('id', ['-un'])).stdout.trim(),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await once(child, 'exit');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls the port (at most 10 s); sshd prints nothing when it is ready. */
async function listening(child: ChildProcess, port: number): Promise<void> {
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) throw new Error(`sshd exited with ${child.exitCode}: ${errors}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port });
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`sshd did not listen on ${port} within 10 s: ${errors}`);
}
