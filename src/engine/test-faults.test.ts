import { describe, expect, it } from 'vitest';
import { armTestFaults, faultsSurvivingRestart, parseTestFaults, withBlockingCheck } from './test-faults.js';

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
    const running = withBlockingCheck(
      { started: (id) => seen.push(`+${id}`), ended: (id) => seen.push(`-${id}@${Date.now() - started}`) },
      { monitorId: 'slow', forMs: 120 },
    );
    const started = Date.now();
    running.started('slow');
    running.ended('fast');
    running.ended('slow');
    expect(seen[0]).toBe('+slow');
    expect(Number(seen[1]!.split('@')[1])).toBeLessThan(100);
    expect(Number(seen[2]!.split('@')[1])).toBeGreaterThanOrEqual(120);
  });
});

describe('armTestFaults', () => {
  it('stops the checks after the stated delay', async () => {
    let stopped = 0;
    const disarm = armTestFaults({ stopChecks: { afterMs: 20 } }, { stopChecks: () => stopped++ });
    await new Promise((r) => setTimeout(r, 300));
    disarm();
    expect(stopped).toBe(1);
  });

  it('grows resident memory while leaking', async () => {
    const before = process.memoryUsage.rss();
    const disarm = armTestFaults({ leak: { bytesPerSecond: 100_000_000 } }, { stopChecks: () => undefined });
    await new Promise((r) => setTimeout(r, 600));
    const after = process.memoryUsage.rss();
    disarm();
    expect(after - before).toBeGreaterThan(20_000_000);
  });
});
