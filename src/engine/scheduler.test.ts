/** The scheduler on VirtualTimers (engine/virtual-timers.ts): hours pass in microseconds, and every schedule is exact. */
import { describe, expect, it } from 'vitest';
import { phaseOffset } from '../core/schedule.js';
import { Scheduler, TICK_MS, type Schedulable } from './scheduler.js';
import { VirtualTimers } from './virtual-timers.js';

const T0 = Date.parse('2026-06-01T00:00:00Z');
const DAY = 86_400_000;

interface Seen {
  id: string;
  due: number;
  at: number;
  missed: number;
}

function scheduler(monitors: readonly Schedulable[]): { s: Scheduler; seen: Seen[]; timers: VirtualTimers } {
  const seen: Seen[] = [];
  const timers = new VirtualTimers(T0);
  const s = new Scheduler(timers, { due: (id, due, missed) => seen.push({ id, due, at: timers.now(), missed }) });
  s.set(monitors);
  s.start();
  return { s, seen, timers };
}

const of = (seen: Seen[], id: string) => seen.filter((e) => e.id === id);

describe('Scheduler', () => {
  it('wakes once a tick for every monitor due in it, never more than one tick late', async () => {
    const monitors = Array.from({ length: 500 }, (_, i) => ({ id: `m${i}`, interval: 1000 }));
    const { s, seen, timers } = scheduler(monitors);
    await timers.advance(20_000);
    s.stop();
    // Nine seconds of settled slots, each one's tick well inside the time advanced.
    const settled = seen.filter((e) => e.due >= T0 + 10_000 && e.due < T0 + 19_000);
    expect(settled).toHaveLength(500 * 9);
    expect(settled.every((e) => e.at % TICK_MS === 0 && e.at >= e.due && e.at - e.due < TICK_MS)).toBe(true);
    // 500 distinct slots a second, at most 1000 / TICK_MS wake-ups a second.
    expect(new Set(settled.map((e) => e.at)).size).toBeLessThanOrEqual(9 * (1000 / TICK_MS) + 1);
  });

  it('hands a monitor with a lead over that long before each slot, with the slot it is for, and keeps its slots', async () => {
    const { s, seen, timers } = scheduler([
      { id: 'ahead', interval: 10_000, lead: 1000 },
      { id: 'on-slot', interval: 10_000 },
    ]);
    await timers.advance(60_000);
    s.retry('ahead', timers.now() + 300);
    await timers.advance(1000);
    s.stop();
    const [, ...ahead] = of(seen, 'ahead');
    const slots = ahead.slice(0, -1);
    expect(slots.length).toBeGreaterThanOrEqual(4);
    // Each settled slot once, handed over a lead (to the tick) before it, none missed.
    expect(new Set(slots.map((e) => e.due % 10_000))).toEqual(new Set([phaseOffset('ahead', 10_000)]));
    expect(slots.every((e) => e.due - e.at > 1000 - TICK_MS && e.due - e.at <= 1000 && e.missed === 0)).toBe(true);
    expect(new Set(slots.map((e) => e.due)).size).toBe(slots.length);
    // A retry due sooner than the lead is handed over at once, for its own time.
    expect(ahead.at(-1)!.due - ahead.at(-1)!.at).toBeGreaterThan(300 - TICK_MS);
    const [, ...onSlot] = of(seen, 'on-slot');
    expect(onSlot.every((e) => e.at >= e.due && e.at - e.due < TICK_MS)).toBe(true);
  });

  it('gives a lead to a monitor already scheduled, and takes it back', async () => {
    const { s, seen, timers } = scheduler([{ id: 'm', interval: 10_000 }]);
    await timers.advance(20_000);
    s.set([{ id: 'm', interval: 10_000, lead: 2000 }]);
    await timers.advance(20_000);
    s.set([{ id: 'm', interval: 10_000 }]);
    await timers.advance(20_000);
    s.stop();
    const dues = of(seen, 'm')
      .slice(1)
      .map((e) => e.due);
    expect(new Set(dues).size).toBe(dues.length);
    const early = of(seen, 'm').filter((e) => e.due - e.at > 1000);
    expect(early.length).toBe(2);
  });

  it('runs each monitor once per interval at its own stable slot after its first check', async () => {
    const { s, seen, timers } = scheduler([
      { id: 'a', interval: 100 },
      { id: 'b', interval: 250 },
    ]);
    await timers.advance(1050);
    s.stop();
    const [, ...a] = of(seen, 'a');
    expect(a).toHaveLength(10);
    expect(new Set(a.map((e) => e.due % 100))).toEqual(new Set([phaseOffset('a', 100)]));
    expect(of(seen, 'b')).toHaveLength(4);
  });

  it('starts every slot no earlier than it is due', async () => {
    const { s, seen, timers } = scheduler(Array.from({ length: 50 }, (_, i) => ({ id: `m${i}`, interval: 100 })));
    await timers.advance(500);
    s.stop();
    // 50 monitors, five slots each in 500 ms.
    expect(seen).toHaveLength(250);
    for (const event of seen) expect(event.at).toBeGreaterThanOrEqual(event.due);
  });

  it('stops running monitors removed by set() and keeps the others', async () => {
    const { s, seen, timers } = scheduler([
      { id: 'keep', interval: 100 },
      { id: 'drop', interval: 100 },
    ]);
    await timers.advance(250);
    s.set([{ id: 'keep', interval: 100 }]);
    const removedAt = timers.now();
    await timers.advance(350);
    s.stop();
    expect(of(seen, 'drop').filter((e) => e.at > removedAt)).toEqual([]);
    expect(of(seen, 'keep')).toHaveLength(6);
  });

  it('reports slots missed while the event loop was blocked instead of replaying them', async () => {
    const { s, seen, timers } = scheduler([{ id: 'x', interval: 50 }]);
    await timers.advance(60);
    const before = seen.length;
    // A blocked event loop: 300 ms pass and no timer fires, so the next one is still pending.
    timers.set(timers.now() + 300);
    await timers.advance(50);
    s.stop();
    const after = seen.slice(before);
    // One late run carrying the five slots it missed, then back on its slot: nothing replayed.
    expect(after.map((e) => e.missed)).toEqual([5, 0]);
  });
});

