import { describe, expect, it } from 'vitest';
import { canonicalJson, diffMonitors, type MonitorInput, type MonitorRow } from './monitor-plan.js';

const input = (id: string, definition: unknown = { url: `https://${id}.example` }): MonitorInput => ({
  id,
  type: 'http',
  name: id.toUpperCase(),
  definition,
});

const row = (monitor: MonitorInput, extra: Partial<MonitorRow> = {}): MonitorRow => ({
  ...monitor,
  source: 'config',
  definitionVersion: 1,
  createdAt: 1,
  updatedAt: 1,
  deletedAt: null,
  ...extra,
});

describe('diffMonitors', () => {
  it('sorts monitors into added, changed, unchanged, removed and restored', () => {
    const stored = [
      row(input('same')),
      row(input('edited')),
      row(input('gone')),
      row(input('back'), { deletedAt: 5 }),
      row(input('long-gone'), { deletedAt: 5 }),
    ];
    const wanted = [input('same'), input('edited', { url: 'https://new.example' }), input('back'), input('new')];
    const plan = diffMonitors(stored, wanted, 'config');
    expect(plan.added.map((m) => m.id)).toEqual(['new']);
    expect(plan.changed.map((c) => [c.before.id, c.after.definition])).toEqual([['edited', { url: 'https://new.example' }]]);
    expect(plan.unchanged.map((m) => m.id)).toEqual(['same']);
    expect(plan.removed.map((m) => m.id)).toEqual(['gone']);
    expect(plan.restored.map((c) => c.before.id)).toEqual(['back']);
  });

  it('never removes monitors that came from another source', () => {
    const plan = diffMonitors([row(input('made-in-ui'), { source: 'api' })], [], 'config');
    expect(plan.removed).toEqual([]);
  });

  it('counts a monitor the config takes over from the API as changed', () => {
    const plan = diffMonitors([row(input('a'), { source: 'api' })], [input('a')], 'config');
    expect(plan.changed.map((c) => c.before.id)).toEqual(['a']);
  });

  it('ignores the order of keys in a definition but not of array items', () => {
    const stored = [row(input('a', { x: 1, y: [1, 2] }))];
    expect(diffMonitors(stored, [input('a', { y: [1, 2], x: 1 })], 'config').unchanged).toHaveLength(1);
    expect(diffMonitors(stored, [input('a', { x: 1, y: [2, 1] })], 'config').changed).toHaveLength(1);
  });

  it('sees a rename or a type change as a change', () => {
    const stored = [row(input('a'))];
    expect(diffMonitors(stored, [{ ...input('a'), name: 'Renamed' }], 'config').changed).toHaveLength(1);
    expect(diffMonitors(stored, [{ ...input('a'), type: 'tcp' }], 'config').changed).toHaveLength(1);
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ f: 1, e: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[{"e":2,"f":1}]},"b":1}');
  });
});
