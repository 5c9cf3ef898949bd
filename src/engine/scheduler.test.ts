import { describe, expect, it } from 'vitest';
import { systemClock } from '../lib/clock.js';
import { Scheduler } from './scheduler.js';

function collect(ms: number, setup: (s: Scheduler) => void): Promise<{ id: string; due: number; at: number }[]> {
  const seen: { id: string; due: number; at: number }[] = [];
  const scheduler = new Scheduler(systemClock, { due: (id, due) => seen.push({ id, due, at: Date.now() }) });
  setup(scheduler);
  scheduler.start();
  return new Promise((resolve) => setTimeout(() => (scheduler.stop(), resolve(seen)), ms));
}

describe('Scheduler', () => {
  it('runs each monitor once per interval at its own stable slot', async () => {
    const seen = await collect(1050, (s) => s.set([{ id: 'a', interval: 100 }, { id: 'b', interval: 250 }]));
    const a = seen.filter((e) => e.id === 'a');
    const b = seen.filter((e) => e.id === 'b');
    expect(a.length).toBeGreaterThanOrEqual(8);
    expect(a.length).toBeLessThanOrEqual(11);
    expect(b.length).toBeGreaterThanOrEqual(3);
    expect(new Set(a.map((e) => e.due % 100)).size).toBe(1);
  });

  it('starts every slot no earlier than it is due', async () => {
    const seen = await collect(500, (s) => s.set(Array.from({ length: 50 }, (_, i) => ({ id: `m${i}`, interval: 100 }))));
    expect(seen.length).toBeGreaterThan(150);
    for (const event of seen) expect(event.at).toBeGreaterThanOrEqual(event.due);
  });

  it('stops running monitors removed by set() and keeps the others', async () => {
    const seen = await collect(600, (s) => {
      s.set([{ id: 'keep', interval: 100 }, { id: 'drop', interval: 100 }]);
      setTimeout(() => s.set([{ id: 'keep', interval: 100 }]), 250);
    });
    const lateDrops = seen.filter((e) => e.id === 'drop' && e.at > Date.now() - 250);
    expect(lateDrops).toHaveLength(0);
    expect(seen.filter((e) => e.id === 'keep').length).toBeGreaterThanOrEqual(5);
  });

  it('reports slots missed while the event loop was blocked instead of replaying them', async () => {
    const missed: number[] = [];
    const scheduler = new Scheduler(systemClock, { due: (_id, _due, n) => missed.push(n) });
    scheduler.set([{ id: 'x', interval: 50 }]);
    scheduler.start();
    await new Promise((r) => setTimeout(r, 60));
    const until = Date.now() + 300;
    while (Date.now() < until) {
      // Block the event loop on purpose.
    }
    await new Promise((r) => setTimeout(r, 30));
    scheduler.stop();
    expect(Math.max(...missed)).toBeGreaterThanOrEqual(4);
    expect(missed.length).toBeLessThan(6);
  });
});
