import { describe, expect, it } from 'vitest';
import { MAX_SUSPECTS, judgeSuspects, nameMonitors } from './quarantine.js';

describe('judgeSuspects', () => {
  it.each([
    ['a first freeze accuses who ran, quarantines nobody', 'silent', [], ['web', 'slow'], { accused: ['slow', 'web'], quarantine: [], next: ['slow', 'web'] }],
    [
      'a second freeze quarantines who ran at both',
      'blocked',
      ['slow', 'web'],
      ['db', 'slow'],
      { accused: ['db', 'slow'], quarantine: ['slow'], next: ['db', 'slow'] },
    ],
    ['checks that stopped settling count as a freeze', 'stalled', ['slow'], ['slow'], { accused: ['slow'], quarantine: ['slow'], next: ['slow'] }],
    ['a freeze with nothing running (a slow start-up) keeps the suspects', 'silent', ['slow'], [], { accused: [], quarantine: [], next: ['slow'] }],
    ['a memory restart neither accuses nor clears', 'memory', ['slow'], ['slow', 'web'], { accused: [], quarantine: [], next: ['slow'] }],
    ['an exit neither accuses nor clears', 'exited', ['slow'], ['slow'], { accused: [], quarantine: [], next: ['slow'] }],
  ] as const)('%s', (_what, cause, previous, running, suspects) => {
    expect(judgeSuspects(cause, previous, running)).toEqual(suspects);
  });

  it('keeps at most MAX_SUSPECTS ids', () => {
    const running = Array.from({ length: MAX_SUSPECTS + 50 }, (_, i) => `m${String(i).padStart(3, '0')}`);
    expect(judgeSuspects('silent', [], running).next).toHaveLength(MAX_SUSPECTS);
  });
});

describe('nameMonitors', () => {
  it.each([
    [['slow'], 'slow'],
    [['db', 'slow'], 'db and slow'],
    [['a', 'b', 'c', 'd', 'e', 'f', 'g'], 'a, b, c, d, e and 2 more'],
  ])('names %j as "%s"', (ids, text) => {
    expect(nameMonitors(ids)).toBe(text);
  });
});
