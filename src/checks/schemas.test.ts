import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { monitorSettings, monitorTypes, settingsKeys } from './schemas.js';

/** Every module `entry` reaches through relative imports, with the bare imports of each. */
function importGraph(entry: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const pending = [entry];
  while (pending.length > 0 && graph.size < 200) {
    const file = pending.pop()!;
    if (graph.has(file)) continue;
    const specifiers = [...readFileSync(file, 'utf8').matchAll(/from '([^']+)'/g)].map((match) => match[1]!);
    graph.set(
      file,
      specifiers.filter((specifier) => !specifier.startsWith('.')),
    );
    for (const specifier of specifiers.filter((s) => s.startsWith('.'))) pending.push(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
  }
  return graph;
}

describe('the monitor type registry', () => {
  it('lists the types in reading order, the built-in and inbound ones last', () => {
    expect(monitorTypes).toEqual([
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
      'self',
      'alertmanager',
      'webhook',
    ]);
  });

  it("names each type's settings fields", () => {
    expect(settingsKeys('tcp')).toEqual(Object.keys(monitorSettings.tcp.shape));
    expect(settingsKeys('http')).toContain('url');
  });

  it.each([['./schemas.ts'], ['../schema/config.ts'], ['../schema/json-schema.ts']])('keeps %s free of node:* so the web UI can use it', (entry) => {
    const graph = importGraph(fileURLToPath(new URL(entry, import.meta.url)));
    const nodeImports = [...graph].flatMap(([file, bare]) => bare.filter((s) => s.startsWith('node:')).map((s) => `${file}: ${s}`));
    expect(graph.size).toBeGreaterThan(1);
    expect(nodeImports).toEqual([]);
  });
});
