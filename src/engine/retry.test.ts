/**
 * retry_interval on a virtual clock: after a failed check the monitor is re-checked every retry
 * interval (from the failed run's start, capped by the interval) until down_after results in a row
 * have failed, then it is back on its slots; so a fault is confirmed within
 * interval + (down_after − 1) × retry_interval + timeout.
 */
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../lib/logger.js';
import { Engine, type EngineMonitor, type RetryPolicy } from './engine.js';
import { VirtualTimers } from './virtual-timers.js';

const T0 = Date.parse('2026-06-01T00:00:00Z');
const S = 1000;

/** The first `okRuns` runs are up (the first is off-slot, the rest on the monitor's stable slots), then it fails. */
function rig(opts: { interval: number; timeout: number; retry?: RetryPolicy; okRuns: number; hangs?: boolean }) {
  const timers = new VirtualTimers(T0);
  const runs: Array<{ startedAt: number; settledAt: number; status: string }> = [];
  let started = 0;
  const monitor: EngineMonitor = { id: 'web', name: 'web', type: 'http', interval: opts.interval, timeout: opts.timeout, paused: false };
  const engine = new Engine<EngineMonitor>({
    clock: timers,
    logger: silentLogger(),
    isPolled: () => true,
    runCheck: (_m, ctx) =>
      ++started <= opts.okRuns
        ? Promise.resolve({ status: 'up', latencyMs: 1, timings: {}, message: 'ok' })
        : opts.hangs
          ? new Promise((_resolve, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('aborted'))))
          : Promise.resolve({ status: 'down', latencyMs: 1, timings: {}, message: 'HTTP 503' }),
    record: (r) => runs.push({ startedAt: r.at, settledAt: timers.now(), status: r.result.status }),
    retryOf: () => opts.retry,
  });
  engine.setMonitors([monitor]);
  engine.start();
  return { timers, engine, runs };
}

/** Runs up to the last good run; returns when it started (a slot) and when the fault began (just after). */
async function untilFault(r: ReturnType<typeof rig>, okRuns: number) {
  for (let i = 0; i < 10_000 && r.runs.length < okRuns; i++) await r.timers.advance(S);
  const slot = r.runs[okRuns - 1]!.startedAt;
  return { slot, faultAt: slot + 1 };
}

const since = (slot: number, runs: ReturnType<typeof rig>['runs']) => runs.filter((run) => run.startedAt >= slot);

describe('retry_interval', () => {
  it('re-checks a failing monitor every retry interval until down_after failures, then returns to its slots', async () => {
    const r = rig({ interval: 60 * S, timeout: 5 * S, retry: { every: 10 * S, failures: 3 }, okRuns: 2 });
    const { slot } = await untilFault(r, 2);
    await r.timers.advanceTo(slot + 200 * S);
    r.engine.stop();
    expect(since(slot, r.runs).map((run) => `${(run.startedAt - slot) / S}s ${run.status}`)).toEqual([
      '0s up',
      '60s down',
      '70s down',
      '80s down',
      '120s down',
      '180s down',
    ]);
  });

  it('caps the retry interval at the interval: a failing monitor is never checked more often than its slots', async () => {
    const r = rig({ interval: 5 * S, timeout: 2 * S, retry: { every: 10 * S, failures: 3 }, okRuns: 2 });
    const { slot } = await untilFault(r, 2);
    await r.timers.advanceTo(slot + 21 * S);
    r.engine.stop();
    expect(since(slot, r.runs).map((run) => (run.startedAt - slot) / S)).toEqual([0, 5, 10, 15, 20]);
  });

  it('confirms a hung check within interval + (down_after − 1) × retry_interval + timeout of the fault', async () => {
    // The worst case: the fault comes just after a run started, and every later run hangs to its deadline.
    const r = rig({ interval: 60 * S, timeout: 10 * S, retry: { every: 10 * S, failures: 2 }, okRuns: 2, hangs: true });
    const { slot, faultAt } = await untilFault(r, 2);
    await r.timers.advanceTo(slot + 120 * S);
    r.engine.stop();
    const downs = r.runs.filter((run) => run.status === 'down');
    const confirmedAt = downs[1]!.settledAt;
    expect(downs.map((run) => (run.startedAt - slot) / S)).toEqual([60, 70]);
    expect(confirmedAt - faultAt).toBeLessThanOrEqual(60 * S + 1 * 10 * S + 10 * S);
    expect(confirmedAt - slot).toBe(80 * S);
  });

  it('does not retry a monitor confirmed by its first failure (down_after 1, no policy)', async () => {
    const r = rig({ interval: 60 * S, timeout: 5 * S, okRuns: 2 });
    const { slot } = await untilFault(r, 2);
    await r.timers.advanceTo(slot + 200 * S);
    r.engine.stop();
    const times = since(slot, r.runs).map((run) => run.startedAt);
    expect(times.slice(1).map((t, i) => t - times[i]!)).toEqual([60 * S, 60 * S, 60 * S]);
  });
});
