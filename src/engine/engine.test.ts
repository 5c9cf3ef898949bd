import { describe, expect, it } from 'vitest';
import { systemClock } from '../lib/clock.js';
import { silentLogger } from '../lib/logger.js';
import { Engine, type EngineMonitor, type RecordedResult } from './engine.js';

const monitor = (id: string, over: Partial<EngineMonitor> = {}): EngineMonitor => ({
  id,
  name: id,
  type: 'test',
  interval: 100,
  timeout: 80,
  paused: false,
  ...over,
});

function engineWith(run: (m: EngineMonitor) => Promise<'up' | 'down'>) {
  const results: RecordedResult[] = [];
  const engine = new Engine<EngineMonitor>({
    clock: systemClock,
    logger: silentLogger(),
    isPolled: (m) => m.type !== 'push',
    runCheck: async (m) => ({ status: await run(m), latencyMs: 0, timings: {}, message: 'ok' }),
    record: (r) => results.push(r),
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
