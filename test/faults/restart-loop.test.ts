import { afterEach, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../../src/channels/testing/receiver.js';
import { FAULTS_ALLOWED, isBack, isReady, startInstance, startTarget, stopAll, waitFor } from './harness.js';
import { bodyOf, pagingYaml } from './self-yaml.js';

let target: Awaited<ReturnType<typeof startTarget>> | undefined;
const receivers: Receiver[] = [];
afterEach(async () => {
  await stopAll();
  await target?.close();
  for (const r of receivers.splice(0)) await r.close();
});

describe('an engine in a restart loop', () => {
  it('sends state changes as they happen (one digest per outage, not per restart) and pages about the loop itself', async () => {
    target = await startTarget();
    const receiver = await startReceiver();
    receivers.push(receiver);
    // `slow` (interval 25 s) stretches a gathering window to 52 s: a page held by one would come long after the bound below.
    const monitors = `  - id: web\n    type: tcp\n    host: 127.0.0.1\n    port: ${target.port}\n  - id: slow\n    type: tcp\n    interval: 25s\n    host: 127.0.0.1\n    port: ${target.port}`;
    const tocsin = await startInstance({
      yaml: pagingYaml({ channels: { ops: `${receiver.url}/hook` }, monitors }),
      env: { ...FAULTS_ALLOWED, TOCSIN_TEST_FAULTS: 'crash-loop@6s' },
    });
    await tocsin.waitForLog(isReady, 20_000);
    // The first restart of the outage gathers; the one after it must not.
    const first = await tocsin.waitForLog(isBack, 30_000);
    const fromSecond = tocsin.logs.indexOf(first) + 1;
    await target.close();
    target = undefined;
    const closedAt = Date.now();

    // Usually restart 2; on a loaded machine an engine slow to send its first heartbeat is restarted
    // for that too, and the next comeback is restart 3: either way it is not the outage's first.
    await tocsin.waitForLog((l) => typeof l.msg === 'string' && /^restart \d+ in a row: no downtime digest this time/.test(l.msg), 60_000, fromSecond);
    const page = await waitFor(
      () => receiver.requests.map(bodyOf).find((b) => b.event === 'monitor.down' && b.monitor.id === 'web'),
      40_000,
      () => 'the page for web',
    ).catch((e) => {
      console.error(tocsin.logs.map((l) => `${String(l.time ?? '')} ${String(l.component ?? '')} ${String(l.msg)}`).join('\n'));
      console.error(JSON.stringify(receiver.requests.map(bodyOf).map((b) => [b.event, b.monitor.id, b.message.slice(0, 80)])));
      console.error(JSON.stringify(tocsin.query('select monitor_id, event, channel, created_at, delivered_at, last_error from outbox')));
      throw e;
    });
    expect(page.message).toMatch(/refused|nothing listens|closed/);
    // Held by the second engine's window it would wait until 57 s after that engine came back.
    expect(Date.now() - closedAt).toBeLessThan(35_000);

    const loop = await waitFor(
      () => receiver.requests.map(bodyOf).find((b) => b.event === 'tocsin.self' && /\d+ restarts in a row/.test(b.message)),
      30_000,
      () => 'a tocsin.self notice naming the loop',
    );
    expect(loop.message).toMatch(/^engine restarted: the engine exited with code 70/);
    expect(receiver.requests.map(bodyOf).filter((b) => b.monitor.id === 'tocsin.downtime')).toEqual([]);
  }, 180_000); // each restart is a boot, and a boot on a loaded machine takes tens of seconds
});
