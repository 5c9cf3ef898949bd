import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Phases } from '../phases.js';
import { observe } from './observe.js';
import { BODY_LIMIT } from './observation.js';
import { httpSettings } from './schema.js';

// The body is read from data events (not an async iterator): what is kept and when it counts as
// truncated must be what it was.
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
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

const observeUrl = (url: string) => observe(httpSettings.parse({ url }), { signal: AbortSignal.timeout(10_000), timeoutMs: 10_000, phases: new Phases() });

describe('http body reading', () => {
  it('keeps a body of exactly the limit whole and not truncated', async () => {
    const url = await serve((_req, res) => res.end(Buffer.alloc(BODY_LIMIT, 'a')));
    const { response } = await observeUrl(url);
    expect(response).toMatchObject({ status: 200, bodyBytes: BODY_LIMIT, truncated: false });
    expect(response!.body).toBe('a'.repeat(BODY_LIMIT));
  });

  it('keeps the first limit of a longer body and says it was truncated', async () => {
    const url = await serve((_req, res) => {
      res.write(Buffer.alloc(BODY_LIMIT - 10, 'a'));
      res.end(Buffer.alloc(100, 'b'));
    });
    const { response } = await observeUrl(url);
    expect(response).toMatchObject({ status: 200, bodyBytes: BODY_LIMIT, truncated: true });
    expect(response!.body.endsWith('a'.repeat(10) + 'b'.repeat(10))).toBe(true);
  });

  it('reads a chunked body in several writes in order', async () => {
    const url = await serve((_req, res) => {
      res.write('one ');
      setImmediate(() => {
        res.write('two ');
        setImmediate(() => res.end('three'));
      });
    });
    const { response } = await observeUrl(url);
    expect(response).toMatchObject({ body: 'one two three', bodyBytes: 13, truncated: false });
  });

  it('reports a body cut short by the server as a failure while reading it', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': 100 });
      res.write('only part', () => res.socket?.destroy());
    });
    const observation = await observeUrl(url);
    expect(observation.response).toBeUndefined();
    expect(observation.failure).toMatch(/^connection reset by 127\.0\.0\.1:\d+ while reading the body$/);
  });
});
