import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { Refusals } from './refusals.js';

function rig() {
  const lines: string[] = [];
  const counted: string[] = [];
  let now = 0;
  const refusals = new Refusals(
    { warn: (_fields: object, message: string) => void lines.push(message) },
    { refused: (reason, route) => void counted.push(`${reason} ${route}`) },
    () => now,
  );
  const request = (url: string | undefined) => ({ method: 'POST', ip: '10.0.0.5', routeOptions: { url } }) as unknown as FastifyRequest;
  return { refusals, request, lines, counted, advance: (ms: number) => void (now += ms) };
}

describe('refusals', () => {
  it('counts and logs every refused alert intake, with its reason', () => {
    const r = rig();
    r.refusals.note(r.request('/api/v1/integrations/alertmanager'), 401, 'sign in or send an API token');
    r.refusals.note(r.request('/api/v1/integrations/webhook'), 400, 'body key: missing');
    expect(r.counted).toEqual(['unauthorized /api/v1/integrations/alertmanager', 'invalid_input /api/v1/integrations/webhook']);
    expect(r.lines).toEqual([
      'refused POST /api/v1/integrations/alertmanager from 10.0.0.5: 401 sign in or send an API token',
      'refused POST /api/v1/integrations/webhook from 10.0.0.5: 400 body key: missing',
    ]);
  });

  it('counts a body over its limit on any route, and nothing else there', () => {
    const r = rig();
    r.refusals.note(r.request('/api/v1/monitors'), 400, 'body id: missing');
    r.refusals.note(r.request('/api/v1/monitors'), 413, 'request body over 1 MiB');
    r.refusals.note(r.request(undefined), 413, 'request body over 1 MiB');
    expect(r.counted).toEqual(['body_too_large /api/v1/monitors', 'body_too_large unmatched']);
  });

  it('logs the refusals of a route once a minute, saying how many it held back', () => {
    const r = rig();
    const refuse = () => r.refusals.note(r.request('/ping/:a'), 413, 'request body over 10 MB');
    for (let i = 0; i < 50; i++) refuse();
    r.advance(60_000);
    refuse();
    expect(r.counted).toHaveLength(51);
    expect(r.lines).toEqual([
      'refused POST /ping/:a from 10.0.0.5: 413 request body over 10 MB',
      'refused POST /ping/:a from 10.0.0.5: 413 request body over 10 MB (and 49 more like it in the last 60 s)',
    ]);
  });
});
