import { describe, expect, it } from 'vitest';
import { engineEnv, engineExecArgv, HEAP_GROWTH, MALLOC_ARENAS } from './child.js';

describe('the flags the engine is started with', () => {
  it("adds the bounded heap growth to the supervisor's own flags", () => {
    expect(engineExecArgv(['--enable-source-maps'])).toEqual(['--enable-source-maps', HEAP_GROWTH]);
  });

  it('leaves a heap growth given by hand as it is', () => {
    expect(engineExecArgv(['--heap-growing-percent=80'])).toEqual(['--heap-growing-percent=80']);
  });
});

describe('the environment the engine is started with', () => {
  it('caps the malloc arenas unless the environment already says how many', () => {
    expect(engineEnv({ TZ: 'UTC' })).toEqual({ TZ: 'UTC', MALLOC_ARENA_MAX: MALLOC_ARENAS });
    expect(engineEnv({ MALLOC_ARENA_MAX: '8' })).toEqual({ MALLOC_ARENA_MAX: '8' });
  });
});
