/**
 * Random and mutated config files: whatever the file says, loading it either gives a config or a
 * list of problems, each naming where and what was expected — never an exception, never a stack
 * trace, never a problem without words. The mutations start from a file using every section
 * (test/fixtures/config/full.yaml), so they reach deep instead of failing at the first key.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { loadConfigText } from '../config/load.js';

const EXAMPLE = parse(readFileSync(new URL('../../test/fixtures/config/full.yaml', import.meta.url), 'utf8')) as Record<string, unknown>;
const ENV = { TOCSIN_PING_KEY: 'ping-key-123', TOCSIN_WEBHOOK_SECRET: 's', SLACK_WEBHOOK_URL: 'https://hooks.example/x', PAGERDUTY_ROUTING_KEY: 'k' };

type Json = unknown;

/** Every path to a value in `value`, as key lists. */
function paths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return [prefix, ...value.flatMap((v, i) => paths(v, [...prefix, i]))];
  if (value !== null && typeof value === 'object') return [prefix, ...Object.entries(value).flatMap(([k, v]) => paths(v, [...prefix, k]))];
  return [prefix];
}

function replaced(root: Json, path: (string | number)[], next: Json): Json {
  if (path.length === 0) return next;
  const [head, ...rest] = path;
  if (Array.isArray(root)) return root.map((v, i) => (i === head ? replaced(v, rest, next) : v));
  if (root !== null && typeof root === 'object')
    return { ...(root as Record<string, Json>), [head as string]: replaced((root as Record<string, Json>)[head as string], rest, next) };
  return root;
}

const ALL_PATHS = paths(EXAMPLE);

const oddValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(
    '1ms',
    '0s',
    '-5s',
    '9999999d',
    '',
    '${UNSET_VARIABLE}',
    '$${literal}',
    '0 0 3 * * ? *',
    '(a+)+b',
    'http://127.0.0.1:1/',
    '::1',
    '1e309',
    'x'.repeat(5000),
  ),
  fc.integer(),
  fc.double(),
);

const mutation = fc.record({ at: fc.nat({ max: ALL_PATHS.length - 1 }), value: oddValue });

function expectProblemsOrConfig(text: string): void {
  const loaded = loadConfigText(text, 'tocsin.yaml', ENV);
  if (loaded.ok) {
    expect(typeof loaded.config.server.listen.port).toBe('number');
    return;
  }
  expect(loaded.problems.length).toBeGreaterThan(0);
  for (const problem of loaded.problems) {
    expect(problem.message.length).toBeGreaterThan(0);
    expect(problem.message).not.toMatch(/\n\s+at |TypeError|ReferenceError|undefined is not|Cannot read prop/);
  }
}

describe('loading any config file', () => {
  it('accepts the full example as it is', () => {
    const loaded = loadConfigText(stringify(EXAMPLE), 'tocsin.yaml', ENV);
    expect(loaded.ok ? [] : loaded.problems).toEqual([]);
  });

  it('answers the example with any value anywhere replaced by a config or by worded problems', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
        const mutated = mutations.reduce<Json>((doc, m) => replaced(doc, ALL_PATHS[m.at]!, m.value), EXAMPLE);
        expectProblemsOrConfig(stringify(mutated));
      }),
      { numRuns: 400 },
    );
  });

  it('answers arbitrary text, YAML-looking or not, with worded problems', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 400 }),
          fc.jsonValue({ maxDepth: 4 }).map((v) => stringify(v)),
        ),
        (text) => expectProblemsOrConfig(text),
      ),
      { numRuns: 400 },
    );
  });
});
