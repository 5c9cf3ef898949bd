import { describe, expect, it } from 'vitest';
import { systemClock } from '../lib/clock.js';
import { silentLogger } from '../lib/logger.js';
import { TICK_MS } from './scheduler.js';
import { Engine, type EngineDeps, type EngineMonitor, type RecordedResult } from './engine.js';
import { VirtualTimers } from './virtual-timers.js';

const monitor = (id: string, over: Partial<EngineMonitor> = {}): EngineMonitor => ({
  id,
  name: id,
  type: 'test',
  interval: 100,
  timeout: 80,
  paused: false,
  ...over,
});

function engineWith(run: (m: EngineMonitor) => Promise<'up' | 'down'>, extra: Partial<EngineDeps<EngineMonitor>> = {}) {
  const results: RecordedResult[] = [];
  const engine = new Engine<EngineMonitor>({
    clock: systemClock,
    logger: silentLogger(),
    isPolled: (m) => m.type !== 'push',
    runCheck: async (m) => ({ status: await run(m), latencyMs: 0, timings: {}, message: 'ok' }),
    record: (r) => results.push(r),
    ...extra,
  });
  return { engine, results };
}

const T0 = Date.parse('2026-06-01T00:00:00Z');

/** An engine on virtual timers: the scheduler, deadlines and rate delays all run on `timers`. */
function virtualEngine(run: (m: EngineMonitor) => Promise<'up' | 'down'>, extra: Partial<EngineDeps<EngineMonitor>> = {}) {
  const timers = new VirtualTimers(T0);
  return { timers, ...engineWith(run, { clock: timers, ...extra }) };
}

