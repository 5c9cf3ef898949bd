import { describe, expect, it } from 'vitest';
import { parseMonitor } from '../schema/parse-monitor.js';
import { defaultsSchema } from '../schema/system.js';
import { internalReach } from './probe-reach.js';

function monitor(input: Record<string, unknown>) {
  const parsed = parseMonitor({ id: 'm', ...input }, defaultsSchema.parse({}));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.monitor;
}

describe('internalReach', () => {
  it.each([
    [
      'an http GET judged by status, text and pattern',
      { type: 'http', url: 'http://10.0.0.5/health', expect: { status: [200], body_contains: 'ok', body_regex: 'ok' } },
    ],
    ['an http HEAD', { type: 'http', url: 'http://10.0.0.5/', method: 'HEAD' }],
    ['a tcp connect that reads the banner the server volunteers', { type: 'tcp', host: '10.0.0.5', port: 22, expect: { contains: 'SSH-2.0' } }],
    ['a certificate', { type: 'tls', host: 'db.internal', port: 5432 }],
    ['a DNS answer', { type: 'dns', query: 'db.internal', record: 'A' }],
    ['an SMTP banner', { type: 'smtp', host: 'mail.internal', port: 25 }],
  ])('lets any editor define %s', (_what, input) => {
    expect(internalReach(monitor(input))).toBeUndefined();
  });

  it.each([
    ['postgres', { type: 'postgres', url: 'postgres://db/app' }, 'type'],
    ['mysql', { type: 'mysql', url: 'mysql://db/app' }, 'type'],
    ['redis', { type: 'redis', url: 'redis://cache' }, 'type'],
    ['tcp with send', { type: 'tcp', host: 'cache', port: 6379, send: 'INFO\r\n' }, 'send'],
    ['http with headers', { type: 'http', url: 'http://10.0.0.5/', headers: { 'X-Custom-Auth': 'x' } }, 'headers'],
    ['http with a body', { type: 'http', url: 'http://10.0.0.5/', method: 'POST', body: '{}' }, 'body'],
    ['http DELETE', { type: 'http', url: 'http://10.0.0.5/', method: 'DELETE' }, 'method'],
    ['http with json_path', { type: 'http', url: 'http://10.0.0.5/', expect: { json_path: { path: '$.token', equals: 'x' } } }, 'expect.json_path'],
  ])('keeps %s to admins and granted editors, naming the field', (_what, input, field) => {
    expect(internalReach(monitor(input))?.field).toBe(field);
  });
});
