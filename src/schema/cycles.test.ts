import { describe, expect, it } from 'vitest';
import { checkCycles } from './cycles.js';
import type { Path } from './draft.js';

function cycles(monitors: { id: string; depends_on?: string[] }[]): { path: Path; message: string }[] {
  const found: { path: Path; message: string }[] = [];
  checkCycles(monitors, (path, message) => found.push({ path, message }));
  return found;
}

describe('checkCycles', () => {
  it('accepts a chain without loops', () => {
    expect(cycles([{ id: 'a', depends_on: ['b'] }, { id: 'b', depends_on: ['c'] }, { id: 'c' }])).toEqual([]);
  });

  it('names a two-monitor cycle at the entry that closes it', () => {
    expect(
      cycles([
        { id: 'a', depends_on: ['b'] },
        { id: 'b', depends_on: ['a'] },
      ]),
    ).toEqual([{ path: ['monitors', 1, 'depends_on', 0], message: 'dependency cycle: a → b → a; remove one of these depends_on entries' }]);
  });

  it('names a monitor that depends on itself', () => {
    expect(cycles([{ id: 'a', depends_on: ['a'] }])[0]?.message).toMatch(/dependency cycle: a → a;/);
  });

  it('reports a longer cycle once, whole', () => {
    const found = cycles([
      { id: 'web', depends_on: ['api'] },
      { id: 'api', depends_on: ['db'] },
      { id: 'db', depends_on: ['web'] },
      { id: 'other', depends_on: ['web'] },
    ]);
    expect(found.map((problem) => problem.message)).toEqual(['dependency cycle: web → api → db → web; remove one of these depends_on entries']);
  });

  it('ignores references to unknown monitors, which are reported elsewhere', () => {
    expect(cycles([{ id: 'a', depends_on: ['nowhere'] }])).toEqual([]);
  });

  it('handles a long chain without overflowing', () => {
    const chain = Array.from({ length: 2000 }, (_, index) => ({ id: `m${index}`, depends_on: index > 0 ? [`m${index - 1}`] : [] }));
    expect(cycles(chain)).toEqual([]);
  });
});
