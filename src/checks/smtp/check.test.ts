import { once } from 'node:events';
import net from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type KeyAndCert, makeAuthority, makeCertificate } from '../../../test/helpers/certs.js';
import { closedPort, startBannerServer, startSilentListener } from '../../../test/helpers/tcp-servers.js';
import { Phases } from '../phases.js';
import type { CheckContext } from '../types.js';
import { runSmtp, smtpCheck } from './check.js';
import type { SmtpSettings } from './schema.js';

const DAY = 86_400_000;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((close) => close()));
});

function context(controller = new AbortController()): CheckContext {
  return { signal: controller.signal, timeoutMs: 5000, phases: new Phases() };
}

function settings(port: number, extra: Partial<SmtpSettings> = {}): SmtpSettings {
  return { host: '127.0.0.1', port, starttls: false, warn_days: 21, critical_days: 7, verify_tls: true, ...extra };
}

/** smtp-server on 127.0.0.1 port 0; remembers whether a client said QUIT. */
async function serveSmtp(options: SMTPServerOptions = {}): Promise<{ port: number; quits: () => number }> {
  let quits = 0;
  const server = new SMTPServer({ disableReverseLookup: true, name: 'mx.test', banner: 'ready', authOptional: true, logger: false, ...options });
  server.on('error', () => {});
  server.server.on('connection', (socket) => socket.on('data', (chunk: Buffer) => (quits += chunk.toString().includes('QUIT') ? 1 : 0)));
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
  return { port: (server.server.address() as { port: number }).port, quits: () => quits };
}

