import { afterEach, describe, expect, it } from 'vitest';
import {
  FAULTS_ALLOWED,
  enginePid,
  isAlive,
  isBack,
  isReady,
  isRestarted,
  selfNotices,
  startInstance,
  startTarget,
  stopAll,
  tocsinYaml,
  waitFor,
  RESULTS,
} from './harness.js';

let target: Awaited<ReturnType<typeof startTarget>> | undefined;
afterEach(async () => {
  await stopAll();
  await target?.close();
});

describe('an engine whose event loop is blocked', () => {
  it('is killed and restarted within stall_after + 5 s of the block, with the block in the notice', async () => {
    target = await startTarget();
    const tocsin = await startInstance({
      yaml: tocsinYaml({ targetPort: target.port, stallAfter: '2s' }),
      // A hung native call: the loop never yields again, so no SIGTERM handler can run.
      env: { ...FAULTS_ALLOWED, TOCSIN_TEST_FAULTS: 'block-loop:120s@1s' },
    });
    const ready = await tocsin.waitForLog(isReady, 20_000);
    const blockedAt = Number(ready.time) + 1_000;
    // The bound is on the watchdog's decision; how long the new engine takes to come up depends on the machine's load.
    // A silence counts for the time the engine ran, and never past 4 × stall_after however much of it the
    // engine waited for a CPU (src/core/watchdog.ts): on a busy machine the decision may come that late.
    const restarted = await tocsin.waitForLog(isRestarted, 20_000);
    expect(Number(restarted.time) - blockedAt).toBeLessThan(4 * 2_000 + 2_000);
    const back = await tocsin.waitForLog(isBack, 30_000);
    expect(back.reasons).toEqual([expect.stringMatching(/^event loop blocked for \d+(\.\d)? s/)]);
    expect(isAlive(enginePid(ready))).toBe(false);

    const notices = await waitFor(() => (selfNotices(tocsin).length > 0 ? selfNotices(tocsin) : undefined), 15_000);
    expect(JSON.parse(notices[0]!.payload).message).toMatch(/^engine restarted: event loop blocked for/);
    // Its waits add up to more than the default 30 s a test gets: a loaded machine may need them all.
  }, 90_000);

  it('records the runs it could not make as missed, not as silence', async () => {
    target = await startTarget();
    const tocsin = await startInstance({
      yaml: tocsinYaml({ targetPort: target.port, stallAfter: '2s' }),
      env: { ...FAULTS_ALLOWED, TOCSIN_TEST_FAULTS: 'block-loop:120s@2s' },
    });
    // Two boots under whatever load the machine carries: wait on each event, not one fixed window for both.
    await tocsin.waitForLog(isReady, 20_000);
    await tocsin.waitForLog(isBack, 30_000);
    const missed = await waitFor(() => {
      const rows = tocsin.query<{ message: string }>(`select message from ${RESULTS} where monitor_id = 'local-port' and missed = 1`);
      return rows.length > 0 ? rows : undefined;
    }, 15_000);
    expect(missed[0]!.message).toMatch(/^\d+ runs? missed: tocsin was down from .* \(event loop blocked for/);
  }, 90_000);
});
