import { describe, expect, it } from 'vitest';
import { engineExecArgv, HEAP_GROWTH } from './child.js';

describe('the flags the engine is started with', () => {
  it("adds the bounded heap growth to the supervisor's own flags", () => {
    expect(engineExecArgv(['--enable-source-maps'])).toEqual(['--enable-source-maps', HEAP_GROWTH]);
  });

  it('leaves a heap growth given by hand as it is', () => {
    expect(engineExecArgv(['--heap-growing-percent=80'])).toEqual(['--heap-growing-percent=80']);
  });
});
