import { once } from 'node:events';
import net from 'node:net';
import tls from 'node:tls';
import { SMTPServer } from 'smtp-server';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type KeyAndCert, makeAuthority, makeCertificate } from '../../../test/helpers/certs.js';
import { closedPort, startSilentListener } from '../../../test/helpers/tcp-servers.js';
import { Phases } from '../phases.js';
import type { CheckContext } from '../types.js';
import { runTls, tlsCheck } from './check.js';
import type { TlsSettings } from './schema.js';

const DAY = 86_400_000;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((close) => close()));
});

function context(controller = new AbortController()): CheckContext {
  return { signal: controller.signal, timeoutMs: 5000, phases: new Phases() };
}

function settings(port: number, extra: Partial<TlsSettings> = {}): TlsSettings {
  return { host: '127.0.0.1', port, servername: 'localhost', warn_days: 21, critical_days: 7, verify: true, ...extra };
}

/** A TLS server on 127.0.0.1 port 0 that completes the handshake and hangs up. */
async function serveTls(pair: KeyAndCert): Promise<number> {
  const server = tls.createServer({ key: pair.key, cert: pair.cert }, (socket) => socket.end());
  server.on('tlsClientError', () => {});
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
  return (server.address() as { port: number }).port;
}

/**
 * Accepts, reads and discards, never answers: a TLS server that never sends
 * its ServerHello. It reads so that it notices when the client hangs up
 * (unread data would hold back the end of the stream).
 */
async function startSwallowingListener(): Promise<{ port: number; closed: Promise<void> }> {
  let clientGone: () => void = () => {};
  const closed = new Promise<void>((resolve) => (clientGone = resolve));
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', clientGone);
    socket.resume();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
  return { port: (server.address() as { port: number }).port, closed };
}

let ca: KeyAndCert;
beforeAll(async () => {
  ca = await makeAuthority('tocsin test CA');
});

const leaf = (days: { from?: number; to: number }, altNames = ['localhost']) =>
  makeCertificate({
    commonName: altNames[0],
    altNames,
    issuer: ca,
    notBefore: new Date(Date.now() + (days.from ?? -1) * DAY),
    notAfter: new Date(Date.now() + days.to * DAY),
  });

