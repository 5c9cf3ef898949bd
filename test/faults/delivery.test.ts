/**
 * Delivery faults through a real `tocsin start`: the receiver hangs, then fails, then recovers;
 * the engine is SIGKILLed with deliveries in flight, and while result batches are being written.
 * Claims of a killed engine run out after the 60 s lease, so these tests are slow on purpose.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver, type Reply } from '../../src/channels/testing/receiver.js';
import { enginePid, freePort, get, isBack, isReady, startInstance, stopAll, tail, waitFor, type Instance, RESULTS } from './harness.js';
import { bodyOf, pagingYaml, tcpMonitors } from './self-yaml.js';

const receivers: Receiver[] = [];
afterEach(async () => {
  await stopAll();
  for (const r of receivers.splice(0)) await r.close();
});

/** Ids the receiver answered 200, with how often: a notification is delivered once, whatever came before. */
function answered(receiver: Receiver, ok: Set<number>): Map<string, number> {
  const counts = new Map<string, number>();
  receiver.requests.forEach((request, i) => {
    if (!ok.has(i)) return;
    const id = bodyOf(request).id;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  });
  return counts;
}

/** A receiver scripted by phase; it remembers which requests it answered 200. */
async function scripted(phase: () => Reply): Promise<{ receiver: Receiver; ok: Set<number> }> {
  const ok = new Set<number>();
  let n = 0;
  const receiver = await startReceiver(() => {
    const reply = phase();
    if (reply !== 'hang' && reply.status === 200) ok.add(n);
    n += 1;
    return reply;
  });
  receivers.push(receiver);
  return { receiver, ok };
}

function outboxRows(
  tocsin: Instance,
): Array<{ id: string; monitor_id: string; delivered_at: number | null; dead_at: number | null; last_error: string | null }> {
  return tocsin.query("select id, monitor_id, delivered_at, dead_at, last_error from outbox where channel = 'a'");
}

