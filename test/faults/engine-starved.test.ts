/**
 * An engine on a machine too busy to give it a CPU is slow, not stuck: the supervisor counts only the
 * time the engine ran, not the time it waited for a core (src/core/watchdog.ts). Real processes: the
 * engine is pinned to one core beside a busy loop, at a low priority (its thread's nice and, where
 * the kernel groups processes by session, its session's: the engine runs in a session of its own, so
 * only the group's weight counts against the loop's), so it gets about a tenth of that core. Then its
 * event loop is held for 10 s, twice stall_after and half the 4 × stall_after no silence may pass:
 * working all along, but waiting for the core nine tenths of the time. (Unpinned, the same hold
 * restarts the engine: test/faults/engine-frozen.test.ts.)
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { FAULTS_ALLOWED, enginePid, isReady, isRestarted, startInstance, startTarget, stopAll, tocsinYaml, waitFor } from './harness.js';

const hasTaskset = process.platform === 'linux' && spawnSync('taskset', ['-V']).status === 0;
const hogs: ChildProcess[] = [];
let target: Awaited<ReturnType<typeof startTarget>> | undefined;

afterEach(async () => {
  for (const hog of hogs.splice(0)) hog.kill('SIGKILL');
  await stopAll();
  await target?.close();
});

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(2_000) })).ok;
  } catch {
    return false;
  }
}

describe.skipIf(!hasTaskset)('an engine starved of CPU by a busy machine', () => {
  it('is left running through a silence spent waiting for a core, and still answers afterwards', async () => {
    target = await startTarget();
    const tocsin = await startInstance({
      yaml: tocsinYaml({ targetPort: target.port, stallAfter: '5s' }),
      env: { ...FAULTS_ALLOWED, TOCSIN_TEST_FAULTS: 'block-loop:10s@6s' },
    });
    const ready = await tocsin.waitForLog(isReady, 30_000);
    const pid = enginePid(ready);
    // Starve it: one core, shared with a busy loop that far outweighs it.
    expect(spawnSync('taskset', ['-a', '-p', '-c', '0', String(pid)]).status).toBe(0);
    setPriority(pid, 10);
    if (existsSync(`/proc/${pid}/autogroup`)) writeFileSync(`/proc/${pid}/autogroup`, '10');
    hogs.push(spawn('taskset', ['-c', '0', 'sh', '-c', 'while :; do :; done'], { stdio: 'ignore' }));

    // The hold starts 6 s after ready and logs when it started and ended.
    const held = await tocsin.waitForLog((l) => typeof l.msg === 'string' && l.msg.startsWith('test fault: held the event loop'), 90_000);
    const silence = Number(held.to) - Number(held.from);
    for (const hog of hogs.splice(0)) hog.kill('SIGKILL');
    // Past the longest the supervisor could take to notice a silence, had it counted the waiting.
    await waitFor(
      async () => ((await answers(`${tocsin.base}/livez`)) ? true : undefined),
      30_000,
      () => 'the engine to answer after the hold',
    );

    // The test only proves something if the silence outlasted stall_after (and it must stay under
    // 4 × stall_after, past which any silence restarts).
    expect(silence).toBeGreaterThan(5_000);
    expect(tocsin.logs.filter(isRestarted)).toEqual([]);
    expect((await fetch(`${tocsin.base}/healthz`).then((r) => r.json())) as unknown).toBeTruthy();
  }, 120_000);
});
