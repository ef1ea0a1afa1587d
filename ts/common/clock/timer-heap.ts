/**
 * A binary min-heap of timers keyed by (next time, registration sequence): the TestClock's
 * schedule. Ties in time pop in registration order, which makes firing order deterministic.
 *
 * # Performance
 * push/pop are O(log n). Cancelled timers are not searched for: they stay in the heap marked
 * inactive and are skipped when they surface (lazy deletion); `compact` drops them in O(n) when
 * they pile up.
 *
 * @module
 */

/** What the heap needs from a timer. */
export interface HeapTimer {
  readonly seq: number;
  nextTimeNs: bigint;
  active: boolean;
}

function before(a: HeapTimer, b: HeapTimer): boolean {
  return a.nextTimeNs < b.nextTimeNs || (a.nextTimeNs === b.nextTimeNs && a.seq < b.seq);
}

/** Min-heap of timers ordered by (nextTimeNs, seq). */
export class TimerHeap<T extends HeapTimer> {
  readonly #items: T[] = [];

  get size(): number {
    return this.#items.length;
  }

  /** The earliest timer without removing it. */
  peek(): T | undefined {
    return this.#items[0];
  }

  push(timer: T): void {
    const items = this.#items;
    items.push(timer);
    this.#siftUp(items.length - 1);
  }

  pop(): T | undefined {
    const items = this.#items;
    const top = items[0];
    const last = items.pop();
    if (top !== undefined && last !== undefined && items.length > 0) {
      items[0] = last;
      this.#siftDown(0);
    }
    return top;
  }

  clear(): void {
    this.#items.length = 0;
  }

  /** Drops inactive timers and restores the heap order in O(n). */
  compact(): void {
    const items = this.#items;
    let w = 0;
    for (let r = 0; r < items.length; r++) {
      const t = items[r]!;
      if (t.active) items[w++] = t;
    }
    items.length = w;
    for (let i = (w >> 1) - 1; i >= 0; i--) this.#siftDown(i);
  }

  #siftUp(index: number): void {
    const items = this.#items;
    const item = items[index]!;
    let i = index;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = items[parent]!;
      if (!before(item, p)) break;
      items[i] = p;
      i = parent;
    }
    items[i] = item;
  }

  #siftDown(index: number): void {
    const items = this.#items;
    const n = items.length;
    const item = items[index]!;
    let i = index;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      let child = left;
      if (right < n && before(items[right]!, items[left]!)) child = right;
      const c = items[child]!;
      if (!before(c, item)) break;
      items[i] = c;
      i = child;
    }
    items[i] = item;
  }
}
