import { describe, expect, it } from 'vitest';
import { SMALL_INSTALL, SMALL_INSTALL_FLAGS } from '../engine/compilers.js';
import { engineEnv, engineExecArgv, HEAP_GROWTH, MALLOC_ARENAS, startsSmall } from './child.js';

describe('the flags the engine is started with', () => {
  it("adds the bounded heap growth to the supervisor's own flags", () => {
    expect(engineExecArgv(['--enable-source-maps'], false)).toEqual(['--enable-source-maps', HEAP_GROWTH]);
  });

  it('leaves a heap growth given by hand as it is', () => {
    expect(engineExecArgv(['--heap-growing-percent=80'], false)).toEqual(['--heap-growing-percent=80']);
  });

  it("turns V8's optimizing compilers off for an engine expected to hold fewer than SMALL_INSTALL monitors", () => {
    expect(startsSmall([], 0)).toBe(true);
    expect(startsSmall([], SMALL_INSTALL - 1)).toBe(true);
    expect(startsSmall([], SMALL_INSTALL)).toBe(false);
    expect(engineExecArgv([], true)).toEqual([HEAP_GROWTH, ...SMALL_INSTALL_FLAGS]);
  });

  it('leaves the compilers as they are when a flag given by hand names them', () => {
    for (const flag of ['--no-opt', '--turbofan', '--sparkplug', '--no-sparkplug', '--jitless', '--lite-mode', '--maglev'])
      expect(startsSmall([flag], 10), flag).toBe(false);
    expect(startsSmall(['--optimize-for-size', '--stack-size=2000'], 10)).toBe(true);
  });
});

describe('the environment the engine is started with', () => {
  it('caps the malloc arenas unless the environment already says how many', () => {
    expect(engineEnv({ TZ: 'UTC' })).toEqual({ TZ: 'UTC', MALLOC_ARENA_MAX: MALLOC_ARENAS });
    expect(engineEnv({ MALLOC_ARENA_MAX: '8' })).toEqual({ MALLOC_ARENA_MAX: '8' });
  });
});
