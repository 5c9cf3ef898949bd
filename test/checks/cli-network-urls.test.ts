/** `tocsin check <URL>` with issue 19's URL forms, run as a user runs the built CLI, against local servers. */
import { createSocket, type Socket } from 'node:dgram';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { runCli } from '../cli/run-cli.js';

let dir: string;
let echo: Socket;
let udpPort: number;
let web: Server;
let wsPort: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tocsin-cli-net-'));
  echo = createSocket('udp4');
  echo.on('message', (datagram, from) => echo.send(Buffer.concat([Buffer.from('re: '), datagram]), from.port, from.address));
  await new Promise<void>((resolve) => echo.bind(0, '127.0.0.1', resolve));
  udpPort = echo.address().port;
  web = createServer();
  const wss = new WebSocketServer({ server: web });
  wss.on('connection', (ws) => ws.on('message', (data) => ws.send(`re: ${String(data)}`)));
  await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
  wsPort = (web.address() as { port: number }).port;
});
afterAll(() => {
  echo.close();
  web.closeAllConnections();
  web.close();
  rmSync(dir, { recursive: true, force: true });
});

/** From an empty directory: no tocsin.yaml, so no probe_targets and no monitors. */
const check = (url: string) => runCli(['check', url, '--json'], {}, 20_000, dir);

describe('tocsin check with the network URL forms', () => {
  it('pings icmp://127.0.0.1 and exits 0', async () => {
    const run = await check('icmp://127.0.0.1');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).checks[0]).toMatchObject({
      type: 'icmp',
      status: 'up',
      message: expect.stringMatching(/^127\.0\.0\.1 answered 3 of 3 echoes/),
    });
  });

  it('exchanges a datagram with udp://host:port?send=…&expect=…', async () => {
    const run = await check(`udp://127.0.0.1:${udpPort}?send=hi&expect=re:%20hi`);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).checks[0]).toMatchObject({ type: 'udp', status: 'up' });
  });

  it('exits 2 when the udp reply lacks the expected text', async () => {
    const run = await check(`udp://127.0.0.1:${udpPort}?send=hi&expect=nope`);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout).checks[0].message).toBe(`reply from 127.0.0.1:${udpPort}: "re: hi", expected it to contain "nope"`);
  });

  it('opens ws://', async () => {
    const run = await check(`ws://127.0.0.1:${wsPort}/`);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).checks[0]).toMatchObject({ type: 'websocket', status: 'up' });
  });

  it('says a grpc:// URL without a port needs one', async () => {
    const run = await check('grpc://127.0.0.1/shop.Orders');
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('a grpc:// URL needs a port');
  });
});
