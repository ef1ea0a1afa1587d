import { CacheError, CacheErrorCode } from './errors.js';

/** Checks a capacity: a positive safe integer. */
export function checkCapacity(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw new CacheError(
      CacheErrorCode.CACHE_INVALID_ARGUMENT,
      `${name} must be a positive integer, was ${String(value)}`,
      { details: { parameter: name } },
    );
  }
  return value;
}

/**
 * A capacity-bounded deque read newest first: `push` adds the newest item and, when full, drops
 * the oldest. `get(0)` is the newest. Every operation is O(1) except `toArray` (O(n)); memory is
 * allocated up to the capacity, never beyond.
 */
export class RingBuffer<T> {
  readonly capacity: number;
  readonly #items: (T | undefined)[] = [];
  // Index of the next write; the newest item is at #head - 1.
  #head = 0;
  #size = 0;

  constructor(capacity: number) {
    this.capacity = checkCapacity('capacity', capacity);
  }

  get size(): number {
    return this.#size;
  }

  push(item: T): void {
    this.#items[this.#head] = item;
    this.#head = this.#head + 1 === this.capacity ? 0 : this.#head + 1;
    if (this.#size < this.capacity) this.#size++;
  }

  /** The item `index` places back from the newest (0 = newest), or `undefined` past the end. */
  get(index: number): T | undefined {
    if (!Number.isInteger(index) || index < 0 || index >= this.#size) return undefined;
    let i = this.#head - 1 - index;
    if (i < 0) i += this.capacity;
    return this.#items[i];
  }

  /** Every item, newest first. */
  toArray(): T[] {
    const out = new Array<T>(this.#size);
    for (let k = 0; k < this.#size; k++) out[k] = this.get(k)!;
    return out;
  }

  clear(): void {
    this.#items.length = 0;
    this.#head = 0;
    this.#size = 0;
  }
}