/** A fake mail server: sends `banner`, then answers each command that starts with a key of `replies`. */
async function serveScript(banner: string, replies: Record<string, string>): Promise<number> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.write(banner);
    socket.on('data', (chunk: Buffer) => {
      const verb = Object.keys(replies).find((key) => chunk.toString('latin1').toUpperCase().startsWith(key));
      if (verb) socket.write(replies[verb] ?? '');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
  return (server.address() as { port: number }).port;
}

let ca: KeyAndCert;
let localhostCert: KeyAndCert;
beforeAll(async () => {
  ca = await makeAuthority('tocsin mail CA');
  localhostCert = await makeCertificate({ commonName: '127.0.0.1', altNames: ['127.0.0.1'], issuer: ca });
});

describe('smtp check', () => {
  it('reports the banner of a server that greets and answers EHLO', async () => {
    const { port } = await serveSmtp({ hideSTARTTLS: true });
    const result = await smtpCheck.run(settings(port), context());
    expect(result).toMatchObject({ status: 'up', message: `SMTP banner from 127.0.0.1:${port}: 220 mx.test ESMTP ready` });
    expect(Object.keys(result.timings)).toEqual(expect.arrayContaining(['dns', 'connect', 'banner', 'send', 'total']));
  });

  it('reads the certificate after STARTTLS and judges it', async () => {
    const { port } = await serveSmtp({ key: localhostCert.key, cert: localhostCert.cert });
    const result = await runSmtp(settings(port, { starttls: true }), context(), { ca: ca.cert });
    expect(result.status).toBe('up');
    expect(result.message).toMatch(/; STARTTLS certificate for 127\.0\.0\.1 valid for 89 days \(until \S+Z\), issuer tocsin mail CA$/);
    expect(result.metrics?.tls_days_left).toBeGreaterThan(89);
    expect(result.timings.starttls).toBeGreaterThanOrEqual(0);
    expect(result.timings.tls).toBeGreaterThanOrEqual(0);
  });

  it('is down when the STARTTLS certificate expires within critical_days', async () => {
    const pair = await makeCertificate({ altNames: ['127.0.0.1'], issuer: ca, notAfter: new Date(Date.now() + 3 * DAY) });
    const { port } = await serveSmtp({ key: pair.key, cert: pair.cert });
    const result = await runSmtp(settings(port, { starttls: true }), context(), { ca: ca.cert });
    expect(result).toMatchObject({
      status: 'down',
      message: expect.stringMatching(
        new RegExp(`^STARTTLS on 127\\.0\\.0\\.1:${port}: certificate for 127\\.0\\.0\\.1 expires in 2 days .*below critical_days 7$`),
      ),
    });
  });

  it('does not trust a certificate from an unknown CA unless verify_tls is off', async () => {
    const { port } = await serveSmtp({ key: localhostCert.key, cert: localhostCert.cert });
    const verified = await smtpCheck.run(settings(port, { starttls: true }), context());
    expect(verified).toMatchObject({ status: 'down', message: expect.stringContaining('certificate for 127.0.0.1 is not trusted: issuer tocsin mail CA') });
    const unverified = await smtpCheck.run(settings(port, { starttls: true, verify_tls: false }), context());
    expect(unverified).toMatchObject({ status: 'up', message: expect.stringContaining('STARTTLS certificate for 127.0.0.1 valid for') });
  });

  it('is down when STARTTLS is wanted and not offered', async () => {
    const { port } = await serveSmtp({ hideSTARTTLS: true });
    const result = await smtpCheck.run(settings(port, { starttls: true }), context());
    expect(result).toMatchObject({
      status: 'down',
      message: expect.stringMatching(new RegExp(`^STARTTLS not offered by 127\\.0\\.0\\.1:${port} \\(EHLO lists: .*PIPELINING`)),
    });
  });

  it('says QUIT when done', async () => {
    const server = await serveSmtp({ hideSTARTTLS: true });
    await smtpCheck.run(settings(server.port), context());
    for (let i = 0; i < 100 && server.quits() === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(server.quits()).toBe(1);
  });

  it('is down when the banner refuses the session, with the reply', async () => {
    const server = await startBannerServer('554-mx.test no service\r\n554 try later\r\n');
    cleanups.push(() => server.close());
    const result = await smtpCheck.run(settings(server.port), context());
    expect(result).toMatchObject({ status: 'down', message: `127.0.0.1:${server.port} refused the session: 554 mx.test no service` });
  });

  it('names the reply EHLO got when it is not 250', async () => {
    const port = await serveScript('220 mx.test ready\r\n', { EHLO: '554 5.7.1 go away\r\n' });
    const result = await smtpCheck.run(settings(port), context());
    expect(result).toMatchObject({ status: 'down', message: `127.0.0.1:${port} answered 554 5.7.1 go away to EHLO` });
  });

  it('refuses to start TLS when the server sent more after its STARTTLS reply', async () => {
    const port = await serveScript('220 mx.test ready\r\n', {
      EHLO: '250-mx.test\r\n250 STARTTLS\r\n',
      STARTTLS: '220 go ahead\r\n250 injected\r\n',
    });
    const result = await smtpCheck.run(settings(port, { starttls: true }), context());
    expect(result).toMatchObject({ status: 'down', message: expect.stringContaining('the server sent data after its STARTTLS reply') });
  });

  it('reports a server that closes the connection before its banner', async () => {
    const server = await startBannerServer('', { end: true });
    cleanups.push(() => server.close());
    const result = await smtpCheck.run(settings(server.port), context());
    expect(result).toMatchObject({ status: 'down', message: `the server closed the connection (waiting for the banner from 127.0.0.1:${server.port})` });
  });

  it('reports a refused connection with the address', async () => {
    const port = await closedPort();
    const result = await smtpCheck.run(settings(port), context());
    expect(result).toMatchObject({ status: 'down', message: `connection refused by 127.0.0.1:${port}` });
  });

  it('stops in the banner phase and closes its socket when aborted', async () => {
    const server = await startSilentListener();
    cleanups.push(() => server.close());
    const controller = new AbortController();
    const ctx = context(controller);
    const outcome = smtpCheck.run(settings(server.port), ctx).then(
      () => 'resolved',
      (error: unknown) => error,
    );
    const phase = `waiting for the banner from 127.0.0.1:${server.port}`;
    // Connecting takes its time on a loaded machine: wait for the phase rather than a fixed moment.
    for (let i = 0; i < 250 && ctx.phases.describe() !== phase; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ctx.phases.describe()).toBe(phase);
    const abortedAt = performance.now();
    controller.abort(new Error('deadline'));
    expect(await outcome).toEqual(new Error('deadline'));
    expect(performance.now() - abortedAt).toBeLessThan(2000);
    await server.allClosed();
    expect(server.open).toBe(0);
  });
});
