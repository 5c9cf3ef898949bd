/**
 * Random and mutated requests at every /api/v1 route: whatever arrives, the answer is a 4xx with a
 * JSON {error} or a success, never a 5xx or a stack trace. The engine is stopped first, so monitors
 * the fuzzer manages to create are stored but never probe anything (no traffic leaves loopback).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiRoute } from '../../src/api/routes/route.js';
import { startApi, type ApiHarness } from './harness.js';

let api: ApiHarness;

beforeAll(async () => {
  api = await startApi(() => ({
    monitors: [{ id: 'from-file', type: 'tcp', host: '127.0.0.1', port: 9, interval: '1h' }],
  }));
  api.live.tocsin.engine.stop();
});

afterAll(async () => {
  await api?.close();
});

const VALID_BODIES: Record<string, unknown> = {
  '/api/v1/monitors': { id: 'fz', type: 'http', url: 'http://127.0.0.1:9/', interval: '30s', tags: ['a'], alert: { down_after: 2 } },
  '/api/v1/monitors/:id': { id: 'fz', type: 'tcp', host: '127.0.0.1', port: 9, timeout: '1s' },
  '/api/v1/integrations/alertmanager': {
    version: '4',
    groupKey: '{}:{}',
    status: 'firing',
    externalURL: 'http://127.0.0.1:9093',
    alerts: [
      { status: 'firing', labels: { alertname: 'Up', instance: 'x' }, annotations: { summary: 's' }, startsAt: '2026-01-01T00:00:00Z', fingerprint: 'abc123' },
    ],
  },
  '/api/v1/integrations/webhook': { key: 'ci-main', status: 'firing', summary: 'build broke' },
};

const idArb = fc.oneof(
  fc.constantFrom('from-file', 'fz', 'missing', '..', '../../etc/passwd', '%00', 'A'.repeat(300), ''),
  fc.string({ maxLength: 40 }),
  fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,20}$/),
);

const queryArb = fc.oneof(
  fc.constant(''),
  fc
    .dictionary(
      fc.constantFrom('from', 'to', 'limit', 'before', 'resolution', 'tag', 'state', 'source', 'x', ''),
      fc.oneof(fc.string({ maxLength: 30 }), fc.integer().map(String), fc.constantFrom('1e309', '-1', 'NaN', '2026-13-45T99:00:00Z')),
    )
    .map((d) => new URLSearchParams(d).toString()),
  fc.constantFrom('limit=1&limit=2', 'from=1&from=2', '%zz', 'tag[]=a', 'from=9999999999999999&to=1'),
);

/** Replaces, deletes or adds one key somewhere in a valid body. */
function mutate(value: unknown, path: number[], replacement: unknown, mode: number): unknown {
  if (value === null || typeof value !== 'object') return replacement;
  const entries = Object.entries(value as Record<string, unknown>);
  if (path.length === 0 || entries.length === 0) return mode === 0 ? { ...(value as object), unexpected: replacement } : replacement;
  const [head, ...rest] = path;
  const index = head! % entries.length;
  const copy: Record<string, unknown> | unknown[] = Array.isArray(value) ? [...value] : { ...(value as object) };
  const key = entries[index]![0];
  if (mode === 1 && rest.length === 0) delete (copy as Record<string, unknown>)[key];
  else (copy as Record<string, unknown>)[key] = mutate(entries[index]![1], rest, replacement, mode);
  return copy;
}

function bodyArb(spec: ApiRoute) {
  const valid = VALID_BODIES[spec.url];
  const raw = fc.oneof(
    fc.anything({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null'),
    fc.string({ maxLength: 200 }),
    fc.constantFrom('{', '{"id":', '[]', 'null', '""', '{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"x":1}}}'),
  );
  if (valid === undefined) return raw;
  const mutated = fc
    .tuple(fc.array(fc.nat(), { maxLength: 4 }), fc.anything({ maxDepth: 2 }), fc.nat(2))
    .map(([path, replacement, mode]) => JSON.stringify(mutate(valid, path, replacement, mode)) ?? '{}');
  return fc.oneof(raw, mutated, mutated, fc.constant(JSON.stringify(valid)));
}

const fuzzed = () => api.routes.filter((r) => r.url !== '/api/v1/events');

describe('the API under random input', () => {
  it('answers every route with a JSON 4xx or a success, never a 5xx', async () => {
    const requestArb = fc.constantFrom(...fuzzed()).chain((spec) =>
      fc.record({
        spec: fc.constant(spec),
        id: idArb,
        query: queryArb,
        body: bodyArb(spec),
        contentType: fc.constantFrom(
          'application/json',
          'application/json',
          'application/json',
          'text/plain',
          'application/x-www-form-urlencoded',
          'application/json; charset=latin1',
        ),
        as: fc.constantFrom('admin', 'editor', 'viewer', 'nobody') as fc.Arbitrary<'admin' | 'editor' | 'viewer' | 'nobody'>,
      }),
    );
    const seen = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(requestArb, async ({ spec, id, query, body, contentType, as }) => {
        const url = spec.url.replace(':id', encodeURIComponent(id)) + (query ? `?${query}` : '');
        const response = await api.app.inject({
          method: spec.method,
          url,
          headers: { 'x-test-role': as, ...(spec.method !== 'GET' && { 'content-type': contentType }) },
          ...(spec.method !== 'GET' && { payload: body }),
        });
        seen.set(response.statusCode, (seen.get(response.statusCode) ?? 0) + 1);
        expect(response.statusCode, `${spec.method} ${url} ${body.slice(0, 200)}`).toBeLessThan(500);
        if (response.statusCode >= 400) {
          expect(response.headers['content-type']).toMatch(/application\/json/);
          expect(typeof response.json().error).toBe('string');
          expect(response.body).not.toMatch(/\n\s+at /);
        }
      }),
      { numRuns: 400 },
    );
    // The fuzzer got past authentication into the handlers: both refusals and successes happened.
    expect(seen.get(400)).toBeGreaterThan(20);
    expect([...seen.keys()].some((status) => status < 300)).toBe(true);
  }, 240_000);

  it('refuses a body over the limit with 413', async () => {
    const huge = JSON.stringify({ id: 'big', type: 'http', url: 'http://127.0.0.1:9/', name: 'x'.repeat(2_000_000) });
    const response = await api.call('admin', 'POST', '/api/v1/monitors', huge);
    expect(response.statusCode).toBe(413);
    expect(typeof response.json().error).toBe('string');
  });

  it('refuses malformed JSON with 400', async () => {
    const response = await api.call('admin', 'POST', '/api/v1/integrations/webhook', '{"key": ');
    expect(response.statusCode).toBe(400);
    expect(typeof response.json().error).toBe('string');
  });
});
