/**
 * The indexes orders and positions share: by strategy, by instrument, by venue, and the
 * narrowing of a filtered query to the smallest index that can answer it.
 */
import type { InstrumentId, StrategyId, Venue } from '../model/identifiers/index.js';
import { KeyedIndex, type OrderedIndex, type Sequenced } from './ordered-index.js';

/** An entry indexed by its owner's strategy, instrument and venue (id values). */
export interface KeyedEntry extends Sequenced {
  strategyKey: string;
  instrumentKey: string;
  venueKey: string;
}

/** The id part of a filter. */
export interface IdFilter {
  readonly venue?: Venue | undefined;
  readonly instrumentId?: InstrumentId | undefined;
  readonly strategyId?: StrategyId | undefined;
}

/** Whether `e` matches the ids of `f`. */
export function matchesIds(e: KeyedEntry, f: IdFilter): boolean {
  return (
    (f.strategyId === undefined || e.strategyKey === f.strategyId.value) &&
    (f.instrumentId === undefined || e.instrumentKey === f.instrumentId.value) &&
    (f.venue === undefined || e.venueKey === f.venue.value)
  );
}

/** By-strategy, by-instrument and by-venue indexes of one kind of entry. */
export class EntityIndexes<E extends KeyedEntry> {
  readonly byStrategy = new KeyedIndex<E>();
  readonly byInstrument = new KeyedIndex<E>();
  readonly byVenue = new KeyedIndex<E>();

  add(e: E): void {
    this.byStrategy.add(e.strategyKey, e);
    this.byInstrument.add(e.instrumentKey, e);
    this.byVenue.add(e.venueKey, e);
  }

  delete(e: E): void {
    this.byStrategy.delete(e.strategyKey, e.key);
    this.byInstrument.delete(e.instrumentKey, e.key);
    this.byVenue.delete(e.venueKey, e.key);
  }

  /**
   * The smallest of `base` and the indexes the filter names: every answer is in it. `null` when
   * a named strategy, instrument or venue holds nothing (the answer is empty).
   */
  narrow(base: OrderedIndex<E>, f: IdFilter | undefined): OrderedIndex<E> | null {
    let smallest = base;
    if (f === undefined) return smallest;
    if (f.strategyId !== undefined) {
      const i = this.byStrategy.get(f.strategyId.value);
      if (i === undefined) return null;
      if (i.size < smallest.size) smallest = i;
    }
    if (f.instrumentId !== undefined) {
      const i = this.byInstrument.get(f.instrumentId.value);
      if (i === undefined) return null;
      if (i.size < smallest.size) smallest = i;
    }
    if (f.venue !== undefined) {
      const i = this.byVenue.get(f.venue.value);
      if (i === undefined) return null;
      if (i.size < smallest.size) smallest = i;
    }
    return smallest;
  }

  clear(): void {
    this.byStrategy.clear();
    this.byInstrument.clear();
    this.byVenue.clear();
  }
}
