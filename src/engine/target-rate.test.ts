import { describe, expect, it } from 'vitest';
import { TargetRate } from './target-rate.js';

describe('TargetRate', () => {
  it('lets starts through at once while a target is under its rate', () => {
    const rate = new TargetRate(() => 10);
    expect([0, 100, 200, 350].map((now) => rate.reserve('db:5432', now))).toEqual([0, 0, 0, 0]);
  });

  it('spreads starts that come too fast over the next free slots, one every 1000/rate ms', () => {
    const rate = new TargetRate(() => 10);
    expect(Array.from({ length: 5 }, () => rate.reserve('db:5432', 1000))).toEqual([0, 100, 200, 300, 400]);
  });

  it('keeps each target to its own budget', () => {
    const rate = new TargetRate(() => 2);
    expect([rate.reserve('a:80', 0), rate.reserve('b:80', 0), rate.reserve('a:80', 0), rate.reserve('b:80', 0)]).toEqual([0, 0, 500, 500]);
  });

  it('never gives more than rate × seconds starts to one target, however many ask', () => {
    const rate = new TargetRate(() => 4);
    const starts = Array.from({ length: 100 }, (_, i) => i * 10 + rate.reserve('t:1', i * 10));
    const inFirstSecond = starts.filter((at) => at < 1000).length;
    expect(inFirstSecond).toBe(4);
    expect(new Set(starts).size).toBe(100);
  });

  it('reads the rate on every reservation, so a reload applies at once', () => {
    let perSecond = 1;
    const rate = new TargetRate(() => perSecond);
    rate.reserve('t:1', 0);
    perSecond = 100;
    expect(rate.reserve('t:1', 0)).toBe(1000);
    expect(rate.reserve('t:1', 0)).toBe(1010);
  });
});
