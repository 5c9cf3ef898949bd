import { afterEach, describe, expect, it } from 'vitest';
import { FAULTS_ALLOWED, get, isBack, isReady, startInstance, startTarget, stopAll, tocsinYaml, waitFor } from './harness.js';

let target: Awaited<ReturnType<typeof startTarget>> | undefined;
afterEach(async () => {
  await stopAll();
  await target?.close();
});

describe('an engine that stops running checks', () => {
  it('turns /healthz 503 and names checks_running, while /livez still answers', async () => {
    target = await startTarget();
    const tocsin = await startInstance({
      yaml: tocsinYaml({ targetPort: target.port, stallAfter: '2s' }),
      env: { ...FAULTS_ALLOWED, TOCSIN_TEST_FAULTS: 'stop-checks@1s' },
      args: ['--no-supervisor'],
    });
    await waitFor(
      async () => (await get(`${tocsin.base}/healthz`))?.status === 200 || undefined,
      20_000,
      () => 'a healthy start',
    );
    const unhealthy = await waitFor(
      async () => {
        const answer = await get(`${tocsin.base}/healthz`);
        return answer?.status === 503 ? answer : undefined;
      },
      15_000,
      () => '/healthz to turn 503',
    );
    const body = JSON.parse(unhealthy.body);
    expect(body.status).toBe('unhealthy');
    expect(body.checks.checks_running).toMatchObject({ ok: false, detail: expect.stringMatching(/^no check has completed for \d/) });
    expect((await get(`${tocsin.base}/livez`))?.status).toBe(200);
  }, 90_000);

  it('is restarted by the supervisor when no check completes while checks are due', async () => {
    target = await startTarget();
    const tocsin = await startInstance({
      yaml: tocsinYaml({ targetPort: target.port, stallAfter: '2s' }),
      env: { ...FAULTS_ALLOWED, TOCSIN_TEST_FAULTS: 'stop-checks@1s' },
    });
    await tocsin.waitForLog(isReady, 20_000);
    const back = await tocsin.waitForLog(isBack, 30_000);
    expect(back.reasons).toEqual([expect.stringMatching(/^no check completed for \d+\.\d s while 1 monitors are due at least every 2\.0 s$/)]);
    await waitFor(
      async () => (await get(`${tocsin.base}/healthz`))?.status === 200 || undefined,
      10_000,
      () => '/healthz healthy again',
    );
  }, 90_000);
});
