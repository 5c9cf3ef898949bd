/** The scheduler on a virtual clock: vitest's fake timers drive both setTimeout and Date.now, so hours pass in microseconds. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { phaseOffset } from '../core/schedule.js';
import { systemClock } from '../lib/clock.js';
import { Scheduler, type Schedulable } from './scheduler.js';

const T0 = Date.parse('2026-06-01T00:00:00Z');
const DAY = 86_400_000;

interface Seen {
  id: string;
  due: number;
  at: number;
  missed: number;
}

beforeEach(() => {
  vi.useFakeTimers({ now: T0 });
});
afterEach(() => {
  vi.useRealTimers();
});

function scheduler(monitors: readonly Schedulable[]): { s: Scheduler; seen: Seen[] } {
  const seen: Seen[] = [];
  const s = new Scheduler(systemClock, { due: (id, due, missed) => seen.push({ id, due, at: Date.now(), missed }) });
  s.set(monitors);
  s.start();
  return { s, seen };
}

const of = (seen: Seen[], id: string) => seen.filter((e) => e.id === id);

describe('Scheduler', () => {
  it('runs each monitor once per interval at its own stable slot after its first check', () => {
    const { s, seen } = scheduler([
      { id: 'a', interval: 100 },
      { id: 'b', interval: 250 },
    ]);
    vi.advanceTimersByTime(1050);
    s.stop();
    const [, ...a] = of(seen, 'a');
    expect(a.length).toBeGreaterThanOrEqual(8);
    expect(a.length).toBeLessThanOrEqual(10);
    expect(new Set(a.map((e) => e.due % 100))).toEqual(new Set([phaseOffset('a', 100)]));
    expect(of(seen, 'b').length).toBeGreaterThanOrEqual(4);
  });

  it('starts every slot no earlier than it is due', () => {
    const { s, seen } = scheduler(Array.from({ length: 50 }, (_, i) => ({ id: `m${i}`, interval: 100 })));
    vi.advanceTimersByTime(500);
    s.stop();
    expect(seen.length).toBeGreaterThan(200);
    for (const event of seen) expect(event.at).toBeGreaterThanOrEqual(event.due);
  });

  it('stops running monitors removed by set() and keeps the others', () => {
    const { s, seen } = scheduler([
      { id: 'keep', interval: 100 },
      { id: 'drop', interval: 100 },
    ]);
    vi.advanceTimersByTime(250);
    s.set([{ id: 'keep', interval: 100 }]);
    const removedAt = Date.now();
    vi.advanceTimersByTime(350);
    s.stop();
    expect(of(seen, 'drop').filter((e) => e.at > removedAt)).toEqual([]);
    expect(of(seen, 'keep').length).toBeGreaterThanOrEqual(5);
  });

  it('reports slots missed while the event loop was blocked instead of replaying them', () => {
    const { s, seen } = scheduler([{ id: 'x', interval: 50 }]);
    vi.advanceTimersByTime(60);
    const before = seen.length;
    // A blocked event loop: 300 ms pass and no timer fires (fake timers keep their own delays, so the next one is still pending).
    vi.setSystemTime(Date.now() + 300);
    vi.advanceTimersByTime(50);
    s.stop();
    const after = seen.slice(before);
    expect(Math.max(...after.map((e) => e.missed))).toBeGreaterThanOrEqual(4);
    expect(after.length).toBeLessThan(3);
  });
});

describe('the first check of a monitor just added', () => {
  it('comes within five seconds even for a daily monitor, then settles on its stable slot', () => {
    const { s, seen } = scheduler([{ id: 'cert', interval: DAY }]);
    vi.advanceTimersByTime(5000);
    expect(of(seen, 'cert')).toHaveLength(1);
    expect(s.nextDue('cert')! % DAY).toBe(phaseOffset('cert', DAY) % DAY);
    vi.advanceTimersByTime(2 * DAY);
    s.stop();
    const [first, ...rest] = of(seen, 'cert');
    expect(rest.length).toBeGreaterThanOrEqual(1);
    // Never two runs back to back: the settled slot is at least half an interval after the first check.
    expect(rest[0]!.due - first!.due).toBeGreaterThanOrEqual(DAY / 2);
    for (const run of rest) expect(run.due % DAY).toBe(phaseOffset('cert', DAY));
  });

  it('comes within its interval when that is shorter than five seconds', () => {
    const { s, seen } = scheduler([{ id: 'fast', interval: 2000 }]);
    vi.advanceTimersByTime(2000);
    s.stop();
    expect(of(seen, 'fast').length).toBeGreaterThanOrEqual(1);
  });

  it('comes within five seconds for a monitor added later (a reload or the API)', () => {
    const { s, seen } = scheduler([{ id: 'old', interval: DAY }]);
    vi.advanceTimersByTime(60_000);
    s.set([
      { id: 'old', interval: DAY },
      { id: 'new', interval: DAY },
    ]);
    vi.advanceTimersByTime(5000);
    s.stop();
    expect(of(seen, 'new')).toHaveLength(1);
    expect(of(seen, 'old')).toHaveLength(1);
  });

  it('spreads 10,000 new monitors over 20 seconds, about 500 a second, instead of firing them in one', () => {
    const { s, seen } = scheduler(Array.from({ length: 10_000 }, (_, i) => ({ id: `monitor-${i}`, interval: 60_000 })));
    vi.advanceTimersByTime(20_000);
    s.stop();
    expect(seen).toHaveLength(10_000);
    const perSecond = Array.from({ length: 20 }, (_, second) => seen.filter((e) => Math.floor((e.at - T0) / 1000) === second).length);
    for (const count of perSecond) expect(count).toBeLessThan(600);
  });

  it('waits for the stable slot after a restart when its last result is younger than its interval', () => {
    const { s, seen } = scheduler([
      { id: 'recent', interval: DAY, lastResultAt: T0 - DAY / 4 },
      { id: 'old', interval: DAY, lastResultAt: T0 - DAY - 1 },
    ]);
    vi.advanceTimersByTime(5000);
    expect(of(seen, 'old')).toHaveLength(1);
    expect(of(seen, 'recent')).toHaveLength(0);
    expect(s.nextDue('recent')! % DAY).toBe(phaseOffset('recent', DAY));
    s.stop();
  });
});
