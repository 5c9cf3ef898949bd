/**
 * Oversize bodies against a real tocsin on 127.0.0.1:0, sent with node:http as curl and
 * Alertmanager send them: the answer is a 413 naming the limit (never a reset connection), the
 * refusal is logged once per minute per route and counted on /metrics.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTocsin, type Tocsin } from '../../src/main.js';
import { createToken } from '../../src/services/tokens.js';
import { createUser } from '../../src/services/users.js';

const UUID = '5bf66975-d4c7-4bf5-bcc8-b8d8a82ea278';
const logs: string[] = [];
let dir = '';
let tocsin: Tocsin;
let token = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tocsin-oversize-'));
  const file = join(dir, 'tocsin.yaml');
  await writeFile(
    file,
    stringify({ database: { url: `sqlite:${join(dir, 'tocsin.db')}` }, monitors: [{ id: 'backup', type: 'heartbeat', uuid: UUID, period: '1d' }] }),
  );
  const logger = pino({ level: 'info' }, new Writable({ write: (chunk, _encoding, done) => void (logs.push(String(chunk)), done()) }));
  tocsin = await startTocsin({ configPath: file, env: {}, logger, listen: '127.0.0.1:0' });
  const cli = { actor: { kind: 'cli' as const, label: 'test' }, now: Date.now() };
  const user = await createUser(tocsin.store.db, { email: 'ed@example.org', role: 'editor', password: 'correct horse battery' }, cli);
  token = (await createToken(tocsin.store.db, { userId: user.id, name: 'test', scope: 'write' }, cli)).secret;
});

afterAll(async () => {
  await tocsin?.stop();
  await rm(dir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  body: string;
}

/**
 * POSTs `size` bytes with node:http, declared or chunked. Resolves with the answer as soon as it
 * arrives and stops sending then, as curl does; a reset before any answer rejects.
 */
function post(path: string, size: number, { chunked = false, auth = false } = {}): Promise<Answer> {
  const [host, port] = tocsin.address.split(':');
  return new Promise((resolve, reject) => {
    const headers = {
      'content-type': 'application/json',
      ...(!chunked && { 'content-length': String(size) }),
      ...(auth && { authorization: `Bearer ${token}` }),
    };
    const request = http.request({ host, port: Number(port), path, method: 'POST', headers }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => {
        resolve({ status: response.statusCode ?? 0, body });
        if (!request.writableFinished) request.destroy();
      });
    });
    request.on('error', reject);
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let sent = 0;
    const write = () => {
      while (sent < size) {
        const n = Math.min(chunk.length, size - sent);
        sent += n;
        if (!request.write(chunk.subarray(0, n))) return void request.once('drain', write);
      }
      request.end();
    };
    write();
  });
}

async function refusedOnMetrics(route: string): Promise<number> {
  const text = await (await fetch(`http://${tocsin.address}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`tocsin_requests_refused_total{reason="body_too_large",route="${route}"}`));
  return Number(line?.split(' ').pop() ?? 0);
}

describe('a body over its limit', () => {
  it('answers an 11 MB ping with a 413 naming the 10 MB limit, declared or chunked', async () => {
    for (const chunked of [false, true]) {
      const answer = await post(`/ping/${UUID}`, 11_000_000, { chunked });
      expect(answer.status).toBe(413);
      expect(JSON.parse(answer.body)).toMatchObject({ error: expect.stringContaining('over 10 MB (10000000 bytes)'), field: 'body' });
    }
    expect(await refusedOnMetrics('/ping/:a')).toBe(2);
  });

  it('still takes a ping of 10 MB, keeping its first 100 kB', async () => {
    expect(await post(`/ping/${UUID}`, 10_000_000)).toEqual({ status: 200, body: 'OK' });
  });

  it('answers 2 MB to the API with a 413 naming the 1 MiB limit', async () => {
    for (const chunked of [false, true]) {
      const answer = await post('/api/v1/monitors', 2_000_000, { chunked, auth: true });
      expect(answer.status).toBe(413);
      expect(JSON.parse(answer.body)).toEqual({
        error: 'request body over 1 MiB (1048576 bytes), the limit of this route',
        field: 'body',
        expected: 'at most 1048576 bytes',
      });
    }
    expect(await refusedOnMetrics('/api/v1/monitors')).toBe(2);
  });

  it('cuts a client that keeps sending after the 413 within seconds', async () => {
    const [host, port] = tocsin.address.split(':');
    const started = Date.now();
    const outcome = await new Promise<{ status: number; closedAfter: number }>((resolve) => {
      let status = 0;
      const request = http.request(
        { host, port: Number(port), path: `/ping/${UUID}`, method: 'POST', headers: { 'content-length': String(1e12) } },
        (response) => {
          status = response.statusCode ?? 0;
          response.resume();
        },
      );
      request.on('error', () => undefined);
      request.on('close', () => resolve({ status, closedAfter: Date.now() - started }));
      const chunk = Buffer.alloc(64 * 1024, 'a');
      const write = () => {
        while (!request.destroyed && request.write(chunk));
        if (!request.destroyed) request.once('drain', write);
      };
      write();
    });
    expect(outcome.status).toBe(413);
    expect(outcome.closedAfter).toBeLessThan(15_000);
  });

  it('logs the first refusal of a route and holds back the rest of the minute', () => {
    const lines = logs.filter((l) => l.includes('"reason":"body_too_large"'));
    expect(lines.map((l) => JSON.parse(l).route)).toEqual(['/ping/:a', '/api/v1/monitors']);
    expect(lines[0]).toContain('refused POST /ping/:a from 127.0.0.1: 413 request body over 10 MB');
  });
});
