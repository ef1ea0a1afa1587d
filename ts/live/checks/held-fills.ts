/**
 * Fill reports that arrive at run time for an order not known yet (the fill outran its order
 * report), held until the order's report arrives or the in-flight threshold passes.
 *
 * # Bounds
 * At most `capacity` fills are held; when full, the oldest is dropped with an error log (it is
 * not lost for good: the next reconciliation of its order infers or fetches it).
 *
 * # Release
 * `release(venueOrderId)` hands back every fill of an order whose report arrived (the caller
 * reconciles them with it); `expired(now, thresholdNs)` hands back, grouped by order, the fills
 * held longer than the threshold: the in-flight check then queries the venue for those orders.
 */
import type { Logger } from '../../common/index.js';
import type { FillReport } from '../../model/reports/index.js';

/** Fills held by default. */
export const DEFAULT_HELD_FILLS_CAPACITY = 10_000;

interface Held {
  readonly fill: FillReport;
  readonly heldAt: bigint;
}

/** The bounded buffer of held fill reports (see the module doc). */
export class HeldFillReports {
  readonly capacity: number;
  readonly #log: Logger;
  // Insertion order = age order: the first key is the oldest.
  readonly #held = new Map<string, Held>();
  #dropped = 0;

  constructor(log: Logger, capacity = DEFAULT_HELD_FILLS_CAPACITY) {
    if (!Number.isInteger(capacity) || capacity <= 0) {
      throw new RangeError(`HeldFillReports capacity must be a positive integer, was ${capacity}`);
    }
    this.capacity = capacity;
    this.#log = log;
  }

  get size(): number {
    return this.#held.size;
  }
  /** Fills dropped because the buffer was full. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Holds a fill (a repeat of a held trade id replaces nothing). */
  hold(fill: FillReport, now: bigint): void {
    const key = `${fill.venueOrderId.value}\u0000${fill.tradeId.value}`;
    if (this.#held.has(key)) return;
    if (this.#held.size >= this.capacity) {
      const [oldestKey, oldest] = this.#held.entries().next().value as [string, Held];
      this.#held.delete(oldestKey);
      this.#dropped++;
      this.#log.error(
        {
          tradeId: oldest.fill.tradeId.value,
          venueOrderId: oldest.fill.venueOrderId.value,
          capacity: this.capacity,
        },
        `held fill buffer full: dropped the oldest fill ${oldest.fill.tradeId}`,
      );
    }
    this.#held.set(key, { fill, heldAt: now });
  }

  /** Removes and returns the fills of one order, oldest first. */
  release(venueOrderId: string): FillReport[] {
    const out: FillReport[] = [];
    for (const [k, h] of this.#held) {
      if (h.fill.venueOrderId.value === venueOrderId) {
        out.push(h.fill);
        this.#held.delete(k);
      }
    }
    return out;
  }

  /** Removes and returns, by venue order id, every order with a fill held `thresholdNs` or longer. */
  expired(now: bigint, thresholdNs: bigint): Map<string, FillReport[]> {
    const due = new Set<string>();
    for (const h of this.#held.values()) {
      if (h.heldAt + thresholdNs <= now) due.add(h.fill.venueOrderId.value);
    }
    const out = new Map<string, FillReport[]>();
    for (const v of due) out.set(v, this.release(v));
    return out;
  }
}
