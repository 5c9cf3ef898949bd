import { afterEach, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../../src/channels/testing/receiver.js';
import { FAULTS_ALLOWED, get, isBack, isReady, startInstance, startTarget, stopAll, tocsinYaml, waitFor } from './harness.js';

let target: Awaited<ReturnType<typeof startTarget>> | undefined;
let receiver: Receiver | undefined;
afterEach(async () => {
  await stopAll();
  await target?.close();
  await receiver?.close();
});

const pings = () => receiver!.requests.filter((r) => r.path === '/ping/dms-uuid').length;

describe("the outward dead man's switch", () => {
  it('pings while healthy and falls silent once /healthz turns 503', async () => {
    target = await startTarget();
    receiver = await startReceiver();
    const tocsin = await startInstance({
      yaml: tocsinYaml({ targetPort: target.port, watchdogExtra: `  ping_url: ${receiver.url}/ping/dms-uuid` }),
      env: { ...FAULTS_ALLOWED, TOCSIN_TEST_FAULTS: 'ping-every:300ms,stop-checks@3s' },
      args: ['--no-supervisor'],
    });
    await waitFor(
      () => pings() >= 3 || undefined,
      15_000,
      () => 'three pings while healthy',
    );
    // Checks already queued when the scheduler stopped may still finish and make tocsin healthy for
    // a moment; count from when /healthz has stayed 503 for a second.
    const unhealthy = async () => (await get(`${tocsin.base}/healthz`))?.status === 503;
    await waitFor(
      async () => {
        for (let i = 0; i < 3; i++) {
          if (!(await unhealthy())) return undefined;
          await new Promise((r) => setTimeout(r, 500));
        }
        return true;
      },
      20_000,
      () => '/healthz 503 for a second',
    );
    const atUnhealthy = pings();
    await new Promise((r) => setTimeout(r, 1500));
    expect(pings()).toBe(atUnhealthy);
    expect(tocsin.logs.some((l) => typeof l.msg === 'string' && l.msg.startsWith('not pinging watchdog.ping_url while unhealthy (checks_running'))).toBe(true);
  }, 90_000);

  it('delivers the tocsin.self restart notice to the webhook channel', async () => {
    target = await startTarget();
    receiver = await startReceiver();
    const tocsin = await startInstance({
      yaml: tocsinYaml({ targetPort: target.port, webhookUrl: `${receiver.url}/hook` }),
      env: { ...FAULTS_ALLOWED, TOCSIN_TEST_FAULTS: 'block-loop:120s@1s' },
    });
    await tocsin.waitForLog(isReady, 20_000);
    await tocsin.waitForLog(isBack, 30_000);
    const notice = await waitFor(
      () => {
        const bodies = receiver!.requests.filter((r) => r.path === '/hook').map((r) => JSON.parse(r.body.toString('utf8')));
        return bodies.find((b) => b.event === 'tocsin.self');
      },
      10_000,
      () => 'the tocsin.self webhook',
    );
    expect(notice).toMatchObject({ event: 'tocsin.self', monitor: { id: 'tocsin', type: 'self' }, state: 'down' });
    expect(notice.message).toMatch(/^engine restarted: event loop blocked for \d+(\.\d)? s/);
  }, 90_000);
});
