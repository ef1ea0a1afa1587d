/**
 * Insertion-ordered indexes of cache entries.
 *
 * # Ordering invariant
 * Every entry carries `seq`, the order in which the cache first received it. An
 * {@link OrderedIndex} iterates its entries in ascending `seq`, whatever order they entered or
 * re-entered it in, so every query answer is in the order the objects were added to the cache:
 * deterministic and independent of the path (events or load) that built the index.
 *
 * # Performance
 * `add`, `delete`, `has` are O(1) (a `Map`). An entry that re-enters an index with a `seq` lower
 * than the highest held (an order leaving and re-entering the in-flight set) marks the index
 * unsorted; the next iteration re-sorts it once, O(k log k), and the index is sorted again. Most
 * indexes (by strategy, instrument, venue) never see a re-entry and never sort.
 */

/** What an index holds: a stable key and the cache's arrival number. */
export interface Sequenced {
  readonly seq: number;
  readonly key: string;
}

/** A set of entries iterated in ascending `seq`. */
export class OrderedIndex<E extends Sequenced> {
  #map = new Map<string, E>();
  #maxSeq = -1;
  #sorted = true;

  get size(): number {
    return this.#map.size;
  }

  has(key: string): boolean {
    return this.#map.has(key);
  }

  get(key: string): E | undefined {
    return this.#map.get(key);
  }

  /** Adds `entry` (no-op when its key is held). */
  add(entry: E): void {
    if (this.#map.has(entry.key)) return;
    if (entry.seq < this.#maxSeq) this.#sorted = false;
    else this.#maxSeq = entry.seq;
    this.#map.set(entry.key, entry);
  }

  /** Adds `entry` when `member`, else deletes it. */
  set(entry: E, member: boolean): void {
    if (member) this.add(entry);
    else this.delete(entry.key);
  }

  delete(key: string): boolean {
    const had = this.#map.delete(key);
    if (this.#map.size === 0) {
      this.#maxSeq = -1;
      this.#sorted = true;
    }
    return had;
  }

  clear(): void {
    this.#map.clear();
    this.#maxSeq = -1;
    this.#sorted = true;
  }

  /** The entries in ascending `seq`. */
  values(): IterableIterator<E> {
    if (!this.#sorted) this.#sort();
    return this.#map.values();
  }

  #sort(): void {
    const entries = [...this.#map.values()].sort((a, b) => a.seq - b.seq);
    this.#map = new Map(entries.map((e) => [e.key, e]));
    this.#sorted = true;
  }
}

/** One {@link OrderedIndex} per key (strategy, instrument, venue, position); empty ones are dropped. */
export class KeyedIndex<E extends Sequenced> {
  readonly #byKey = new Map<string, OrderedIndex<E>>();

  /** The index of `key`, or `undefined` when nothing is held under it. */
  get(key: string): OrderedIndex<E> | undefined {
    return this.#byKey.get(key);
  }

  add(key: string, entry: E): void {
    let index = this.#byKey.get(key);
    if (index === undefined) {
      index = new OrderedIndex<E>();
      this.#byKey.set(key, index);
    }
    index.add(entry);
  }

  delete(key: string, entryKey: string): void {
    const index = this.#byKey.get(key);
    if (index === undefined) return;
    index.delete(entryKey);
    // Drop empty indexes so that purges bound memory (strategies and instruments come and go).
    if (index.size === 0) this.#byKey.delete(key);
  }

  /** Number of keys with at least one entry. */
  get keyCount(): number {
    return this.#byKey.size;
  }

  clear(): void {
    this.#byKey.clear();
  }
}
