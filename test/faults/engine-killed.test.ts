import { afterEach, describe, expect, it } from 'vitest';
import { enginePid, isAlive, isBack, isReady, isRestarted, selfNotices, startInstance, startTarget, stopAll, tocsinYaml, waitFor, RESULTS } from './harness.js';

let target: Awaited<ReturnType<typeof startTarget>> | undefined;
afterEach(async () => {
  await stopAll();
  await target?.close();
});

describe('an engine killed with SIGKILL', () => {
  it('is restarted within stall_after + 5 s, and the restart is queued as a tocsin.self notice', async () => {
    target = await startTarget();
    const tocsin = await startInstance({ yaml: tocsinYaml({ targetPort: target.port, stallAfter: '2s' }) });
    const ready = await tocsin.waitForLog(isReady, 20_000);
    const pid = enginePid(ready);
    const killedAt = Date.now();
    process.kill(pid, 'SIGKILL');

    // The bound is on the supervisor's decision; how long the new engine takes to come up depends on the machine's load.
    const restarted = await tocsin.waitForLog(isRestarted, 7_000);
    expect(Number(restarted.time) - killedAt).toBeLessThan(2_000 + 5_000);
    const back = await tocsin.waitForLog(isBack, 30_000);
    expect(back.reasons).toEqual(['the engine was killed by SIGKILL']);
    expect(enginePid(back)).not.toBe(pid);
    expect(isAlive(pid)).toBe(false);

    const notices = await waitFor(() => {
      const rows = selfNotices(tocsin);
      return rows.length > 0 ? rows : undefined;
    }, 15_000);
    expect(notices.map((n) => n.channel)).toEqual(['ops']);
    expect(JSON.parse(notices[0]!.payload).message).toMatch(/^engine restarted: the engine was killed by SIGKILL; down from .* UTC/);
  }, 90_000);

  it('keeps checking after the restart: results continue in the store', async () => {
    target = await startTarget();
    const tocsin = await startInstance({ yaml: tocsinYaml({ targetPort: target.port }) });
    process.kill(enginePid(await tocsin.waitForLog(isReady, 20_000)), 'SIGKILL');
    const back = await tocsin.waitForLog(isBack, 30_000);
    const backAt = Number(back.time);
    const after = await waitFor(() => {
      const rows = tocsin.query<{ n: number }>(`select count(*) as n from ${RESULTS} where monitor_id = 'local-port' and at > ?`, backAt);
      return rows[0]!.n >= 2 ? rows[0]!.n : undefined;
    }, 20_000);
    expect(after).toBeGreaterThanOrEqual(2);
  }, 90_000);
});
