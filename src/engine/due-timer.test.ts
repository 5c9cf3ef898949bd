import { describe, expect, it } from 'vitest';
import { DueTimer } from './due-timer.js';
import { VirtualTimers } from './virtual-timers.js';

function setup() {
  const timers = new VirtualTimers(1_000_000);
  const fired: Array<{ keys: string[]; at: number }> = [];
  const due = new DueTimer(timers, (keys, now) => fired.push({ keys, at: now }));
  due.start();
  return { timers, due, fired };
}

describe('DueTimer', () => {
  it('fires each key exactly at its deadline, earlier deadlines first', async () => {
    const { timers, due, fired } = setup();
    due.schedule('b', 1_002_000);
    due.schedule('a', 1_001_000);
    due.schedule('c', 1_002_000);
    await timers.advance(5000);
    expect(fired.map((f) => ({ ...f, keys: f.keys.sort() }))).toEqual([
      { keys: ['a'], at: 1_001_000 },
      { keys: ['b', 'c'], at: 1_002_000 },
    ]);
    expect(due.size).toBe(0);
  });

  it('moves a deadline when rescheduled, and forgets an unscheduled key', async () => {
    const { timers, due, fired } = setup();
    due.schedule('a', 1_001_000);
    due.schedule('a', 1_003_000);
    due.schedule('b', 1_002_000);
    due.unschedule('b');
    await timers.advance(2500);
    expect(fired).toEqual([]);
    await timers.advance(1000);
    expect(fired).toEqual([{ keys: ['a'], at: 1_003_000 }]);
  });

  it('keeps one timer armed, whatever the number of keys', () => {
    const { timers, due } = setup();
    for (let i = 0; i < 10_000; i++) due.schedule(`m${i}`, 1_000_000 + 1000 + i);
    expect(timers.size).toBe(1);
    expect(timers.nextAt()).toBe(1_001_000);
  });

  it('fires a deadline already passed at once, and nothing after stop', async () => {
    const { timers, due, fired } = setup();
    due.schedule('late', 999_000);
    await timers.advance(0);
    expect(fired).toEqual([{ keys: ['late'], at: 1_000_000 }]);
    due.schedule('x', 1_001_000);
    due.stop();
    await timers.advance(5000);
    expect(fired).toHaveLength(1);
  });

  it('drops stale entries so a key moved many times does not grow the heap without bound', async () => {
    const { timers, due, fired } = setup();
    for (let i = 0; i < 50_000; i++) due.schedule('moving', 1_000_000 + 10_000 + (i % 7));
    due.schedule('other', 1_000_500);
    await timers.advance(1000);
    expect(fired).toEqual([{ keys: ['other'], at: 1_000_500 }]);
    expect(due.dueOf('moving')).toBe(1_000_000 + 10_000 + (49_999 % 7));
  });
});
