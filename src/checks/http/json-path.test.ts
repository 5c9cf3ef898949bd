import { describe, expect, it } from 'vitest';
import { lookup, parsePath } from './json-path.js';

const doc = { status: 'ok', a: { b: [{ x: 1, 'odd key': true }, null] }, list: [10, 20] };

describe('parsePath', () => {
  it.each([
    ['$', []],
    ['$.status', ['status']],
    ['$.a.b[0]["x"]', ['a', 'b', 0, 'x']],
    ['$["odd key"]', ['odd key']],
    ['$.list[1]', ['list', 1]],
  ])('splits %s into its steps', (path, steps) => {
    expect(parsePath(path)).toEqual(steps);
  });

  it.each(['status', '$..a', '$[*]', '$.a[', '$.a b'])('rejects the unsupported path %s', (path) => {
    expect(parsePath(path)).toBeUndefined();
  });
});

describe('lookup', () => {
  it.each([
    ['$', doc],
    ['$.status', 'ok'],
    ['$.a.b[0]["x"]', 1],
    ['$.a.b[0]["odd key"]', true],
    ['$.a.b[1]', null],
    ['$.list[1]', 20],
  ])('finds the value at %s', (path, value) => {
    expect(lookup(doc, path)).toEqual({ found: true, value });
  });

  it.each([
    ['$.nope', '$.nope'],
    ['$.a.c.d', '$.a.c'],
    ['$.a.b[5].x', '$.a.b[5]'],
    ['$.status.length', '$.status.length'],
    ['$.list.x', '$.list.x'],
    ['$.a["0"]', '$.a["0"]'],
  ])('names the first missing step of %s', (path, missing) => {
    expect(lookup(doc, path)).toEqual({ found: false, missing });
  });

  it('does not treat inherited properties as present', () => {
    expect(lookup({}, '$.constructor')).toEqual({ found: false, missing: '$.constructor' });
  });

  it('treats an array index on an object as missing', () => {
    expect(lookup({ 0: 'zero' }, '$[0]')).toEqual({ found: false, missing: '$[0]' });
  });
});
