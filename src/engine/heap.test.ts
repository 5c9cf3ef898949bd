import { describe, expect, it } from 'vitest';
import { MinHeap } from './heap.js';

interface Item {
  name: string;
  due: number;
  position: number;
}

describe('MinHeap with positions', () => {
  it('keeps each item once, tells it where it is, and reorders it in place when its key changes', () => {
    const heap = new MinHeap<Item>(
      (item) => item.due,
      (item, position) => (item.position = position),
    );
    const items = [50, 10, 40, 30, 20].map((due) => ({ name: `at ${due}`, due, position: -2 }));
    for (const item of items) heap.push(item);
    for (const item of items) expect(heap['items'][item.position]).toBe(item);
    // The latest becomes the earliest, the earliest the latest: no copy is pushed.
    items[0]!.due = 5;
    heap.update(items[0]!.position);
    items[1]!.due = 60;
    heap.update(items[1]!.position);
    expect(heap.size).toBe(5);
    const popped: string[] = [];
    for (let item = heap.pop(); item; item = heap.pop()) {
      expect(item.position).toBe(-1);
      popped.push(item.name);
    }
    expect(popped).toEqual(['at 50', 'at 20', 'at 30', 'at 40', 'at 10']);
  });
});
