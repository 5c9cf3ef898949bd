/**
 * The websocket check against real servers (package ws) on 127.0.0.1, port 0: one that answers,
 * one that closes with an error code, one that refuses the upgrade, a listener that never
 * completes the handshake, and wss with a self-signed certificate trusted through ca_file.
 */
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { websocketCheck } from '../../src/checks/websocket/check.js';
import { websocketSettings } from '../../src/checks/websocket/schema.js';
import { probeTargetPolicy } from '../../src/core/targets/policy.js';
import { runWithDeadline } from '../../src/engine/deadline.js';
import { makeCertificate } from '../helpers/certs.js';
import { testContext } from '../helpers/check-context.js';
import { startBannerServer, startSilentListener, type TestListener } from '../helpers/tcp-servers.js';

/** Paths: /echo answers each message, /greet speaks first, /fail closes 1011, /bye answers then closes 4001, /flood sends 100 kB, others 404. */
/** Close codes the servers received from the check, to prove it says goodbye properly. */
const closesSeen: number[] = [];

function attach(server: Server): WebSocketServer {
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (request, socket, head) => {
    if (!['/echo', '/greet', '/fail', '/bye', '/flood'].includes(request.url ?? '')) {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      ws.on('close', (code) => closesSeen.push(code));
      if (request.url === '/greet') ws.send('hello from the feed');
      if (request.url === '/fail') ws.close(1011, 'database down');
      if (request.url === '/flood') ws.send('x'.repeat(100 * 1024));
      ws.on('message', (data) => {
        if (request.url === '/echo') ws.send(`echo: ${String(data)}`);
        if (request.url === '/bye') {
          ws.send('bye');
          ws.close(4001, 'done');
        }
      });
    });
  });
  return wss;
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

let plain: Server;
let secure: Server;
let silent: TestListener;
let port: number;
let securePort: number;
let dir: string;
let caFile: string;

beforeAll(async () => {
  plain = createHttpServer();
  attach(plain);
  port = await listen(plain);
  const { key, cert } = await makeCertificate({ commonName: 'localhost', altNames: ['localhost', '127.0.0.1'] });
  secure = createHttpsServer({ key, cert });
  attach(secure);
  securePort = await listen(secure);
  dir = await mkdtemp(join(tmpdir(), 'tocsin-ws-'));
  caFile = join(dir, 'ca.pem');
  await writeFile(caFile, cert);
  silent = await startSilentListener();
});
afterAll(async () => {
  plain.closeAllConnections();
  secure.closeAllConnections();
  await Promise.all([new Promise((r) => plain.close(r)), new Promise((r) => secure.close(r)), silent.close(), rm(dir, { recursive: true, force: true })]);
});

const settings = (fields: Record<string, unknown>) => websocketSettings.parse(fields);
const run = (fields: Record<string, unknown>, timeoutMs = 5000) => runWithDeadline((ctx) => websocketCheck.run(settings(fields), ctx), timeoutMs);

