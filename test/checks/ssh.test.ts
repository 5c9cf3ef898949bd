/** The ssh check against Debian's OpenSSH sshd, started per file on a free port with its own host key. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sshCheck } from '../../src/checks/ssh/check.js';
import { sshSettings, type SshSettings } from '../../src/checks/ssh/schema.js';
import { testContext } from '../helpers/check-context.js';
import { startBannerServer, startSilentListener } from '../helpers/tcp-servers.js';
import { runCli } from '../cli/run-cli.js';
import { startSshd, type PrivateSshd } from './sshd.js';

let sshd: PrivateSshd;
const cleanups: Array<() => Promise<void>> = [];

beforeAll(async () => {
  sshd = await startSshd();
}, 30_000);
afterAll(() => sshd.stop());
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((close) => close()));
});

function settings(fields: Record<string, unknown> = {}): SshSettings {
  return sshSettings.parse({ host: '127.0.0.1', port: sshd.port, ...fields });
}
const target = () => `127.0.0.1:${sshd.port}`;
const WRONG = 'SHA256:AAAAztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s';

describe('ssh check against sshd', () => {
  it('reads the banner and the host key fingerprint ssh-keygen prints', async () => {
    const result = await sshCheck.run(settings(), testContext().ctx);
    expect(result.status).toBe('up');
    expect(result.message).toBe(`${result.message.split(' at ')[0]} at ${target()}, host key ssh-ed25519 ${sshd.fingerprint}`);
    expect(result.message).toMatch(/^SSH-2\.0-OpenSSH_/);
    expect(Object.keys(result.timings)).toEqual(expect.arrayContaining(['dns', 'connect', 'banner', 'handshake', 'total']));
  });

  it('is up with the pinned fingerprint', async () => {
    const result = await sshCheck.run(settings({ fingerprint: sshd.fingerprint }), testContext().ctx);
    expect(result).toMatchObject({ status: 'up', message: expect.stringMatching(/ \(pinned\)$/) });
  });

  it('names both fingerprints when the host key is not the pinned one', async () => {
    const result = await sshCheck.run(settings({ fingerprint: WRONG }), testContext().ctx);
    expect(result).toEqual(
      expect.objectContaining({ status: 'down', message: `host key of ${target()} changed: expected ${WRONG}, got ssh-ed25519 ${sshd.fingerprint}` }),
    );
  });

  it('logs in with an authorized key', async () => {
    const result = await sshCheck.run(settings({ username: sshd.user, private_key: sshd.clientKey, fingerprint: sshd.fingerprint }), testContext().ctx);
    expect(result).toMatchObject({
      status: 'up',
      message: expect.stringMatching(new RegExp(`^logged in as ${sshd.user} at 127\\.0\\.0\\.1:\\d+ with the key, SSH-2\\.0-OpenSSH`)),
    });
    expect(result.timings.auth).toBeGreaterThanOrEqual(0);
  });

  it('is down when the server does not accept the key, without quoting it', async () => {
    const result = await sshCheck.run(settings({ username: sshd.user, private_key: sshd.strangerKey }), testContext().ctx);
    expect(result).toMatchObject({
      status: 'down',
      message: expect.stringContaining(`login as ${sshd.user} at ${target()} failed: the server did not accept the key`),
    });
    expect(result.message).not.toContain('PRIVATE KEY');
  });

  it('does not offer the key to a server whose host key changed, and can be degraded', async () => {
    const result = await sshCheck.run(
      settings({ username: sshd.user, private_key: sshd.clientKey, fingerprint: WRONG, on_key_change: 'degraded' }),
      testContext().ctx,
    );
    expect(result).toMatchObject({ status: 'degraded', message: expect.stringMatching(/changed: .*; did not log in$/) });
    expect(result.timings.auth).toBeUndefined();
  });

  it('logs in with an encrypted key and its passphrase', async () => {
    const result = await sshCheck.run(settings({ username: sshd.user, private_key: sshd.encryptedKey, passphrase: sshd.passphrase }), testContext().ctx);
    expect(result).toMatchObject({ status: 'up', message: expect.stringMatching(/^logged in as /) });
  });

  it.each([
    ['without', {}],
    ['with a wrong', { passphrase: 'wrong horse' }],
  ])('names the passphrase of an encrypted key %s passphrase, without quoting either', async (_what, extra) => {
    const result = await sshCheck.run(settings({ username: sshd.user, private_key: sshd.encryptedKey, ...extra }), testContext().ctx);
    expect(result).toMatchObject({ status: 'down', message: 'private_key could not be decrypted: wrong or missing passphrase' });
  });

  it('says a private_key it cannot read is unusable, without quoting it', async () => {
    const result = await sshCheck.run(settings({ username: sshd.user, private_key: 'not a key at all' }), testContext().ctx);
    expect(result).toMatchObject({ status: 'down', message: 'private_key is not a private key ssh can use (expected OpenSSH or PEM format)' });
  });
});

describe('tocsin check ssh://', () => {
  it('prints the banner and host key and exits 0', async () => {
    const run = await runCli(['check', `ssh://127.0.0.1:${sshd.port}`]);
    expect(run.stdout).toMatch(new RegExp(`UP\\s+ssh\\s+SSH-2\\.0-OpenSSH\\S* .*host key ssh-ed25519 ${sshd.fingerprint.replace(/[+/]/g, '\\$&')}`));
    expect(run.code).toBe(0);
  });
});

describe('ssh check against servers that are not sshd', () => {
  it('quotes a peer that is not SSH', async () => {
    const server = await startBannerServer('220 mail.example.org ESMTP\r\n', { end: true });
    cleanups.push(() => server.close());
    const result = await sshCheck.run(settings({ port: server.port }), testContext().ctx);
    expect(result).toMatchObject({ status: 'down', message: `127.0.0.1:${server.port} is not an SSH server: it sent "220 mail.example.org ESMTP\\r\\n"` });
  });

  it('names the handshake phase when a server greets and then says nothing more', async () => {
    const server = await startBannerServer('SSH-2.0-OpenSSH_9.2p1 hung\r\n');
    cleanups.push(() => server.close());
    const { ctx, abort } = testContext();
    const outcome = sshCheck.run(settings({ port: server.port }), ctx).then(
      () => 'resolved',
      (error: unknown) => error,
    );
    for (let i = 0; i < 100 && ctx.phases.current !== 'handshake'; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ctx.phases.describe()).toBe(`during the handshake with 127.0.0.1:${server.port}`);
    abort();
    expect(await outcome).toEqual(new Error('timed out after 5000 ms'));
    await server.allClosed();
  });

  it('waits for the banner of a silent listener until the deadline, then closes the socket', async () => {
    const server = await startSilentListener();
    cleanups.push(() => server.close());
    const { ctx, abort } = testContext();
    const outcome = sshCheck.run(settings({ port: server.port }), ctx).then(
      () => 'resolved',
      (error: unknown) => error,
    );
    const phase = `waiting for the banner from 127.0.0.1:${server.port}`;
    // Connecting takes its time on a loaded machine: wait for the phase rather than a fixed moment.
    for (let i = 0; i < 250 && ctx.phases.describe() !== phase; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ctx.phases.describe()).toBe(phase);
    abort();
    expect(await outcome).toEqual(new Error('timed out after 5000 ms'));
    await server.allClosed();
    expect(server.open).toBe(0);
  });
});
