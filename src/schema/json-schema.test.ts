import { describe, expect, it } from 'vitest';
import { configJsonSchema } from './json-schema.js';

type JsonObject = Record<string, unknown>;

function at(schema: unknown, ...path: string[]): JsonObject {
  let node: unknown = schema;
  for (const key of path) node = typeof node === 'object' && node !== null ? (node as JsonObject)[key] : undefined;
  if (typeof node !== 'object' || node === null) throw new Error(`no schema at ${path.join('.')}`);
  return node as JsonObject;
}

describe('configJsonSchema', () => {
  const schema = configJsonSchema();

  it('is draft 2020-12 JSON titled tocsin.yaml', () => {
    const copy = JSON.parse(JSON.stringify(schema)) as JsonObject;
    expect(copy).toEqual(schema);
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.title).toBe('tocsin.yaml');
  });

  it('lists the sections of the file and refuses others', () => {
    expect(Object.keys(at(schema, 'properties'))).toEqual([
      'server',
      'database',
      'cluster',
      'retention',
      'watchdog',
      'defaults',
      'channels',
      'escalations',
      'people',
      'schedules',
      'monitors',
      'status_pages',
      'maintenance',
      'apply',
      'backup',
      'incidents',
      'ci_intake',
    ]);
    expect(schema.additionalProperties).toBe(false);
  });

  it('describes fields as written, with durations as text and their defaults', () => {
    const interval = at(schema, 'properties', 'defaults', 'properties', 'interval');
    expect(interval.default).toBe('60s');
    expect(interval.description).toMatch(/how often/i);
    expect(JSON.stringify(interval)).toContain('"type":"string"');
  });

  it('offers one branch per monitor type, each with its settings', () => {
    const branches = at(schema, 'properties', 'monitors', 'items').oneOf;
    expect(Array.isArray(branches)).toBe(true);
    const types = (branches as JsonObject[]).map((branch) => at(branch, 'properties', 'type').const);
    expect(types).toEqual([
      'http',
      'tcp',
      'tls',
      'dns',
      'smtp',
      'postgres',
      'mysql',
      'redis',
      'icmp',
      'udp',
      'websocket',
      'grpc',
      'ssh',
      'ldap',
      'domain',
      'exec',
      'heartbeat',
      'ci',
    ]);
    expect(Object.keys(at((branches as JsonObject[])[0], 'properties'))).toEqual(expect.arrayContaining(['url', 'expect', 'id', 'interval']));
  });

  it('lets a checked string be an environment reference instead', () => {
    const url = at(schema, 'properties', 'watchdog', 'properties', 'ping_url');
    expect(url.anyOf).toEqual([
      { type: 'string', format: 'uri' },
      { type: 'string', pattern: '\\$\\{[A-Za-z_][A-Za-z0-9_]*\\}' },
    ]);
  });
});