describe('notification delivery under faults', () => {
  it('gets every notification through a receiver that hangs, then answers 500 for a long time, then recovers — each once', async () => {
    const startedAt = Date.now();
    const { receiver, ok } = await scripted(() => {
      const t = Date.now() - startedAt;
      return t < 15_000 ? 'hang' : t < 35_000 ? { status: 500, body: 'upstream broken' } : { status: 200, body: 'ok' };
    });
    const tocsin = await startInstance({ yaml: pagingYaml({ channels: { a: `${receiver.url}/hook` }, monitors: tcpMonitors(3, await freePort()) }) });
    await tocsin.waitForLog(isReady, 20_000);
    await waitFor(
      () => outboxRows(tocsin).filter((r) => r.monitor_id.startsWith('m')).length === 3 || undefined,
      15_000,
      () => 'three notifications',
    );
    await waitFor(
      () => outboxRows(tocsin).every((r) => r.delivered_at !== null) || undefined,
      110_000,
      () => `every notification delivered; last lines:\n${tail(tocsin.logs)}`,
    );

    const rows = outboxRows(tocsin);
    expect(rows.every((r) => r.dead_at === null)).toBe(true);
    const counts = answered(receiver, ok);
    expect([...counts.keys()].sort()).toEqual(rows.map((r) => r.id).sort());
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    // It was tried while hanging and while failing, under the same id.
    expect(receiver.requests.length).toBeGreaterThan(rows.length);
    // A channel failing for under 10 minutes is retried, not an outage of tocsin: healthy, never restarted.
    expect((await get(`${tocsin.base}/healthz`))?.status).toBe(200);
    expect(tocsin.logs.some((l) => typeof l.msg === 'string' && l.msg.startsWith('engine restarted'))).toBe(false);
  }, 150_000);

  it('delivers every notification once after the engine is SIGKILLed with deliveries in flight', async () => {
    let holding = true;
    const { receiver, ok } = await scripted(() => (holding ? 'hang' : { status: 200, body: 'ok' }));
    const tocsin = await startInstance({ yaml: pagingYaml({ channels: { a: `${receiver.url}/hook` }, monitors: tcpMonitors(4, await freePort()) }) });
    const ready = await tocsin.waitForLog(isReady, 20_000);
    await waitFor(
      () => receiver.requests.length >= 4 || undefined,
      15_000,
      () => 'four deliveries in flight',
    );
    process.kill(enginePid(ready), 'SIGKILL');
    holding = false;
    await tocsin.waitForLog(isBack, 30_000);
    // The dead engine's claims run out (60 s lease) and the new engine delivers.
    await waitFor(
      () => outboxRows(tocsin).every((r) => r.delivered_at !== null) || undefined,
      110_000,
      () => `every notification delivered; last lines:\n${tail(tocsin.logs)}`,
    );
    const rows = outboxRows(tocsin).filter((r) => r.monitor_id.startsWith('m'));
    expect(rows).toHaveLength(4);
    const counts = answered(receiver, ok);
    for (const row of rows) expect(counts.get(row.id)).toBe(1);
  }, 150_000);

  it('loses no result and no notification when the engine is SIGKILLed while batches are written', async () => {
    const { receiver } = await scripted(() => ({ status: 200, body: 'ok' }));
    const monitors = 80;
    const tocsin = await startInstance({ yaml: pagingYaml({ channels: { a: `${receiver.url}/hook` }, monitors: tcpMonitors(monitors, await freePort()) }) });
    const ready = await tocsin.waitForLog(isReady, 20_000);
    // Mid-stream: results flush every 250 ms, and the first failures are being written with their pages.
    await waitFor(
      () => tocsin.query<{ n: number }>("select count(*) as n from outbox where channel = 'a'")[0]!.n > 0 || undefined,
      10_000,
      () => 'the first pages',
    );
    process.kill(enginePid(ready), 'SIGKILL');
    // How long the new engine takes to boot depends on the machine's load, not on what this test proves.
    await tocsin.waitForLog(isBack, 30_000);

    await waitFor(
      () => {
        const told = tocsin.query<{ n: number }>(
          "select count(distinct monitor_id) as n from outbox where channel = 'a' and event = 'monitor.down' and monitor_id like 'm%'",
        )[0]!.n;
        return told === monitors && outboxRows(tocsin).every((r) => r.delivered_at !== null) ? true : undefined;
      },
      60_000,
      () => `every monitor told and delivered; last lines:\n${tail(tocsin.logs)}`,
    );
    expect(tocsin.query<{ integrity_check: string }>('pragma integrity_check')[0]!.integrity_check).toBe('ok');
    // One page per monitor: sent on its own before the kill, or in the downtime digest after it.
    const perMonitor = tocsin.query<{ n: number }>(
      "select count(*) as n from outbox where channel = 'a' and event = 'monitor.down' and monitor_id like 'm%' group by monitor_id",
    );
    expect(perMonitor.every((r) => r.n === 1)).toBe(true);
    const folded = tocsin.query<{ id: string }>("select id from outbox where channel = 'a' and last_error like 'sent in the downtime digest %'");
    const sent = new Set(receiver.requests.map((r) => bodyOf(r).id));
    const alone = outboxRows(tocsin).filter((r) => r.monitor_id.startsWith('m') && !(r.last_error ?? '').startsWith('sent in the downtime digest'));
    for (const row of alone) expect(sent.has(row.id)).toBe(true);
    if (folded.length > 0) expect(receiver.requests.map(bodyOf).some((b) => b.monitor.id === 'tocsin.downtime')).toBe(true);
    // Every monitor kept being checked after the restart: results continue for all of them.
    const backAt = Date.now();
    await waitFor(
      () =>
        tocsin.query<{ n: number }>(`select count(distinct monitor_id) as n from ${RESULTS} where at > ? and monitor_id like 'm%'`, backAt)[0]!.n ===
          monitors || undefined,
      10_000,
      () => 'results from every monitor after the restart',
    );
  }, 120_000);
});