describe('the first check of a monitor just added', () => {
  it('comes within five seconds even for a daily monitor, then settles on its stable slot', async () => {
    const { s, seen, timers } = scheduler([{ id: 'cert', interval: DAY }]);
    await timers.advance(5000);
    expect(of(seen, 'cert')).toHaveLength(1);
    expect(s.nextDue('cert')! % DAY).toBe(phaseOffset('cert', DAY) % DAY);
    await timers.advance(2 * DAY);
    s.stop();
    const [first, ...rest] = of(seen, 'cert');
    expect(rest).toHaveLength(2);
    // Never two runs back to back: the settled slot is at least half an interval after the first check.
    expect(rest[0]!.due - first!.due).toBeGreaterThanOrEqual(DAY / 2);
    for (const run of rest) expect(run.due % DAY).toBe(phaseOffset('cert', DAY));
  });

  it('comes within its interval when that is shorter than five seconds', async () => {
    const { s, seen, timers } = scheduler([{ id: 'fast', interval: 2000 }]);
    await timers.advance(2000);
    s.stop();
    expect(of(seen, 'fast')).toHaveLength(1);
  });

  it('comes within five seconds for a monitor added later (a reload or the API)', async () => {
    const { s, seen, timers } = scheduler([{ id: 'old', interval: DAY }]);
    await timers.advance(60_000);
    s.set([
      { id: 'old', interval: DAY },
      { id: 'new', interval: DAY },
    ]);
    await timers.advance(5000);
    s.stop();
    expect(of(seen, 'new')).toHaveLength(1);
    expect(of(seen, 'old')).toHaveLength(1);
  });

  it('spreads 10,000 new monitors over 20 seconds, about 500 a second, instead of firing them in one', async () => {
    const { s, seen, timers } = scheduler(Array.from({ length: 10_000 }, (_, i) => ({ id: `monitor-${i}`, interval: 60_000 })));
    await timers.advance(20_000);
    s.stop();
    expect(seen).toHaveLength(10_000);
    const perSecond = Array.from({ length: 20 }, (_, second) => seen.filter((e) => Math.floor((e.at - T0) / 1000) === second).length);
    for (const count of perSecond) expect(count).toBeLessThan(600);
  });

  it('waits for the stable slot after a restart when its last result is younger than its interval', async () => {
    const { s, seen, timers } = scheduler([
      { id: 'recent', interval: DAY, lastResultAt: T0 - DAY / 4 },
      { id: 'old', interval: DAY, lastResultAt: T0 - DAY - 1 },
    ]);
    await timers.advance(5000);
    expect(of(seen, 'old')).toHaveLength(1);
    expect(of(seen, 'recent')).toHaveLength(0);
    expect(s.nextDue('recent')! % DAY).toBe(phaseOffset('recent', DAY));
    s.stop();
  });
});
