import { afterEach, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../../src/channels/testing/receiver.js';
import { isReady, startInstance, startTarget, stopAll, tail, waitFor, RESULTS } from './harness.js';
import { bodyOf, pagingYaml, tcpMonitors } from './self-yaml.js';

let target: Awaited<ReturnType<typeof startTarget>> | undefined;
const receivers: Receiver[] = [];
afterEach(async () => {
  await stopAll();
  await target?.close();
  for (const r of receivers.splice(0)) await r.close();
});

describe('tocsin watching itself', () => {
  it('checks its own figures as tocsin-self monitors, and pages on the working channel when another keeps failing', async () => {
    target = await startTarget();
    const broken = await startReceiver(() => ({ status: 500, body: 'broken' }));
    const working = await startReceiver();
    receivers.push(broken, working);
    // The broken channel gets a page to fail on from a monitor that is down from the start.
    const monitors = `${tcpMonitors(1, target.port, 'up')}\n  - id: down-one\n    type: tcp\n    host: 127.0.0.1\n    port: 9`;
    const tocsin = await startInstance({ yaml: pagingYaml({ channels: { broken: `${broken.url}/hook`, working: `${working.url}/hook` }, monitors }) });
    await tocsin.waitForLog(isReady, 20_000);

    const page = await waitFor(
      () => working.requests.map(bodyOf).find((b) => b.monitor.id === 'tocsin-self-failing_channels'),
      50_000,
      () => `a page about the failing channel; last lines:\n${tail(tocsin.logs)}`,
    );
    expect(page.event).toBe('monitor.degraded');
    expect(page.message).toMatch(/^1 channel fails: broken for [\d.]+ (ms|s|min): .*HTTP 500.* \(warn at 1\)$/);

    // Each runs every 30 s at its own phase: within 35 s every built-in has a result.
    const selfIds = await waitFor(
      () => {
        const ids = tocsin
          .query<{ monitor_id: string }>(`select distinct monitor_id from ${RESULTS} where monitor_id like 'tocsin-self-%'`)
          .map((r) => r.monitor_id);
        return ids.length >= 7 ? ids : undefined;
      },
      35_000,
      () => 'a result from every built-in self monitor',
    );
    expect(selfIds.sort()).toEqual(
      ['checks_per_minute', 'db_write_latency', 'disk_free', 'failing_channels', 'oldest_undelivered', 'outbox_backlog', 'schedule_lag'].map(
        (m) => `tocsin-self-${m}`,
      ),
    );
    // Not config monitors: `tocsin plan` never sees them.
    expect(tocsin.query("select id from monitors where id like 'tocsin-self-%'")).toEqual([]);
  }, 120_000);
});
