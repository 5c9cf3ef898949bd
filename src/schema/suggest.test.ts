import { describe, expect, it } from 'vitest';
import { closest, didYouMean, editDistance } from './suggest.js';

describe('editDistance', () => {
  it.each([
    ['interval', 'interval', 0],
    ['intreval', 'interval', 1],
    ['interva', 'interval', 1],
    ['timeuot', 'timeout', 1],
    ['', 'abc', 3],
    ['kitten', 'sitting', 3],
  ])('counts %s → %s as %i edits', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
  });
});

describe('closest', () => {
  const keys = ['interval', 'timeout', 'tags', 'depends_on', 'escalation'];

  it.each([
    ['intreval', 'interval'],
    ['Timeout', 'timeout'],
    ['depend_on', 'depends_on'],
    ['tag', 'tags'],
  ])('suggests %s → %s', (word, expected) => {
    expect(closest(word, keys)).toBe(expected);
  });

  it('suggests nothing for a short word that differs at all', () => {
    expect(closest('b', ['a', 'ab'])).toBeUndefined();
  });

  it('suggests nothing when no candidate is close', () => {
    expect(closest('colour', keys)).toBeUndefined();
    expect(didYouMean('colour', keys)).toBe('');
  });

  it('phrases the suggestion as a question', () => {
    expect(didYouMean('intreval', keys)).toBe('; did you mean `interval`?');
  });
});
