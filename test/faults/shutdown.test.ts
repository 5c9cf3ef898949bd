import { afterEach, describe, expect, it } from 'vitest';
import { FAULTS_ALLOWED, enginePid, isAlive, isReady, startInstance, startTarget, stopAll, tocsinYaml, waitFor, RESULTS } from './harness.js';

let target: Awaited<ReturnType<typeof startTarget>> | undefined;
afterEach(async () => {
  await stopAll();
  await target?.close();
});

describe('stopping tocsin', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'on %s stops the engine cleanly, exits 0 and leaves no process behind',
    async (signal) => {
      target = await startTarget();
      const tocsin = await startInstance({ yaml: tocsinYaml({ targetPort: target.port }) });
      const pid = enginePid(await tocsin.waitForLog(isReady, 20_000));
      // The first result exists in memory (logged as a state change) and may not be written yet.
      await tocsin.waitForLog((l) => l.monitor === 'local-port' && l.to === 'up', 10_000);
      process.kill(tocsin.process.pid!, signal);
      expect(await tocsin.exited).toEqual({ code: 0, signal: null });
      await waitFor(
        () => !isAlive(pid) || undefined,
        5_000,
        () => 'the engine to exit',
      );
      const written = tocsin.query<{ n: number }>(`select count(*) as n from ${RESULTS}`);
      expect(written[0]!.n).toBeGreaterThan(0);
    },
    90_000,
  );

  it('an engine whose supervisor was SIGKILLed stops by itself instead of running on unwatched', async () => {
    target = await startTarget();
    const tocsin = await startInstance({ yaml: tocsinYaml({ targetPort: target.port }) });
    const pid = enginePid(await tocsin.waitForLog(isReady, 20_000));
    process.kill(tocsin.process.pid!, 'SIGKILL');
    await waitFor(
      () => !isAlive(pid) || undefined,
      10_000,
      () => 'the orphaned engine to exit',
    );
  }, 90_000);

  it('refuses test faults unless they are allowed, and does not restart an engine that never came up', async () => {
    target = await startTarget();
    const tocsin = await startInstance({ yaml: tocsinYaml({ targetPort: target.port }), env: { TOCSIN_TEST_FAULTS: 'block-loop:5s' } });
    const exit = await tocsin.exited;
    expect(exit.code).toBe(2);
    expect(tocsin.logs.map((l) => l.msg).join('\n')).toContain('TOCSIN_TEST_FAULTS is set without TOCSIN_ALLOW_TEST_FAULTS=1');
    expect(tocsin.logs.some((l) => typeof l.msg === 'string' && l.msg.startsWith('engine restarted'))).toBe(false);
  }, 90_000);

  it('refuses test faults under NODE_ENV=production even when allowed', async () => {
    target = await startTarget();
    const env = { ...FAULTS_ALLOWED, NODE_ENV: 'production', TOCSIN_TEST_FAULTS: 'leak:1MB/s' };
    const tocsin = await startInstance({ yaml: tocsinYaml({ targetPort: target.port }), env });
    expect((await tocsin.exited).code).toBe(2);
    expect(tocsin.logs.map((l) => l.msg).join('\n')).toContain('NODE_ENV is production');
  }, 90_000);
});
