import { describe, expect, it } from 'vitest';
import { armTestFaults, faultsSurvivingRestart, parseTestFaults, withBlockingCheck } from './test-faults.js';
import { VirtualTimers } from './virtual-timers.js';

const allowed = { TOCSIN_ALLOW_TEST_FAULTS: '1' };

describe('parseTestFaults', () => {
  it('finds no faults when the variable is unset', () => {
    expect(parseTestFaults({})).toBeUndefined();
  });

  it('reads every switch with its figures', () => {
    expect(parseTestFaults({ ...allowed, TOCSIN_TEST_FAULTS: 'block-loop:9000,leak:50MB/s,stop-checks@2s,ping-every:500ms' })).toEqual({
      blockLoop: { forMs: 9000, afterMs: 1000 },
      leak: { bytesPerSecond: 50_000_000 },
      stopChecks: { afterMs: 2000 },
      pingEvery: 500,
    });
  });

  it('takes a duration and a start delay for the block', () => {
    expect(parseTestFaults({ ...allowed, TOCSIN_TEST_FAULTS: 'block-loop:9s@3s' })?.blockLoop).toEqual({ forMs: 9000, afterMs: 3000 });
  });

  it('refuses faults unless they are explicitly allowed', () => {
    expect(() => parseTestFaults({ TOCSIN_TEST_FAULTS: 'leak:1MB/s' })).toThrow(/without TOCSIN_ALLOW_TEST_FAULTS=1/);
  });

  it('refuses faults in production even when allowed', () => {
    expect(() => parseTestFaults({ ...allowed, NODE_ENV: 'production', TOCSIN_TEST_FAULTS: 'leak:1MB/s' })).toThrow(/NODE_ENV is production/);
  });

  it('reads the monitor and the duration of a block-check', () => {
    expect(parseTestFaults({ ...allowed, TOCSIN_TEST_FAULTS: 'block-check:slow-api=9s' })?.blockCheck).toEqual({ monitorId: 'slow-api', forMs: 9000 });
  });

  it.each(['freeze:1s', 'leak:50MB', 'block-loop:soon', 'block-check:slow', 'block-check:=9s'])('names the item it cannot read: %s', (spec) => {
    expect(() => parseTestFaults({ ...allowed, TOCSIN_TEST_FAULTS: spec })).toThrow(`cannot read "${spec}"`);
  });
});

describe('faultsSurvivingRestart', () => {
  it.each([
    ['block-loop:9s@1s,block-check:slow=9s', 'block-check:slow=9s'],
    ['block-loop:9s@1s', undefined],
    [undefined, undefined],
  ])('keeps only the faults a monitor carries from %j', (spec, kept) => {
    expect(faultsSurvivingRestart(spec)).toBe(kept);
  });
});

describe('withBlockingCheck', () => {
  it("holds the loop as that monitor's check settles, before reporting it settled", () => {
    const seen: string[] = [];
    // The hold spins on this clock, a virtual one that moves 10 ms at each read: the hold is exact, whatever the machine's load.
    const timers = new VirtualTimers(0);
    let clockReads = 0;
    const now = () => {
      clockReads++;
      timers.set(timers.now() + 10);
      return timers.now();
    };
    const running = withBlockingCheck(
      { started: (id) => seen.push(`+${id}`), ended: (id) => seen.push(`-${id}@${timers.now()} reads=${clockReads}`) },
      { monitorId: 'slow', forMs: 120 },
      now,
    );
    running.started('slow');
    running.ended('fast');
    running.ended('slow');
    // Read once for the end of the hold (10 + 120), then spun until the clock reached it.
    expect(seen).toEqual(['+slow', '-fast@0 reads=0', '-slow@130 reads=13']);
  });
});

describe('armTestFaults', () => {
  it('stops the checks exactly after the stated delay, once', async () => {
    const timers = new VirtualTimers(0);
    let stopped = 0;
    const disarm = armTestFaults({ stopChecks: { afterMs: 2000 } }, { stopChecks: () => stopped++ }, timers);
    await timers.advance(1999);
    expect(stopped).toBe(0);
    await timers.advance(1);
    expect(stopped).toBe(1);
    await timers.advance(60_000);
    expect(stopped).toBe(1);
    disarm();
  });

  it('does nothing once disarmed', async () => {
    const timers = new VirtualTimers(0);
    let stopped = 0;
    const leaked: number[] = [];
    const disarm = armTestFaults(
      { stopChecks: { afterMs: 2000 }, leak: { bytesPerSecond: 1000 } },
      { stopChecks: () => stopped++, leaked: (bytes) => leaked.push(bytes) },
      timers,
    );
    await timers.advance(100);
    expect(leaked).toEqual([100]);
    disarm();
    expect(timers.size).toBe(0);
    await timers.advance(60_000);
    expect(stopped).toBe(0);
    expect(leaked).toEqual([100]);
  });

  it('holds a tenth of the rate more every 100 ms while leaking, and grows resident memory by it', async () => {
    const timers = new VirtualTimers(0);
    const leaked: number[] = [];
    const before = process.memoryUsage.rss();
    const disarm = armTestFaults({ leak: { bytesPerSecond: 100_000_000 } }, { stopChecks: () => undefined, leaked: (bytes) => leaked.push(bytes) }, timers);
    await timers.advance(99);
    expect(leaked).toEqual([]);
    await timers.advance(501);
    expect(leaked).toEqual([10_000_000, 20_000_000, 30_000_000, 40_000_000, 50_000_000, 60_000_000]);
    // Filled, not just reserved: the pages count in RSS.
    const after = process.memoryUsage.rss();
    disarm();
    expect(after - before).toBeGreaterThan(40_000_000);
  });
});