describe('websocket check', () => {
  it('opens, sends, and judges the reply, timing each phase', async () => {
    const result = await run({ url: `ws://127.0.0.1:${port}/echo`, send: 'ping', expect: { contains: 'echo: ping' } });
    expect(result).toMatchObject({
      status: 'up',
      message: expect.stringMatching(new RegExp(`^opened ws://127\\.0\\.0\\.1:${port}/echo in \\d+ ms; the reply contains "echo: ping" \\(after \\d+ ms\\)$`)),
    });
    expect(result.timings).toMatchObject({ dns: expect.any(Number), connect: expect.any(Number), upgrade: expect.any(Number), reply: expect.any(Number) });
    await expect.poll(() => closesSeen.at(-1)).toBe(1000);
  });

  it('reads a message the server sends first', async () => {
    const result = await run({ url: `ws://localhost:${port}/greet`, expect: { regex: '^hello from' } });
    expect(result.status).toBe('up');
  });

  it('is down with the code in words when the server closes with an error', async () => {
    const result = await run({ url: `ws://127.0.0.1:${port}/fail`, send: 'ping', expect: { contains: 'pong' } });
    expect(result).toMatchObject({
      status: 'down',
      message: `ws://127.0.0.1:${port}/fail closed the connection with 1011 (internal error): "database down" before sending a message`,
    });
  });

  it('is up when the server closes with the expected code', async () => {
    const result = await run({ url: `ws://127.0.0.1:${port}/bye`, send: 'x', expect: { contains: 'bye', close_code: 4001 } });
    expect(result).toMatchObject({ status: 'up', message: expect.stringContaining('; closed with 4001 as expected') });
  });

  it('names the HTTP status of a refused upgrade', async () => {
    const result = await run({ url: `ws://127.0.0.1:${port}/missing` });
    expect(result).toMatchObject({
      status: 'down',
      message: `127.0.0.1:${port} answered the upgrade with HTTP 404 Not Found instead of 101 Switching Protocols`,
    });
  });

  it('says the server hung up before completing the upgrade', async () => {
    const hangUp = await startBannerServer('', { end: true });
    try {
      const result = await run({ url: `ws://127.0.0.1:${hangUp.port}/` });
      expect(result).toMatchObject({ status: 'down', message: `127.0.0.1:${hangUp.port} closed the connection before completing the WebSocket upgrade` });
    } finally {
      await hangUp.close();
    }
  });

  it('refuses a message larger than 64 kB rather than buffering it', async () => {
    const result = await run({ url: `ws://127.0.0.1:${port}/flood`, expect: { contains: 'x' } });
    expect(result).toMatchObject({ status: 'down', message: `127.0.0.1:${port} sent a message larger than 64 kB` });
  });

  it('names the upgrade phase when the handshake never completes', async () => {
    const started = performance.now();
    const result = await run({ url: `ws://127.0.0.1:${silent.port}/` }, 800);
    expect(result).toMatchObject({ status: 'down', message: `timed out after 800 ms during the WebSocket upgrade with 127.0.0.1:${silent.port}` });
    expect(performance.now() - started).toBeLessThan(3000);
    await silent.allClosed();
    expect(silent.open).toBe(0);
  });

  it('names the reply phase when no message comes', async () => {
    const result = await run({ url: `ws://127.0.0.1:${port}/echo`, expect: { contains: 'x' } }, 800);
    expect(result).toMatchObject({ status: 'down', message: `timed out after 800 ms waiting for the reply from 127.0.0.1:${port}` });
  });

  it('speaks wss to a self-signed server trusted through ca_file', async () => {
    const result = await run({ url: `wss://localhost:${securePort}/echo`, send: 'tls?', expect: { contains: 'echo: tls?' }, ca_file: caFile });
    expect(result).toMatchObject({ status: 'up', message: expect.stringMatching(/^opened wss:\/\/localhost:\d+\/echo in/) });
    expect(result.timings.tls).toBeGreaterThanOrEqual(0);
  });

  it('refuses the self-signed certificate without ca_file, before upgrading', async () => {
    const result = await run({ url: `wss://localhost:${securePort}/echo` });
    expect(result).toMatchObject({ status: 'down', message: 'certificate is not trusted (self-signed)' });
    expect(result.timings.upgrade).toBeUndefined();
  });

  it('says what is wrong with an unreadable ca_file', async () => {
    const result = await run({ url: `wss://localhost:${securePort}/echo`, ca_file: join(dir, 'missing.pem') });
    expect(result).toMatchObject({ status: 'down', message: `cannot read ca_file ${join(dir, 'missing.pem')} (ENOENT)` });
  });

  it('refuses an address server.probe_targets denies', async () => {
    const { ctx } = testContext();
    const result = await websocketCheck.run(settings({ url: `ws://127.0.0.1:${port}/echo` }), {
      ...ctx,
      targets: probeTargetPolicy({ allow: [], deny: ['127.0.0.0/8'] }),
    });
    expect(result).toMatchObject({ status: 'down', message: `127.0.0.1:${port} is not allowed by server.probe_targets (deny 127.0.0.0/8)` });
  });
});
