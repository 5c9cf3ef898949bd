import { afterEach, describe, expect, it } from 'vitest';
import { closedPort, startBannerServer, startFullBacklogListener, startSilentListener } from '../../../test/helpers/tcp-servers.js';
import { Phases } from '../phases.js';
import type { CheckContext } from '../types.js';
import { tcpCheck } from './check.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((close) => close()));
});

function context(controller = new AbortController()): CheckContext {
  return { signal: controller.signal, timeoutMs: 5000, phases: new Phases() };
}

async function serve<T extends { close(): Promise<void> }>(started: Promise<T>): Promise<T> {
  const server = await started;
  cleanups.push(() => server.close());
  return server;
}

/** Aborts after `ms` and measures how long the check took to settle after that. */
async function abortedAfter(ms: number, run: (ctx: CheckContext) => Promise<unknown>, ctx: CheckContext, controller: AbortController) {
  const outcome = run(ctx).then(
    () => 'resolved',
    (error: unknown) => error,
  );
  await new Promise((resolve) => setTimeout(resolve, ms));
  const phase = ctx.phases.describe();
  const abortedAt = performance.now();
  controller.abort(new Error('deadline'));
  const error = await outcome;
  return { error, phase, settledMs: performance.now() - abortedAt };
}

describe('tcp check', () => {
  it('connects and says how long it took', async () => {
    const server = await serve(startSilentListener());
    const result = await tcpCheck.run({ host: '127.0.0.1', port: server.port }, context());
    expect(result.status).toBe('up');
    expect(result.message).toMatch(new RegExp(`^connected to 127\\.0\\.0\\.1:${server.port} in \\d+ ms$`));
    expect(result.timings.connect).toBeGreaterThanOrEqual(0);
    await server.allClosed();
    expect(server.accepted).toBe(1);
  });

  it('resolves a host name from the hosts file before connecting to its address', async () => {
    const server = await serve(startSilentListener());
    const result = await tcpCheck.run({ host: 'localhost', port: server.port }, context());
    expect(result).toMatchObject({ status: 'up', message: expect.stringContaining(`:${server.port} in`) });
    expect(result.timings.dns).toBeGreaterThanOrEqual(0);
  });

  it('reports a refused connection with the address', async () => {
    const port = await closedPort();
    const result = await tcpCheck.run({ host: '127.0.0.1', port }, context());
    expect(result).toMatchObject({ status: 'down', message: `connection refused by 127.0.0.1:${port}` });
  });

  it('is up when the banner contains the expected text', async () => {
    const server = await serve(startBannerServer('SSH-2.0-OpenSSH_9.2p1\r\n'));
    const result = await tcpCheck.run({ host: '127.0.0.1', port: server.port, expect: { contains: 'SSH-2.0' } }, context());
    expect(result).toMatchObject({ status: 'up', message: expect.stringMatching(/^banner from 127\.0\.0\.1:\d+ contains "SSH-2\.0"/) });
    expect(result.timings.banner).toBeGreaterThanOrEqual(0);
    await server.allClosed();
  });

  it('quotes a banner that lacks the expected text', async () => {
    const server = await serve(startBannerServer('220 mail.example.org ESMTP\r\n', { end: true }));
    const result = await tcpCheck.run({ host: '127.0.0.1', port: server.port, expect: { contains: 'SSH-2.0' } }, context());
    expect(result).toMatchObject({
      status: 'down',
      message: `banner from 127.0.0.1:${server.port}: "220 mail.example.org ESMTP\\r\\n", expected it to contain "SSH-2.0"`,
    });
  });

  it('says when the peer closed before sending anything', async () => {
    const server = await serve(startBannerServer('', { end: true }));
    const result = await tcpCheck.run({ host: '127.0.0.1', port: server.port, expect: { contains: 'SSH-2.0' } }, context());
    expect(result).toMatchObject({ status: 'down', message: `127.0.0.1:${server.port} closed the connection before sending "SSH-2.0"` });
  });

  it('sends the request first and reads the reply', async () => {
    const server = await serve(startBannerServer('+PONG\r\n', { after: 'PING\r\n' }));
    const result = await tcpCheck.run({ host: '127.0.0.1', port: server.port, send: 'PING\r\n', expect: { contains: '+PONG' } }, context());
    expect(result.status).toBe('up');
    expect(server.received).toBe('PING\r\n');
  });

  it('stops reading a peer that streams without ever sending the text', async () => {
    const server = await serve(startBannerServer('x'.repeat(200_000)));
    const result = await tcpCheck.run({ host: '127.0.0.1', port: server.port, expect: { contains: 'SSH-2.0' } }, context());
    expect(result).toMatchObject({ status: 'down', message: expect.stringContaining('(stopped reading after 64 kB)') });
    await server.allClosed();
  });

  it('gives up on a silent peer as soon as the signal aborts, closing the socket', async () => {
    const server = await serve(startSilentListener());
    const controller = new AbortController();
    const ctx = context(controller);
    const settings = { host: '127.0.0.1', port: server.port, expect: { contains: 'SSH-2.0' } };
    const { error, phase, settledMs } = await abortedAfter(300, (c) => tcpCheck.run(settings, c), ctx, controller);
    expect(error).toEqual(new Error('deadline'));
    expect(phase).toBe(`waiting for the banner from 127.0.0.1:${server.port}`);
    expect(settledMs).toBeLessThan(2000);
    await server.allClosed();
    expect(server.open).toBe(0);
  });

  it('reports the connect phase when the listener backlog is full', async () => {
    const listener = await serve(startFullBacklogListener());
    const controller = new AbortController();
    const ctx = context(controller);
    const { error, phase, settledMs } = await abortedAfter(300, (c) => tcpCheck.run({ host: '127.0.0.1', port: listener.port }, c), ctx, controller);
    expect(error).toEqual(new Error('deadline'));
    expect(phase).toBe(`while connecting to 127.0.0.1:${listener.port}`);
    expect(settledMs).toBeLessThan(2000);
  });

  it('does not start when the signal has already aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('shutting down'));
    await expect(tcpCheck.run({ host: '127.0.0.1', port: 1 }, context(controller))).rejects.toThrow('shutting down');
  });
});
