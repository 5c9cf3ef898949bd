import { describe, expect, it } from 'vitest';
import { detailOf, judgeAnswer, parseRetryAfter, scrub } from './judge.js';

const NOW = Date.parse('2024-03-01T02:14:00Z');

describe('judgeAnswer', () => {
  it.each([
    [200, '', { ok: true, status: 200, detail: 'HTTP 200: OK' }],
    [202, '{"status":"success","message":"Event processed","dedup_key":"k"}', { ok: true, status: 202, detail: 'HTTP 202: Event processed' }],
    [204, '', { ok: true, status: 204, detail: 'HTTP 204: OK' }],
    [400, 'invalid_payload', { ok: false, permanent: true, status: 400, error: 'HTTP 400: invalid_payload' }],
    [401, '{"ok":false,"error_code":401,"description":"Unauthorized"}', { ok: false, permanent: true, status: 401, error: 'HTTP 401: Unauthorized' }],
    [404, 'no_service\n', { ok: false, permanent: true, status: 404, error: 'HTTP 404: no_service' }],
    [301, '', { ok: false, permanent: true, status: 301, error: 'HTTP 301: OK' }],
    [408, '', { ok: false, permanent: false, status: 408, error: 'HTTP 408: OK' }],
    [500, 'upstream unavailable', { ok: false, permanent: false, status: 500, error: 'HTTP 500: upstream unavailable' }],
    [503, '', { ok: false, permanent: false, status: 503, error: 'HTTP 503: OK' }],
  ])('judges HTTP %i as the table says', (status, body, expected) => {
    expect(judgeAnswer({ status, statusText: 'OK', body }, NOW)).toEqual(expected);
  });

  it('carries Retry-After on a 429 as milliseconds', () => {
    expect(judgeAnswer({ status: 429, statusText: 'Too Many Requests', retryAfter: '7', body: '' }, NOW)).toEqual({
      ok: false,
      permanent: false,
      status: 429,
      error: 'HTTP 429: Too Many Requests',
      retryAfterMs: 7000,
    });
  });

  it('reads Telegram retry_after and Matrix retry_after_ms from the body when there is no header', () => {
    const telegram = '{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 5","parameters":{"retry_after":5}}';
    expect(judgeAnswer({ status: 429, statusText: '', body: telegram }, NOW)).toMatchObject({ retryAfterMs: 5000 });
    const matrix = '{"errcode":"M_LIMIT_EXCEEDED","error":"Too many requests","retry_after_ms":2500}';
    expect(judgeAnswer({ status: 429, statusText: '', body: matrix }, NOW)).toMatchObject({
      retryAfterMs: 2500,
      error: 'HTTP 429: Too many requests; M_LIMIT_EXCEEDED',
    });
  });

  it('ignores Retry-After on a permanent failure', () => {
    expect(judgeAnswer({ status: 400, statusText: 'Bad Request', retryAfter: '10', body: '' }, NOW)).not.toHaveProperty('retryAfterMs');
  });
});

describe('parseRetryAfter', () => {
  it.each([
    ['120', 120_000],
    [' 0 ', 0],
    ['Fri, 01 Mar 2024 02:15:30 GMT', 90_000],
    ['Fri, 01 Mar 2024 02:00:00 GMT', 0],
    ['soon', undefined],
    ['-5', undefined],
    [undefined, undefined],
  ])('reads %s as %s ms', (value, expected) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected);
  });
});

describe('detailOf', () => {
  it('joins PagerDuty errors after the message', () => {
    const body = '{"status":"invalid event","message":"Event object is invalid","errors":["\'payload.summary\' is missing"]}';
    expect(detailOf({ status: 400, statusText: '', body })).toBe("Event object is invalid; 'payload.summary' is missing");
  });

  it('cuts a long HTML error page to 200 characters', () => {
    expect(detailOf({ status: 502, statusText: '', body: `<html>${'x'.repeat(500)}` })).toHaveLength(200);
  });
});

describe('scrub', () => {
  it('masks every occurrence of a secret', () => {
    expect(scrub('bot123456:ABC failed for bot123456:ABC', ['123456:ABC'])).toBe('bot*** failed for bot***');
  });
});
