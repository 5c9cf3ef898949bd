import { describe, expect, it } from 'vitest';
import { ProcessSlots } from './process-slots.js';

describe('ProcessSlots', () => {
  it('grants up to the limit at once, then one waiter per release, in order', async () => {
    const slots = new ProcessSlots(2);
    const never = new AbortController().signal;
    const a = await slots.acquire(never);
    const b = await slots.acquire(never);
    const granted: string[] = [];
    const c = slots.acquire(never).then((release) => (granted.push('c'), release));
    const d = slots.acquire(never).then((release) => (granted.push('d'), release));
    await Promise.resolve();
    expect(granted).toEqual([]);
    expect(slots.usage).toEqual({ running: 2, waiting: 2 });
    a!();
    a!(); // a second call of the same release frees nothing more
    await c;
    expect(granted).toEqual(['c']);
    expect(slots.usage).toEqual({ running: 2, waiting: 1 });
    b!();
    (await d)!();
    (await c)!();
    expect(slots.usage).toEqual({ running: 0, waiting: 0 });
  });

  it('gives up when the run is aborted while waiting, and the slot goes to the next', async () => {
    const slots = new ProcessSlots(1);
    const hold = await slots.acquire(new AbortController().signal);
    const deadline = new AbortController();
    const late = slots.acquire(deadline.signal);
    const next = slots.acquire(new AbortController().signal);
    deadline.abort(new Error('timed out after 5 s'));
    expect(await late).toBeUndefined();
    expect(slots.usage).toEqual({ running: 1, waiting: 1 });
    hold!();
    expect(await next).toBeTypeOf('function');
    expect(await slots.acquire(AbortSignal.abort())).toBeUndefined();
  });
});
