import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { Phases } from '../phases.js';
import type { CheckContext } from '../types.js';
import { httpCheck } from './check.js';
import { httpSettings } from './schema.js';

const servers: Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

async function serve(handler: RequestListener): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function context(timeoutMs = 10_000): CheckContext {
  return { signal: AbortSignal.timeout(timeoutMs), timeoutMs, phases: new Phases() };
}

const run = (settings: Record<string, unknown>) => httpCheck.run(httpSettings.parse(settings), context());

describe('http check against a local server', () => {
  it('reports up with the status, timings and metrics', async () => {
    const url = await serve((_req, res) => res.end('hello'));
    const result = await run({ url: `${url}/health` });
    expect(result).toMatchObject({ status: 'up', metrics: { http_status: 200, body_bytes: 5 } });
    expect(result.message).toMatch(/^HTTP 200 in \d+ ms$/);
    expect(Object.keys(result.timings)).toEqual(expect.arrayContaining(['dns', 'connect', 'firstByte', 'body', 'total']));
  });

  it('reports a status outside the expected list as down, naming the URL', async () => {
    const url = await serve((_req, res) => res.writeHead(503).end());
    const result = await run({ url: `${url}/path`, expect: { status: [200] } });
    expect(result).toMatchObject({ status: 'down', message: `HTTP 503 from ${url}/path, expected 200` });
  });

  it('judges the body against body_contains and body_regex', async () => {
    const url = await serve((_req, res) => res.end('{"core":"ok","version":"1.4.2"}'));
    expect((await run({ url, expect: { body_contains: '"core"', body_regex: '"version":"1\\.' } })).status).toBe('up');
    const missing = await run({ url, expect: { body_contains: '"edge"' } });
    expect(missing).toMatchObject({ status: 'down', message: `body of ${url}/ does not contain "\\"edge\\""` });
  });

  it('compares the JSON value at json_path', async () => {
    const url = await serve((_req, res) => res.setHeader('content-type', 'application/json').end('{"checks":[{"status":"down"}]}'));
    const result = await run({ url, expect: { json_path: { path: '$.checks[0]["status"]', equals: 'ok' } } });
    expect(result).toMatchObject({ status: 'down', message: '$.checks[0]["status"] is "down", expected "ok"' });
  });

  it('sends the method, the configured headers, the Host and the body', async () => {
    const url = await serve((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk)).on('end', () => res.end(JSON.stringify({ method: req.method, headers: req.headers, body })));
    });
    const port = new URL(url).port;
    const settings = {
      url: `http://localhost:${port}/echo`,
      method: 'POST',
      body: '{"ping":1}',
      headers: { 'Content-Type': 'application/json', 'X-Probe': 'tocsin' },
    };
    const echoed = await run({ ...settings, expect: { json_path: { path: '$.body', equals: '{"ping":1}' } } });
    expect(echoed.status).toBe('up');
    for (const [path, equals] of [
      ['$.method', 'POST'],
      ['$.headers["x-probe"]', 'tocsin'],
      ['$.headers.host', `localhost:${port}`],
      ['$.headers["content-type"]', 'application/json'],
    ]) {
      expect((await run({ ...settings, expect: { json_path: { path, equals } } })).message).toMatch(/^HTTP 200/);
    }
  });

  it('sends HEAD without reading a body', async () => {
    let method = '';
    const url = await serve((req, res) => ((method = req.method ?? ''), res.setHeader('content-length', '10').end()));
    expect(await run({ url, method: 'HEAD' })).toMatchObject({ status: 'up', metrics: { http_status: 200, body_bytes: 0 } });
    expect(method).toBe('HEAD');
  });

  it('reports a slow answer as degraded with the figure that decided it', async () => {
    const url = await serve((_req, res) => setTimeout(() => res.end('late'), 300));
    const result = await run({ url, expect: { max_latency: '100ms' } });
    expect(result.status).toBe('degraded');
    expect(result.message).toMatch(/^responded in \d+ ms, above max_latency 100 ms$/);
  });

  it('reports a closed port as connection refused', async () => {
    const url = await serve(() => {});
    servers.splice(0).forEach((server) => server.close());
    const result = await run({ url });
    expect(result).toMatchObject({ status: 'down', message: `connection refused by ${url.slice(7)}` });
  });

  it('reports a server that hangs up before answering', async () => {
    const url = await serve((req) => req.socket.destroy());
    expect((await run({ url })).message).toBe(`${url.slice(7)} closed the connection before it answered`);
  });

  it('decodes a gzip body before matching it', async () => {
    const url = await serve((_req, res) => res.setHeader('content-encoding', 'gzip').end(gzipSync('all systems nominal')));
    expect((await run({ url, expect: { body_contains: 'nominal' } })).status).toBe('up');
  });

  it('reads at most 1 MiB of a huge body and stops there', async () => {
    let sent = 0;
    const url = await serve((_req, res) => {
      const chunk = Buffer.alloc(64 * 1024, 'a');
      const pump = () => {
        while (sent < 64 * 1024 * 1024 && res.write(chunk)) sent += chunk.length;
        if (sent < 64 * 1024 * 1024) res.once('drain', pump);
        else res.end();
      };
      res.on('close', () => res.removeAllListeners('drain'));
      pump();
    });
    const result = await run({ url, expect: { body_contains: 'b' } });
    expect(result.metrics?.body_bytes).toBe(1024 * 1024);
    expect(result.message).toBe(`body of ${url}/ does not contain "b" (checked the first 1048576 bytes only)`);
    expect(sent).toBeLessThan(32 * 1024 * 1024);
  });

  it('talks to an IPv6 literal URL', async () => {
    const server = createServer((req, res) => res.end(req.headers.host));
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '::1', resolve));
    const url = `http://[::1]:${(server.address() as AddressInfo).port}/`;
    expect(await run({ url, expect: { body_contains: '[::1]:' } })).toMatchObject({ status: 'up' });
  });

  it('reports a name that does not resolve', async () => {
    const result = await run({ url: 'http://no-such-host.invalid/' });
    expect(result.status).toBe('down');
    expect(result.message).toMatch(/no-such-host\.invalid/);
  });
});
