import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configReference } from './render.js';
import { exampleConfigs, referencePath } from './write.js';

describe('docs/config.md', () => {
  it('is what the schema and the examples generate now (else run npm run docs:config)', () => {
    const committed = readFileSync(referencePath, 'utf8');
    const generated = configReference(exampleConfigs());
    // One assertion with a message that says how to fix it, rather than a 400-line diff first.
    expect(committed === generated, 'docs/config.md is out of date: run `npm run docs:config` and commit it').toBe(true);
  });

  it('gives every key a type, a sentence and an example', () => {
    const rows = configReference(exampleConfigs())
      .split('\n')
      .filter((line) => line.startsWith('| `'));
    expect(rows.length).toBeGreaterThan(150);
    const incomplete = rows.filter((row) => {
      const [, key, type, , example, description] = row.split(/(?<!\\)\|/).map((cell) => cell.trim());
      return !key || !type || !example || example === '—' || !description;
    });
    expect(incomplete).toEqual([]);
  });
});