describe('Engine', () => {
  it('takes the result of a check run elsewhere as it is, and runs here those it does not take', async () => {
    const here: string[] = [];
    const { engine, results, timers } = virtualEngine(
      async (m) => {
        here.push(m.id);
        return 'up';
      },
      {
        runElsewhere: (m) =>
          m.id.startsWith('far')
            ? Promise.resolve({
                at: timers.now(),
                result: { status: 'down', latencyMs: 3, timings: {}, message: 'timed out after 80 ms while connecting to x' },
              })
            : undefined,
      },
    );
    engine.setMonitors([monitor('far-1'), monitor('near-1')]);
    engine.start();
    await timers.advance(250);
    engine.stop();
    expect(new Set(here)).toEqual(new Set(['near-1']));
    const far = results.filter((r) => r.monitorId === 'far-1');
    expect(far.length).toBeGreaterThanOrEqual(2);
    expect(far.every((r) => r.result.message === 'timed out after 80 ms while connecting to x')).toBe(true);
    expect(engine.stats().checksCompleted).toBe(results.length);
  });

  it('hands a check that runs elsewhere over before its slot, and takes its start time and lag from there', async () => {
    const handed: Array<{ id: string; at: number; now: number }> = [];
    const here: Array<{ id: string; at: number }> = [];
    const { engine, results, timers } = virtualEngine(
      async (m) => {
        here.push({ id: m.id, at: timers.now() });
        return 'up';
      },
      {
        leadOf: () => 50,
        // Far checks start 7 ms after the slot they were given, on their own timer.
        runElsewhere: (m, at) => {
          if (!m.id.startsWith('far')) return undefined;
          handed.push({ id: m.id, at, now: timers.now() });
          return new Promise((resolve) =>
            timers.after(at + 7 - timers.now(), () => resolve({ at: at + 7, result: { status: 'up', latencyMs: 1, timings: {}, message: 'ok' } })),
          );
        },
      },
    );
    engine.setMonitors([monitor('far-1', { timeout: 40 }), monitor('far-2', { timeout: 90, interval: 100 }), monitor('near-1', { timeout: 40 })]);
    engine.start();
    await timers.advance(500);
    // A check held for its slot is not running yet; one past its slot is, until its result.
    for (let i = 0; i < 20 && !handed.some((h) => h.at > timers.now()); i++) await timers.advance(5);
    const now = timers.now();
    expect(handed.some((h) => h.at > now)).toBe(true);
    expect(engine.stats().running).toBe(handed.filter((h) => h.at <= now && h.at + 7 > now).length);
    await timers.advance(500);
    engine.stop();
    await engine.drain(100);
    const far1 = handed.filter((h) => h.id === 'far-1').slice(1);
    expect(far1.length).toBeGreaterThanOrEqual(8);
    // Each settled slot handed over its lead (to the tick) before it; never sooner than interval − timeout.
    expect(far1.every((h) => h.at - h.now > 50 - TICK_MS && h.at - h.now <= 50)).toBe(true);
    const far2 = handed.filter((h) => h.id === 'far-2').slice(1);
    expect(far2.every((h) => h.at - h.now <= 10)).toBe(true);
    const far1Results = results.filter((r) => r.monitorId === 'far-1').slice(1);
    expect(far1Results.map((r) => r.at)).toEqual(far1.slice(0, far1Results.length).map((h) => h.at + 7));
    expect(engine.stats().lag.max).toBe(7);
    // What runs here starts on its slot, not a lead before it.
    const near = here.filter((h) => h.id === 'near-1');
    expect(near.length).toBeGreaterThanOrEqual(9);
    const nearAt = results.filter((r) => r.monitorId === 'near-1').map((r) => r.at);
    expect(near.map((h) => h.at)).toEqual(nearAt);
    expect(new Set(nearAt.slice(1).map((at, i) => at - nearAt[i]!))).toEqual(new Set([100]));
    expect(engine.stats().checksMissed).toBe(0);
  });

  it("keeps the lead of a run its target's rate delays: handed over early, for the slot the cap gives", async () => {
    const handed: Array<{ id: string; at: number; now: number }> = [];
    const { engine, timers } = virtualEngine(async () => 'up', {
      leadOf: () => 50,
      targetOf: () => 'one:80',
      maxTargetRate: () => 100,
      runElsewhere: (m, at) => {
        handed.push({ id: m.id, at, now: timers.now() });
        return new Promise((resolve) =>
          timers.after(Math.max(0, at - timers.now()), () => resolve({ at, result: { status: 'up', latencyMs: 1, timings: {}, message: 'ok' } })),
        );
      },
    });
    engine.setMonitors(Array.from({ length: 40 }, (_, i) => monitor(`m${i}`, { timeout: 40, interval: 1000 })));
    engine.start();
    await timers.advance(3000);
    engine.stop();
    await engine.drain(100);
    const second = handed.filter((h) => h.at > T0 + 1500).sort((a, b) => a.at - b.at);
    expect(second.length).toBeGreaterThanOrEqual(40);
    expect(engine.throttling().delayed).toBeGreaterThan(0);
    // Never closer than 10 ms apart (100 a second), each handed over ahead of its start.
    expect(second.slice(1).every((h, i) => h.at - second[i]!.at >= 10)).toBe(true);
    expect(second.every((h) => h.at - h.now > 50 - TICK_MS)).toBe(true);
  });

  it('records no result of a run handed over before its monitor was paused or removed and started after', async () => {
    const handed: Array<{ id: string; at: number }> = [];
    const { engine, results, timers } = virtualEngine(async () => 'up', {
      leadOf: () => 90,
      runElsewhere: (m, at) => {
        handed.push({ id: m.id, at });
        return new Promise((resolve) =>
          timers.after(Math.max(0, at - timers.now()), () => resolve({ at, result: { status: 'up', latencyMs: 1, timings: {}, message: 'ok' } })),
        );
      },
    });
    const [kept, paused, removed] = [monitor('kept', { timeout: 10 }), monitor('paused', { timeout: 10 }), monitor('removed', { timeout: 10 })];
    engine.setMonitors([kept, paused, removed]);
    engine.start();
    await timers.advance(1000);
    // Wait until both are handed over and not started, then pause one and remove the other.
    for (let i = 0; i < 30 && !['paused', 'removed'].every((id) => handed.some((h) => h.id === id && h.at > timers.now())); i++) await timers.advance(5);
    expect(['paused', 'removed'].every((id) => handed.some((h) => h.id === id && h.at > timers.now()))).toBe(true);
    const before = results.length;
    engine.setMonitors([kept, { ...paused, paused: true }]);
    await timers.advance(500);
    engine.stop();
    const after = results.slice(before).map((r) => r.monitorId);
    expect(after).toContain('kept');
    expect(after).not.toContain('paused');
    expect(after).not.toContain('removed');
  });

  it('keeps healthy monitors on schedule while others hang until their deadline', async () => {
    const { engine, results, timers } = virtualEngine((m) => (m.id.startsWith('hang') ? new Promise(() => {}) : Promise.resolve('up')));
    engine.setMonitors([...Array.from({ length: 20 }, (_, i) => monitor(`hang-${i}`)), ...Array.from({ length: 50 }, (_, i) => monitor(`ok-${i}`))]);
    engine.start();
    await timers.advance(1000);
    engine.stop();
    const ok = results.filter((r) => r.monitorId.startsWith('ok'));
    const hung = results.filter((r) => r.monitorId.startsWith('hang'));
    // Every monitor runs once per 100 ms slot; a hung run is settled down at its 80 ms deadline, so it never misses its next slot.
    for (const id of ['ok-0', 'ok-49', 'hang-0', 'hang-19']) {
      const times = results.filter((r) => r.monitorId === id).map((r) => r.at);
      expect(
        times.slice(1).map((t, i) => t - times[i]!),
        id,
      ).toEqual(Array(times.length - 1).fill(100));
    }
    expect(ok.length).toBeGreaterThanOrEqual(50 * 9);
    expect(hung.length).toBeGreaterThanOrEqual(20 * 9);
    expect(hung.every((r) => r.result.message === 'timed out after 80 ms')).toBe(true);
    // Checks start on the scheduler's tick grid: at most one tick late.
    expect(engine.stats().lag.max).toBeLessThan(TICK_MS);
    expect(engine.stats().checksMissed).toBe(0);
  });

  it('does not poll paused or pushed monitors', async () => {
    const { engine, results, timers } = virtualEngine(async () => 'up');
    engine.setMonitors([monitor('paused', { paused: true }), monitor('beat', { type: 'push' }), monitor('polled')]);
    engine.start();
    await timers.advance(350);
    engine.stop();
    expect(new Set(results.map((r) => r.monitorId))).toEqual(new Set(['polled']));
  });

  it('never stacks two runs of one monitor', async () => {
    let concurrent = 0;
    let most = 0;
    const { engine, results, timers } = virtualEngine(async () => {
      most = Math.max(most, ++concurrent);
      await new Promise<void>((resolve) => timers.after(150, resolve));
      concurrent--;
      return 'up';
    });
    engine.setMonitors([monitor('slow', { timeout: 400 })]);
    engine.start();
    await timers.advance(700);
    engine.stop();
    expect(most).toBe(1);
    expect(engine.stats().checksMissed).toBeGreaterThan(0);
    // The skipped slots travel with the next run, so the store records the gap.
    expect(results.reduce((sum, r) => sum + r.missed, 0)).toBeGreaterThan(0);
  });
});

