import { afterEach, describe, expect, it } from 'vitest';
import { effectiveUrl, sendHttp } from './http-send.js';
import { startReceiver, type Receiver } from './testing/receiver.js';
import type { HttpRequest } from './types.js';

let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

const post = (url: string, body = '{"a":1}'): HttpRequest => ({ method: 'POST', url, headers: { 'content-type': 'application/json' }, body });
const options = { channel: 'ops-hook', timeoutMs: 5000 };

describe('sendHttp', () => {
  it('sends the rendered request on a fresh connection that it closes', async () => {
    receiver = await startReceiver(() => ({ status: 200, body: 'ok' }));
    const outcome = await sendHttp(post(`${receiver.url}/hook?x=1`, '{"é":1}'), options);
    expect(outcome).toEqual({ ok: true, status: 200, detail: 'HTTP 200: ok' });
    const [request] = receiver.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/hook?x=1');
    expect(request?.headers).toEqual({
      'content-type': 'application/json',
      'user-agent': 'tocsin',
      host: receiver.url.slice('http://'.length),
      connection: 'close',
      'content-length': '8',
    });
    expect(request?.body.toString('utf8')).toBe('{"é":1}');
    await receiver.closed(1);
  });

  it('resolves localhost without dns.lookup and still sends the name in Host', async () => {
    receiver = await startReceiver();
    const port = new URL(receiver.url).port;
    await sendHttp(post(`http://localhost:${port}/`), options);
    expect(receiver.requests[0]?.headers.host).toBe(`localhost:${port}`);
  });

  it('reports a 500 as temporary, naming the channel and host but not the path', async () => {
    receiver = await startReceiver(() => ({ status: 500, body: 'upstream unavailable' }));
    const outcome = await sendHttp(post(`${receiver.url}/services/T000/B000/SECRETTOKEN`), options);
    const host = receiver.url.slice('http://'.length);
    expect(outcome).toEqual({ ok: false, permanent: false, status: 500, error: `ops-hook (${host}): HTTP 500: upstream unavailable` });
  });

  it('reports a 400 as permanent', async () => {
    receiver = await startReceiver(() => ({ status: 400, body: 'invalid_payload' }));
    expect(await sendHttp(post(receiver.url), options)).toMatchObject({ ok: false, permanent: true, status: 400 });
  });

  it('honours Retry-After on a 429', async () => {
    receiver = await startReceiver(() => ({ status: 429, headers: { 'retry-after': '30' }, body: 'slow down' }));
    expect(await sendHttp(post(receiver.url), options)).toMatchObject({ ok: false, permanent: false, status: 429, retryAfterMs: 30_000 });
  });

  it('aborts an attempt the receiver never answers, closes the socket and says where it hung', async () => {
    receiver = await startReceiver(() => 'hang');
    const started = Date.now();
    const outcome = await sendHttp(post(receiver.url), { ...options, timeoutMs: 300 });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(outcome).toMatchObject({ ok: false, permanent: false });
    expect(outcome.ok ? '' : outcome.error).toMatch(/no answer within 300 ms \(stuck waiting for the answer\)/);
    await receiver.closed(1);
  });

  it('stops when the caller aborts', async () => {
    receiver = await startReceiver(() => 'hang');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const outcome = await sendHttp(post(receiver.url), { ...options, signal: controller.signal });
    expect(outcome.ok ? '' : outcome.error).toMatch(/aborted while waiting for the answer/);
    await receiver.closed(1);
  });

  it('reports a refused connection as temporary', async () => {
    receiver = await startReceiver();
    const url = receiver.url;
    await receiver.close();
    receiver = undefined;
    const outcome = await sendHttp(post(url), options);
    expect(outcome).toMatchObject({ ok: false, permanent: false });
    expect(outcome.ok ? '' : outcome.error).toContain('connection refused');
  });

  it('keeps secrets the service echoes back out of the error', async () => {
    receiver = await startReceiver(() => ({ status: 401, body: '{"description":"bad token s3cr3t-t0ken"}' }));
    const outcome = await sendHttp(post(receiver.url), options, ['s3cr3t-t0ken']);
    expect(outcome.ok ? '' : outcome.error).toMatch(/HTTP 401: bad token \*\*\*$/);
  });
});

describe('effectiveUrl', () => {
  it('swaps only the scheme, host and port for tests', () => {
    expect(effectiveUrl('https://events.pagerduty.com/v2/enqueue?x=1', 'http://127.0.0.1:4000').href).toBe('http://127.0.0.1:4000/v2/enqueue?x=1');
  });
});
