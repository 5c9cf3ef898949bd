import { afterEach, describe, expect, it } from 'vitest';
import { FAULTS_ALLOWED, isBack, isReady, selfNotices, startInstance, startTarget, stopAll, tocsinYaml, waitFor } from './harness.js';

let target: Awaited<ReturnType<typeof startTarget>> | undefined;
afterEach(async () => {
  await stopAll();
  await target?.close();
});

describe('an engine that leaks memory', () => {
  it('is restarted once its resident memory passes max_rss, and says how large it grew', async () => {
    target = await startTarget();
    const tocsin = await startInstance({
      yaml: tocsinYaml({ targetPort: target.port, maxRss: '250MB' }),
      env: { ...FAULTS_ALLOWED, TOCSIN_TEST_FAULTS: 'leak:100MB/s' },
    });
    await tocsin.waitForLog(isReady, 20_000);
    const back = await tocsin.waitForLog(isBack, 30_000);
    expect(back.reasons).toEqual([expect.stringMatching(/^memory grew to \d+ MB resident, above watchdog.max_rss 250 MB$/)]);
    const notices = await waitFor(() => (selfNotices(tocsin).length > 0 ? selfNotices(tocsin) : undefined), 5_000);
    expect(JSON.parse(notices[0]!.payload).message).toContain('above watchdog.max_rss 250 MB');
  }, 90_000);
});
