import { describe, expect, it } from 'vitest';
import { HashGate } from './hash-gate.js';
import { Throttled } from './refusal.js';

function settable(start = 0) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

/** A check that finishes when the test says so. */
function held() {
  let finish = () => {};
  const done = new Promise<void>((resolve) => (finish = resolve));
  return { check: () => done.then(() => true), finish };
}

const limits = { concurrency: 2, queue: 1, anonymousPerSecond: 2, anonymousBurst: 3 };

describe('HashGate', () => {
  it('runs at most `concurrency` checks at once, queues a few, and refuses the rest with a wait', async () => {
    const gate = new HashGate(settable(), limits);
    const started: number[] = [];
    const checks = [held(), held(), held()];
    const runs = checks.map((c, i) => gate.run(() => (started.push(i), c.check()), { anonymous: false }));
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    const refused = gate.run(async () => true, { anonymous: false });
    await expect(refused).rejects.toThrow(new Throttled('tocsin is busy checking other passwords; try again in 1 s', 1000));
    checks[0]!.finish();
    await runs[0];
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1, 2]);
    checks[1]!.finish();
    checks[2]!.finish();
    expect(await Promise.all(runs)).toEqual([true, true, true]);
  });

  it('frees the slot of a check that fails', async () => {
    const gate = new HashGate(settable(), { ...limits, concurrency: 1, queue: 0 });
    await expect(gate.run(() => Promise.reject(new Error('scrypt failed')), { anonymous: false })).rejects.toThrow('scrypt failed');
    expect(await gate.run(async () => 'next', { anonymous: false })).toBe('next');
  });

  it('lets anonymous checks spend a burst, then a steady rate, while known sources are never held by it', async () => {
    const clock = settable();
    const gate = new HashGate(clock, limits);
    for (let i = 0; i < 3; i++) await gate.run(async () => true, { anonymous: true });
    const refused = gate.run(async () => true, { anonymous: true });
    await expect(refused).rejects.toMatchObject({
      code: 'rate_limited',
      waitMs: 500,
      message: 'tocsin is checking many sign-ins from new addresses right now; try again in 1 s',
    });
    expect(await gate.run(async () => 'known', { anonymous: false })).toBe('known');
    clock.advance(500);
    expect(await gate.run(async () => 'anonymous', { anonymous: true })).toBe('anonymous');
    await expect(gate.run(async () => true, { anonymous: true })).rejects.toBeInstanceOf(Throttled);
  });
});