describe('Engine rate limits on a virtual clock', () => {
  it('delays and spreads runs past max_target_rate to one target, without dropping them or recording missed slots', async () => {
    const starts: Array<{ id: string; at: number }> = [];
    const { engine, results, timers } = virtualEngine(
      async (m) => {
        starts.push({ id: m.id, at: timers.now() });
        return 'up';
      },
      { targetOf: () => '127.0.0.1:80', maxTargetRate: () => 2 },
    );
    engine.setMonitors(Array.from({ length: 5 }, (_, i) => monitor(`m${i}`, { interval: 1000, timeout: 500 })));
    engine.start();
    await timers.advance(20_000);
    engine.stop();
    // Two runs a second to the one target, exactly 500 ms apart, whatever the five monitors' own schedules ask for.
    const gaps = starts.slice(1).map((s, i) => s.at - starts[i]!.at);
    expect(new Set(gaps)).toEqual(new Set([500]));
    // 20 s at two a second: no run dropped.
    expect(starts).toHaveLength(40);
    expect(Array.from({ length: 5 }, (_, i) => starts.filter((s) => s.id === `m${i}`).length)).toEqual([8, 8, 8, 8, 8]);
    expect(results.reduce((sum, r) => sum + r.missed, 0)).toBe(0);
    expect(engine.stats().checksMissed).toBe(0);
    expect(engine.throttling().delayed).toBeGreaterThan(0);
  });

  it('warns of the cap only when it holds a run back a second or more', async () => {
    const warnings = async (rate: number, count: number, interval: number) => {
      const said: string[] = [];
      const logger = Object.assign(silentLogger(), { warn: (_fields: object, message: string) => void said.push(message) });
      const { engine, timers } = virtualEngine(async () => 'up', { targetOf: () => '127.0.0.1:80', maxTargetRate: () => rate, logger });
      engine.setMonitors(Array.from({ length: count }, (_, i) => monitor(`m${i}`, { interval, timeout: 500 })));
      engine.start();
      await timers.advance(30_000);
      engine.stop();
      return { said, delayed: engine.throttling().delayed };
    };
    // 100 first runs in the same instant at 10,000 a second: each waits at most 10 ms. Counted, not worth a warning.
    const fast = await warnings(10_000, 100, 60_000);
    expect(fast.delayed).toBeGreaterThan(0);
    expect(fast.said).toEqual([]);
    // Ten runs a second asked of a target capped at two: runs soon wait seconds.
    const slow = await warnings(2, 10, 1000);
    expect(slow.said).toEqual([expect.stringContaining('come faster than server.max_target_rate allows')]);
  });

  it('starts no delayed run after stop()', async () => {
    const { engine, results, timers } = virtualEngine(async () => 'up', { targetOf: () => 't:1', maxTargetRate: () => 1 });
    engine.setMonitors(Array.from({ length: 5 }, (_, i) => monitor(`m${i}`, { interval: 60_000, timeout: 500 })));
    engine.start();
    await timers.advance(2500);
    engine.stop();
    const before = results.length;
    // One run a second to the one target: the first at once, the second a second later; the three still waiting are let go at stop().
    expect(before).toBe(2);
    expect(engine.throttling().waiting).toBe(0);
    await timers.advance(10_000);
    expect(results.length).toBe(before);
    expect(timers.size).toBe(0);
  });

  it('runs no monitor more often than minInterval, whatever its stored interval says', async () => {
    const { engine, results, timers } = virtualEngine(async () => 'up', { minInterval: () => 1000 });
    engine.setMonitors([monitor('hammer', { interval: 1, timeout: 1 })]);
    engine.start();
    await timers.advance(10_000);
    engine.stop();
    // Ten runs in ten seconds, exactly one second apart (the first where the scheduler spreads it).
    const times = results.map((r) => r.at);
    expect(times).toHaveLength(10);
    expect(new Set(times.slice(1).map((t, i) => t - times[i]!))).toEqual(new Set([1000]));
  });
});
