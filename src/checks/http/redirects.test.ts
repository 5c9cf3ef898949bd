import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Phases } from '../phases.js';
import { httpCheck } from './check.js';
import { httpSettings } from './schema.js';

const servers: Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

/** A server that also counts the connections it accepted, to prove each hop opens its own. */
async function serve(handler: RequestListener): Promise<{ url: string; connections: () => number }> {
  const server = createServer(handler);
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => sockets.add(socket));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, connections: () => sockets.size };
}

const run = (settings: Record<string, unknown>) =>
  httpCheck.run(httpSettings.parse(settings), { signal: AbortSignal.timeout(10_000), timeoutMs: 10_000, phases: new Phases() });

describe('http check redirects', () => {
  it('follows a relative Location on a fresh connection and judges the last response', async () => {
    const { url, connections } = await serve((req, res) => {
      if (req.url === '/old/page') res.writeHead(301, { location: 'new?x=1' }).end();
      else if (req.url === '/old/new?x=1') res.writeHead(302, { location: '/final' }).end();
      else res.writeHead(503).end();
    });
    const result = await run({ url: `${url}/old/page` });
    expect(result).toMatchObject({ status: 'down', message: `HTTP 503 from ${url}/final (redirected from ${url}/old/page), expected 200–399` });
    expect(connections()).toBe(3);
  });

  it('follows a redirect to another server', async () => {
    const target = await serve((_req, res) => res.end('arrived'));
    const { url } = await serve((_req, res) => res.writeHead(307, { location: `${target.url}/there` }).end());
    expect(await run({ url, expect: { body_contains: 'arrived' } })).toMatchObject({ status: 'up', metrics: { http_status: 200 } });
  });

  it('judges the redirect itself when follow_redirects is off', async () => {
    const { url } = await serve((_req, res) => res.writeHead(302, { location: '/elsewhere' }).end());
    expect(await run({ url, follow_redirects: false })).toMatchObject({ status: 'up', message: expect.stringMatching(/^HTTP 302 in/) });
    expect((await run({ url, follow_redirects: false, expect: { status: [200] } })).message).toBe(`HTTP 302 from ${url}/, expected 200`);
  });

  it('reports a redirect loop with the URLs that form it', async () => {
    const { url } = await serve((req, res) => res.writeHead(302, { location: req.url === '/a' ? '/b' : '/a' }).end());
    const result = await run({ url: `${url}/a` });
    expect(result).toMatchObject({ status: 'down', message: `redirect loop: ${url}/a → ${url}/b → ${url}/a` });
  });

  it('reports more redirects than max_redirects', async () => {
    const { url, connections } = await serve((req, res) => res.writeHead(302, { location: `/${Number(req.url?.slice(1)) + 1}` }).end());
    const result = await run({ url: `${url}/0`, max_redirects: 2 });
    expect(result).toMatchObject({ status: 'down', message: `more than 2 redirects from ${url}/0 (the last one pointed to ${url}/3)` });
    expect(connections()).toBe(3);
  });

  it('turns a POST into a GET after a 303 and keeps it after a 307', async () => {
    const seen: string[] = [];
    const { url } = await serve((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      if (req.url === '/form') res.writeHead(303, { location: '/done' }).end();
      else if (req.url === '/api') res.writeHead(307, { location: '/api2' }).end();
      else res.end();
    });
    await run({ url: `${url}/form`, method: 'POST', body: 'a=1' });
    await run({ url: `${url}/api`, method: 'POST', body: 'a=1' });
    expect(seen).toEqual(['POST /form', 'GET /done', 'POST /api', 'POST /api2']);
  });

  it('does not send the Authorization header to another origin', async () => {
    const received: (string | undefined)[] = [];
    const target = await serve((req, res) => (received.push(req.headers.authorization), res.end()));
    const { url } = await serve((req, res) => (received.push(req.headers.authorization), res.writeHead(302, { location: target.url }).end()));
    await run({ url, headers: { Authorization: 'Bearer secret' } });
    expect(received).toEqual(['Bearer secret', undefined]);
  });

  it('never shows URL credentials in a message', async () => {
    const { url } = await serve((_req, res) => res.writeHead(500).end());
    const result = await run({ url: url.replace('http://', 'http://admin:hunter2@') });
    expect(result.message).toBe(`HTTP 500 from ${url.replace('http://', 'http://admin:***@')}/, expected 200–399`);
  });
});
