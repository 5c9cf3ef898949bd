import { describe, expect, it } from 'vitest';
import { judge } from './judge.js';
import type { Observation } from './observation.js';
import { httpSettings, type HttpSettings } from './schema.js';

const URL_A = 'https://status.example/health';

function seen(status: number, body = '', extra: Partial<Observation> = {}): Observation {
  return {
    chain: [URL_A],
    response: { status, body, bodyBytes: Buffer.byteLength(body), truncated: false },
    latencyMs: 123.4,
    ...extra,
  };
}

function expecting(expect: Record<string, unknown> = {}): HttpSettings['expect'] {
  return httpSettings.parse({ url: URL_A, expect }).expect;
}

describe('judge', () => {
  it.each([
    ['a 200 with no expectations', seen(200), {}, 'up', 'HTTP 200 in 123 ms'],
    ['a 399 within the default range', seen(399), {}, 'up', 'HTTP 399 in 123 ms'],
    ['a 503 against the default range', seen(503), {}, 'down', `HTTP 503 from ${URL_A}, expected 200–399`],
    ['a 199 against the default range', seen(199), {}, 'down', `HTTP 199 from ${URL_A}, expected 200–399`],
    ['a 503 against one status', seen(503), { status: [200] }, 'down', `HTTP 503 from ${URL_A}, expected 200`],
    ['a 200 against a list', seen(200), { status: [201, 202, 204] }, 'down', `HTTP 200 from ${URL_A}, expected 201, 202 or 204`],
    ['a 404 that is expected', seen(404), { status: [404] }, 'up', 'HTTP 404 in 123 ms'],
    ['a body that contains the text', seen(200, '{"core":1}'), { body_contains: '"core"' }, 'up', 'HTTP 200 in 123 ms'],
    ['a body that lacks the text', seen(200, '{}'), { body_contains: '"core"' }, 'down', `body of ${URL_A} does not contain "\\"core\\""`],
    ['a body that matches', seen(200, 'v1.2.3'), { body_regex: 'v\\d+\\.' }, 'up', 'HTTP 200 in 123 ms'],
    ['a body that does not match', seen(200, 'oops'), { body_regex: '^ok$' }, 'down', `body of ${URL_A} does not match /^ok$/`],
    ['a JSON value that equals', seen(200, '{"status":"ok"}'), { json_path: { path: '$.status', equals: 'ok' } }, 'up', 'HTTP 200 in 123 ms'],
    [
      'a JSON value that differs',
      seen(200, '{"status":"down"}'),
      { json_path: { path: '$.status', equals: 'ok' } },
      'down',
      '$.status is "down", expected "ok"',
    ],
    ['a JSON number against a string', seen(200, '{"n":1}'), { json_path: { path: '$.n', equals: '1' } }, 'down', '$.n is 1, expected "1"'],
    ['a JSON null that is expected', seen(200, '{"e":null}'), { json_path: { path: '$.e', equals: null } }, 'up', 'HTTP 200 in 123 ms'],
    [
      'a JSON object where a value is expected',
      seen(200, '{"a":{"b":1}}'),
      { json_path: { path: '$.a', equals: true } },
      'down',
      '$.a is {"b":1}, expected true',
    ],
    [
      'a missing JSON value',
      seen(200, '{"a":{}}'),
      { json_path: { path: '$.a.b.c', equals: 1 } },
      'down',
      `$.a.b.c is missing in the JSON from ${URL_A} (no $.a.b), expected 1`,
    ],
    [
      'a body that is not JSON',
      seen(200, '<html>'),
      { json_path: { path: '$.a', equals: 1 } },
      'down',
      /^body of https:\/\/status\.example\/health is not JSON: /,
    ],
    ['a slow answer', seen(200, '', { latencyMs: 2345 }), { max_latency: '2s' }, 'degraded', 'responded in 2345 ms, above max_latency 2000 ms'],
    ['a fast answer', seen(200, '', { latencyMs: 1999 }), { max_latency: '2s' }, 'up', 'HTTP 200 in 1999 ms'],
    ['a slow answer with the wrong status', seen(500, '', { latencyMs: 2345 }), { max_latency: '2s' }, 'down', `HTTP 500 from ${URL_A}, expected 200–399`],
    [
      'a failure to connect',
      { chain: [URL_A], failure: 'connection refused by 127.0.0.1:443', latencyMs: 3 },
      {},
      'down',
      'connection refused by 127.0.0.1:443',
    ],
  ] as const)('judges %s', (_name, observation, wanted, status, message) => {
    const verdict = judge(observation, expecting(wanted));
    expect(verdict.status).toBe(status);
    if (typeof message === 'string') expect(verdict.message).toBe(message);
    else expect(verdict.message).toMatch(message);
  });

  it('names where a redirected request started', () => {
    const verdict = judge(seen(500, '', { chain: [URL_A, 'https://other.example/'] }), expecting());
    expect(verdict.message).toBe(`HTTP 500 from https://other.example/ (redirected from ${URL_A}), expected 200–399`);
  });

  it('says when only the first part of a long body was searched', () => {
    const observation = seen(200, 'abc');
    observation.response!.truncated = true;
    expect(judge(observation, expecting({ body_contains: 'z' })).message).toBe(`body of ${URL_A} does not contain "z" (checked the first 3 bytes only)`);
  });

  it('reports the status and body size as metrics', () => {
    expect(judge(seen(204, 'four'), expecting()).metrics).toEqual({ http_status: 204, body_bytes: 4 });
  });

  it('reports no metrics when nothing answered', () => {
    expect(judge({ chain: [URL_A], failure: 'x', latencyMs: 1 }, expecting()).metrics).toEqual({});
  });
});
