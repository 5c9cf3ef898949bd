import { describe, expect, it } from 'vitest';
import { RunQueue } from './run-queue.js';

describe('RunQueue', () => {
  it('runs at most `limit` tasks at once and the rest in the order they came, across a long backlog', async () => {
    const queue = new RunQueue(3);
    const started: number[] = [];
    let inFlight = 0;
    let most = 0;
    const all: Promise<void>[] = [];
    // 50,000 waiting: past the length where the list is compacted many times over.
    for (let i = 0; i < 50_000; i++) {
      all.push(
        new Promise<void>((resolve) =>
          queue.push(async () => {
            started.push(i);
            inFlight++;
            most = Math.max(most, inFlight);
            await Promise.resolve();
            inFlight--;
            resolve();
          }),
        ),
      );
    }
    expect(queue.running).toBe(3);
    expect(queue.queued).toBe(50_000 - 3);
    await Promise.all(all);
    expect(most).toBe(3);
    expect(started).toEqual(Array.from({ length: 50_000 }, (_, i) => i));
    expect(queue.queued).toBe(0);
    await Promise.resolve();
    expect(queue.running).toBe(0);
  });

  it('takes new tasks after a backlog has drained, and keeps going when a task fails', async () => {
    const queue = new RunQueue(1);
    const order: string[] = [];
    const settled = (name: string, fail = false) =>
      new Promise<void>((resolve) =>
        queue.push(async () => {
          order.push(name);
          resolve();
          if (fail) throw new Error('check crashed');
        }),
      );
    await Promise.all([settled('a', true), settled('b')]);
    await settled('c');
    expect(order).toEqual(['a', 'b', 'c']);
  });
});