describe('tls check', () => {
  it('is up for a trusted certificate and reports days left and expiry', async () => {
    const port = await serveTls(await leaf({ to: 90 }));
    const result = await runTls(settings(port), context(), { ca: ca.cert });
    expect(result.status).toBe('up');
    expect(result.message).toMatch(/^certificate for localhost valid for 89 days \(until \S+Z\), issuer tocsin test CA$/);
    expect(result.metrics?.tls_days_left).toBeGreaterThan(89);
    expect(result.metrics?.tls_not_after).toBeGreaterThan(Date.now() / 1000 + 89 * 86_400);
    expect(Object.keys(result.timings)).toEqual(expect.arrayContaining(['dns', 'connect', 'tls', 'total']));
  });

  it('is down when the certificate expires within critical_days', async () => {
    const port = await serveTls(await leaf({ to: 3 }));
    const result = await runTls(settings(port), context(), { ca: ca.cert });
    expect(result).toMatchObject({ status: 'down', message: expect.stringMatching(/expires in 2 days \(.*\), below critical_days 7$/) });
  });

  it('is degraded when the certificate expires within warn_days', async () => {
    const port = await serveTls(await leaf({ to: 10 }));
    const result = await runTls(settings(port), context(), { ca: ca.cert });
    expect(result).toMatchObject({ status: 'degraded', message: expect.stringMatching(/expires in 9 days .*below warn_days 21$/) });
  });

  it('says how long ago an expired certificate ran out', async () => {
    const port = await serveTls(await leaf({ from: -30, to: -3 }));
    const result = await runTls(settings(port), context(), { ca: ca.cert });
    expect(result.status).toBe('down');
    expect(result.message).toMatch(/^certificate for localhost expired 3 days ago \(notAfter \S+Z\); issuer tocsin test CA$/);
    expect(result.metrics?.tls_days_left).toBeLessThan(-2.9);
  });

  it('reports a certificate that is not valid yet', async () => {
    const port = await serveTls(await leaf({ from: 2, to: 90 }));
    const result = await runTls(settings(port), context(), { ca: ca.cert });
    expect(result).toMatchObject({
      status: 'down',
      message: expect.stringMatching(/^certificate for localhost is not yet valid \(notBefore \S+Z, in 1 day\)/),
    });
  });

  it('names the hosts a certificate for another name covers', async () => {
    const port = await serveTls(await leaf({ to: 90 }, ['a.example.org', 'b.example.org']));
    const result = await runTls(settings(port), context(), { ca: ca.cert });
    expect(result).toMatchObject({
      status: 'down',
      message: 'certificate does not match localhost: it covers a.example.org, b.example.org (subject CN=a.example.org, issuer tocsin test CA)',
    });
  });

  it('checks an IP address against the certificate when no servername is set', async () => {
    const port = await serveTls(await leaf({ to: 90 }, ['localhost', '127.0.0.1']));
    const result = await runTls(settings(port, { servername: undefined }), context(), { ca: ca.cert });
    expect(result).toMatchObject({ status: 'up', message: expect.stringContaining('certificate for 127.0.0.1 valid for') });
  });

  it('resolves a host name from the hosts file and sends it as SNI', async () => {
    const port = await serveTls(await leaf({ to: 90 }));
    const result = await runTls(settings(port, { host: 'localhost', servername: undefined }), context(), { ca: ca.cert });
    expect(result).toMatchObject({ status: 'up', message: expect.stringContaining('certificate for localhost valid for') });
  });

  it('says a self-signed certificate is not trusted', async () => {
    const port = await serveTls(await makeCertificate({ commonName: 'localhost' }));
    const result = await runTls(settings(port), context(), { ca: ca.cert });
    expect(result).toMatchObject({ status: 'down', message: 'certificate for localhost is self-signed (subject CN=localhost), not trusted' });
  });

  it('does not trust a certificate from an unknown CA with the system trust store', async () => {
    const port = await serveTls(await leaf({ to: 90 }));
    const result = await tlsCheck.run(settings(port), context());
    expect(result.status).toBe('down');
    expect(result.message).toMatch(/^certificate for localhost is not trusted: issuer tocsin test CA is not a known authority/);
  });

  it('reports a refused connection with the address', async () => {
    const port = await closedPort();
    const result = await tlsCheck.run(settings(port), context());
    expect(result).toMatchObject({ status: 'down', message: `connection refused by 127.0.0.1:${port}` });
  });

  it('reports a server that hangs up during the handshake', async () => {
    const server = await startSilentListener();
    cleanups.push(() => server.close());
    const run = tlsCheck.run(settings(server.port), context());
    while (server.accepted === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    await server.close();
    const result = await run;
    expect(result.status).toBe('down');
    expect(result.message).toContain(`during the TLS handshake with 127.0.0.1:${server.port}`);
  });

  it('stops in the tls phase and destroys its socket when aborted before the ServerHello', async () => {
    const server = await startSwallowingListener();
    const controller = new AbortController();
    const ctx = context(controller);
    const outcome = tlsCheck.run(settings(server.port), ctx).then(
      () => 'resolved',
      (error: unknown) => error,
    );
    const phase = `during the TLS handshake with 127.0.0.1:${server.port}`;
    // Connecting takes its time on a loaded machine: wait for the phase rather than a fixed moment.
    for (let i = 0; i < 250 && ctx.phases.describe() !== phase; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ctx.phases.describe()).toBe(phase);
    const abortedAt = performance.now();
    controller.abort(new Error('deadline'));
    expect(await outcome).toEqual(new Error('deadline'));
    expect(performance.now() - abortedAt).toBeLessThan(2000);
    await server.closed;
  });
});

describe('tls check with starttls: smtp', () => {
  async function serveSmtp(options: ConstructorParameters<typeof SMTPServer>[0]): Promise<number> {
    const server = new SMTPServer({ disableReverseLookup: true, name: 'mx.test', authOptional: true, logger: false, ...options });
    server.listen(0, '127.0.0.1');
    await once(server.server, 'listening');
    cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
    return (server.server.address() as { port: number }).port;
  }

  it('upgrades the SMTP connection and judges the certificate', async () => {
    const pair = await leaf({ to: 10 });
    const port = await serveSmtp({ key: pair.key, cert: pair.cert });
    const result = await runTls(settings(port, { starttls: 'smtp' }), context(), { ca: ca.cert });
    expect(result).toMatchObject({ status: 'degraded', message: expect.stringContaining('certificate for localhost expires in 9 days') });
    expect(result.timings.starttls).toBeGreaterThanOrEqual(0);
  });

  it('is down when the server does not offer STARTTLS', async () => {
    const port = await serveSmtp({ disabledCommands: ['STARTTLS'] });
    const result = await runTls(settings(port, { starttls: 'smtp' }), context(), { ca: ca.cert });
    expect(result).toMatchObject({
      status: 'down',
      message: expect.stringMatching(new RegExp(`^STARTTLS not offered by 127\\.0\\.0\\.1:${port} \\(EHLO lists: `)),
    });
  });
});
