import { afterEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../lib/clock.js';
import { silentLogger } from '../lib/logger.js';
import { Engine, type EngineDeps, type EngineMonitor, type RecordedResult } from './engine.js';

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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Engine', () => {
  it('keeps healthy monitors on schedule while others hang until their deadline', async () => {
    const { engine, results } = engineWith((m) => (m.id.startsWith('hang') ? new Promise(() => {}) : Promise.resolve('up')));
    engine.setMonitors([
      ...Array.from({ length: 20 }, (_, i) => monitor(`hang-${i}`)),
      ...Array.from({ length: 50 }, (_, i) => monitor(`ok-${i}`)),
    ]);
    engine.start();
    await sleep(1050);
    engine.stop();
    const ok = results.filter((r) => r.monitorId.startsWith('ok'));
    const hung = results.filter((r) => r.monitorId.startsWith('hang'));
    expect(ok.length).toBeGreaterThanOrEqual(50 * 8);
    expect(hung.length).toBeGreaterThanOrEqual(20 * 7);
    expect(hung.every((r) => r.result.message === 'timed out after 80 ms')).toBe(true);
    expect(engine.stats().lag.p99).toBeLessThan(100);
  });

  it('does not poll paused or pushed monitors', async () => {
    const { engine, results } = engineWith(async () => 'up');
    engine.setMonitors([monitor('paused', { paused: true }), monitor('beat', { type: 'push' }), monitor('polled')]);
    engine.start();
    await sleep(350);
    engine.stop();
    expect(new Set(results.map((r) => r.monitorId))).toEqual(new Set(['polled']));
  });

  it('never stacks two runs of one monitor', async () => {
    let concurrent = 0;
    let most = 0;
    const { engine, results } = engineWith(async () => {
      most = Math.max(most, ++concurrent);
      await sleep(150);
      concurrent--;
      return 'up';
    });
    engine.setMonitors([monitor('slow', { timeout: 400 })]);
    engine.start();
    await sleep(700);
    engine.stop();
    expect(most).toBe(1);
    expect(engine.stats().checksMissed).toBeGreaterThan(0);
    // The skipped slots travel with the next run, so the store records the gap.
    expect(results.reduce((sum, r) => sum + r.missed, 0)).toBeGreaterThan(0);
  });
});

describe('Engine on a virtual clock', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('delays and spreads runs past max_target_rate to one target, without dropping them or recording missed slots', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-06-01T00:00:00Z') });
    const starts: Array<{ id: string; at: number }> = [];
    const { engine, results } = engineWith(
      async (m) => {
        starts.push({ id: m.id, at: Date.now() });
        return 'up';
      },
      { targetOf: () => '127.0.0.1:80', maxTargetRate: () => 2 },
    );
    engine.setMonitors(Array.from({ length: 5 }, (_, i) => monitor(`m${i}`, { interval: 1000, timeout: 500 })));
    engine.start();
    await vi.advanceTimersByTimeAsync(20_000);
    engine.stop();
    const gaps = starts.slice(1).map((s, i) => s.at - starts[i]!.at);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(500);
    expect(starts.length).toBeGreaterThanOrEqual(38);
    for (let i = 0; i < 5; i++) expect(starts.filter((s) => s.id === `m${i}`).length).toBeGreaterThanOrEqual(6);
    expect(results.reduce((sum, r) => sum + r.missed, 0)).toBe(0);
    expect(engine.stats().checksMissed).toBe(0);
    expect(engine.throttling().delayed).toBeGreaterThan(0);
  });

  it('starts no delayed run after stop()', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-06-01T00:00:00Z') });
    const { engine, results } = engineWith(async () => 'up', { targetOf: () => 't:1', maxTargetRate: () => 1 });
    engine.setMonitors(Array.from({ length: 5 }, (_, i) => monitor(`m${i}`, { interval: 60_000, timeout: 500 })));
    engine.start();
    await vi.advanceTimersByTimeAsync(2500);
    engine.stop();
    const before = results.length;
    expect(engine.throttling().waiting).toBe(0);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(results.length).toBe(before);
  });

  it('runs no monitor more often than minInterval, whatever its stored interval says', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-06-01T00:00:00Z') });
    const { engine, results } = engineWith(async () => 'up', { minInterval: () => 1000 });
    engine.setMonitors([monitor('hammer', { interval: 1, timeout: 1 })]);
    engine.start();
    await vi.advanceTimersByTimeAsync(10_000);
    engine.stop();
    expect(results.length).toBeGreaterThanOrEqual(9);
    expect(results.length).toBeLessThanOrEqual(11);
  });
});
