import { describe, expect, it } from 'vitest';
import { PATH_MAX_LENGTH, PATH_MAX_STEPS, lookup, parsePath, pathProblem } from './json-path.js';

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

describe('pathProblem', () => {
  it('accepts a path within the bounds', () => {
    expect(pathProblem(`$${'.a'.repeat(PATH_MAX_STEPS)}`)).toBeUndefined();
  });

  it.each([
    ['too many steps', `$${'.a'.repeat(PATH_MAX_STEPS + 1)}`, `expected a JSON path of at most ${PATH_MAX_STEPS} steps, got ${PATH_MAX_STEPS + 1}`],
    ['too long', `$.${'a'.repeat(PATH_MAX_LENGTH)}`, `expected a JSON path of at most ${PATH_MAX_LENGTH} characters, got ${PATH_MAX_LENGTH + 2}`],
    ['not a path', '$..a', 'expected a JSON path like $.status or $.items[0].name'],
  ])('refuses a path that is %s', (_what, path, problem) => {
    expect(pathProblem(path)).toBe(problem);
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
