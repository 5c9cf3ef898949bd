import { afterEach, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../../src/channels/testing/receiver.js';
import { enginePid, freePort, isBack, isReady, startInstance, startTarget, stopAll, waitFor, RESULTS } from './harness.js';
import { bodyOf, pagingYaml, tcpMonitors } from './self-yaml.js';

let target: Awaited<ReturnType<typeof startTarget>> | undefined;
const receivers: Receiver[] = [];
afterEach(async () => {
  await stopAll();
  await target?.close();
  for (const r of receivers.splice(0)) await r.close();
});

describe("after tocsin's own downtime", () => {
  it('tells what went wrong meanwhile as one digest per channel, not a page per monitor', async () => {
    target = await startTarget();
    const a = await startReceiver();
    const b = await startReceiver();
    receivers.push(a, b);
    const tocsin = await startInstance({ yaml: pagingYaml({ channels: { a: `${a.url}/hook`, b: `${b.url}/hook` }, monitors: tcpMonitors(8, target.port) }) });
    await tocsin.waitForLog(isReady, 20_000);
    await waitFor(
      () => tocsin.query<{ n: number }>(`select count(distinct monitor_id) as n from ${RESULTS} where monitor_id like 'm%'`)[0]!.n === 8 || undefined,
      10_000,
      () => 'a result from every monitor',
    );

    // The engine dies, then the target goes away while nobody watches.
    process.kill(enginePid(await tocsin.waitForLog(isReady, 1_000)), 'SIGKILL');
    await target.close();
    target = undefined;
    await tocsin.waitForLog(isBack, 30_000);

    for (const receiver of [a, b]) {
      const digest = await waitFor(
        () => receiver.requests.map(bodyOf).find((body) => body.monitor.id === 'tocsin.downtime'),
        40_000,
        () => 'the downtime digest',
      );
      expect(digest.event).toBe('monitor.down');
      expect(digest.message).toMatch(
        /^tocsin was down from \d{4}-\d\d-\d\d \d\d:\d\d:\d\d to .* UTC \(the engine was killed by SIGKILL\); while it was down: 8 monitors went down — m\d DOWN: /,
      );
    }
    // Give any stray page time to show up: none may.
    await new Promise((r) => setTimeout(r, 3_000));
    for (const receiver of [a, b]) {
      const bodies = receiver.requests.map(bodyOf);
      expect(bodies.filter((body) => body.monitor.id.startsWith('m'))).toEqual([]);
      expect(bodies.filter((body) => body.monitor.id === 'tocsin.downtime')).toHaveLength(1);
      // The restart itself is told at once, on its own.
      expect(bodies.filter((body) => body.event === 'tocsin.self')).toHaveLength(1);
    }
    const rows = tocsin.query<{ n: number }>("select count(*) as n from outbox where monitor_id like 'm%' and last_error like 'sent in the downtime digest %'");
    expect(rows[0]!.n).toBe(16);
  }, 90_000);

  it('does not page again after a restart for a monitor that was already down', async () => {
    const a = await startReceiver();
    receivers.push(a);
    const closed = await freePort();
    const tocsin = await startInstance({ yaml: pagingYaml({ channels: { a: `${a.url}/hook` }, monitors: tcpMonitors(3, closed) }) });
    await tocsin.waitForLog(isReady, 20_000);
    await waitFor(
      () => a.requests.map(bodyOf).filter((b) => b.event === 'monitor.down').length === 3 || undefined,
      15_000,
      () => 'three pages',
    );
    process.kill(enginePid(await tocsin.waitForLog(isReady, 1_000)), 'SIGKILL');
    await tocsin.waitForLog(isBack, 30_000);
    await waitFor(
      () => a.requests.map(bodyOf).find((b) => b.event === 'tocsin.self'),
      10_000,
      () => 'the restart notice',
    );
    // Well past the gathering window (10 s for 1 s monitors): the outage is not announced twice.
    await new Promise((r) => setTimeout(r, 16_000));
    const bodies = a.requests.map(bodyOf);
    expect(bodies.filter((b) => b.event === 'monitor.down')).toHaveLength(3);
    expect(bodies.filter((b) => b.monitor.id === 'tocsin.downtime')).toEqual([]);
  }, 90_000);
});
