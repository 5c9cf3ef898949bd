/**
 * A binary min-heap ordered by `key`: the scheduler's queue of due times. With `moved`, each item is
 * told its position as it moves (-1 once popped), so a caller that changes an item's key in place
 * can restore the order with `update(position)` instead of pushing a second copy.
 */
export class MinHeap<T> {
  private readonly items: T[] = [];

  constructor(
    private readonly key: (item: T) => number,
    private readonly moved: (item: T, position: number) => void = () => undefined,
  ) {}

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  push(item: T): void {
    this.items.push(item);
    this.moved(item, this.items.length - 1);
    this.siftUp(this.items.length - 1);
  }

  pop(): T | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (top !== undefined) this.moved(top, -1);
    if (items.length > 0 && last !== undefined) {
      this.place(last, 0);
      this.siftDown(0);
    }
    return top;
  }

  /** Restores the order after the key of the item at `position` changed. */
  update(position: number): void {
    if (position < 0 || position >= this.items.length) return;
    this.siftDown(this.siftUp(position));
  }

  private place(item: T, position: number): void {
    this.items[position] = item;
    this.moved(item, position);
  }

  private siftUp(start: number): number {
    const items = this.items;
    let i = start;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.key(items[parent]!) <= this.key(items[i]!)) break;
      const child = items[i]!;
      this.place(items[parent]!, i);
      this.place(child, parent);
      i = parent;
    }
    return i;
  }

  private siftDown(start: number): void {
    const items = this.items;
    let i = start;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < items.length && this.key(items[left]!) < this.key(items[smallest]!)) smallest = left;
      if (right < items.length && this.key(items[right]!) < this.key(items[smallest]!)) smallest = right;
      if (smallest === i) return;
      const item = items[i]!;
      this.place(items[smallest]!, i);
      this.place(item, smallest);
      i = smallest;
    }
  }
}
