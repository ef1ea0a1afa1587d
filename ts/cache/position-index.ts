/**
 * The position side of the cache: the current position of every position id, earlier closed
 * cycles of reopened ids, and the indexes by status, strategy, instrument and venue.
 *
 * # Reopened ids (NETTING)
 * Under NETTING a position id outlives its position: after a close, the next fill opens a new
 * `Position` with the same id. `add` of an id whose position is closed keeps the closed one as a
 * snapshot (`snapshots(id)`, oldest first) and puts the new one in its place; `add` of an id
 * whose position is open is refused.
 *
 * # Invariants maintained on every path
 * `open` and `closed` hold exactly the entries whose position is open or closed as of its last
 * `add`/`update`; the by-strategy/instrument/venue indexes hold every entry under its ids; removing
 * an entry removes it everywhere, with its snapshots.
 */
import type { PositionId } from '../model/identifiers/index.js';
import type { Position } from '../model/positions/index.js';
import { EntityIndexes, type KeyedEntry, matchesIds } from './entity-index.js';
import { CacheError, CacheErrorCode } from './errors.js';
import { OrderedIndex } from './ordered-index.js';
import type { PositionFilter } from './types.js';

/** One position id held. */
export interface PositionEntry extends KeyedEntry {
  position: Position;
  open: boolean;
  closed: boolean;
  /** `position.fills.length` at the last update. */
  fillCount: number;
}

/** Which status set a query reads. */
export type PositionSet = 'ALL' | 'OPEN' | 'CLOSED';

export class PositionIndex {
  readonly #all = new OrderedIndex<PositionEntry>();
  readonly #open = new OrderedIndex<PositionEntry>();
  readonly #closed = new OrderedIndex<PositionEntry>();
  readonly #ids = new EntityIndexes<PositionEntry>();
  readonly #snapshots = new Map<string, Position[]>();
  #snapshotCount = 0;
  #fillCount = 0;
  #nextSeq = 0;

  /**
   * Adds a position. Returns the closed position it replaced (now a snapshot), else `null`.
   * Refused when the id's current position is open.
   */
  add(position: Position): Position | null {
    const key = position.id.value;
    const held = this.#all.get(key);
    if (held !== undefined) {
      if (held.position === position) {
        this.#refresh(held);
        return null;
      }
      if (!held.position.isClosed) {
        throw new CacheError(
          CacheErrorCode.CACHE_DUPLICATE_POSITION,
          `position ${key} is already in the cache and open`,
          { details: { positionId: key } },
        );
      }
      const old = held.position;
      this.addSnapshot(old);
      this.#ids.delete(held);
      held.position = position;
      this.#setIds(held);
      this.#ids.add(held);
      this.#refresh(held);
      return old;
    }
    const e: PositionEntry = {
      seq: this.#nextSeq++,
      key,
      strategyKey: '',
      instrumentKey: '',
      venueKey: '',
      position,
      open: false,
      closed: false,
      fillCount: 0,
    };
    this.#setIds(e);
    this.#all.add(e);
    this.#ids.add(e);
    this.#refresh(e);
    return null;
  }

  /** Re-reads a held position after fills were applied to it. */
  update(position: Position): PositionEntry {
    const e = this.#all.get(position.id.value);
    if (e === undefined) {
      throw new CacheError(
        CacheErrorCode.CACHE_POSITION_NOT_FOUND,
        `position ${position.id} is not in the cache (add it first)`,
        { details: { positionId: position.id.value } },
      );
    }
    e.position = position;
    this.#refresh(e);
    return e;
  }

  /** Keeps a closed cycle of a position id (load path and NETTING reopen). */
  addSnapshot(position: Position): void {
    const key = position.id.value;
    let list = this.#snapshots.get(key);
    if (list === undefined) {
      list = [];
      this.#snapshots.set(key, list);
    }
    list.push(position);
    this.#snapshotCount++;
  }

  /** Removes a position id with its snapshots; returns its entry, or `undefined` when not held. */
  remove(key: string): PositionEntry | undefined {
    const e = this.#all.get(key);
    if (e === undefined) return undefined;
    this.#all.delete(key);
    this.#open.delete(key);
    this.#closed.delete(key);
    this.#ids.delete(e);
    this.#fillCount -= e.fillCount;
    this.#dropSnapshots(key);
    return e;
  }

  /** Drops the snapshots closed at or before `cutoff`, across all ids; returns the ids touched. */
  purgeSnapshots(cutoff: bigint): PositionId[] {
    const touched: PositionId[] = [];
    for (const [key, list] of this.#snapshots) {
      const keep = list.filter((p) => p.tsClosed === null || p.tsClosed > cutoff);
      if (keep.length === list.length) continue;
      this.#snapshotCount -= list.length - keep.length;
      touched.push(list[0]!.id);
      if (keep.length === 0) this.#snapshots.delete(key);
      else this.#snapshots.set(key, keep);
    }
    return touched;
  }

  clear(): void {
    this.#all.clear();
    this.#open.clear();
    this.#closed.clear();
    this.#ids.clear();
    this.#snapshots.clear();
    this.#snapshotCount = 0;
    this.#fillCount = 0;
  }

  // ---- reads ----------------------------------------------------------------------------------

  entry(key: string): PositionEntry | undefined {
    return this.#all.get(key);
  }

  entries(set: PositionSet): IterableIterator<PositionEntry> {
    return this.#set(set).values();
  }

  select(set: PositionSet, filter?: PositionFilter): Position[] {
    const out: Position[] = [];
    this.#scan(set, filter, out);
    return out;
  }

  count(set: PositionSet, filter?: PositionFilter): number {
    if (filter === undefined) return this.#set(set).size;
    return this.#scan(set, filter, null);
  }

  snapshots(key: string): readonly Position[] {
    return this.#snapshots.get(key) ?? [];
  }

  /** Every snapshot, ids in first-snapshot order, each id's oldest first. */
  allSnapshots(): Position[] {
    const out: Position[] = [];
    for (const list of this.#snapshots.values()) out.push(...list);
    return out;
  }

  size(set: PositionSet): number {
    return this.#set(set).size;
  }

  get snapshotCount(): number {
    return this.#snapshotCount;
  }

  get fillCount(): number {
    return this.#fillCount;
  }

  // ---- internals ------------------------------------------------------------------------------

  #set(set: PositionSet): OrderedIndex<PositionEntry> {
    switch (set) {
      case 'ALL':
        return this.#all;
      case 'OPEN':
        return this.#open;
      case 'CLOSED':
        return this.#closed;
    }
  }

  #scan(set: PositionSet, f: PositionFilter | undefined, out: Position[] | null): number {
    const base = this.#set(set);
    const from = this.#ids.narrow(base, f);
    if (from === null) return 0;
    let n = 0;
    const narrowed = from !== base;
    for (const e of from.values()) {
      if (narrowed && !(set === 'ALL' || (set === 'OPEN' ? e.open : e.closed))) continue;
      if (f !== undefined && (!matchesIds(e, f) || (f.side !== undefined && e.position.side !== f.side)))
        continue;
      n++;
      if (out !== null) out.push(e.position);
    }
    return n;
  }

  #setIds(e: PositionEntry): void {
    e.strategyKey = e.position.strategyId.value;
    e.instrumentKey = e.position.instrumentId.value;
    e.venueKey = e.position.instrumentId.venue.value;
  }

  #dropSnapshots(key: string): void {
    const list = this.#snapshots.get(key);
    if (list === undefined) return;
    this.#snapshotCount -= list.length;
    this.#snapshots.delete(key);
  }

  #refresh(e: PositionEntry): void {
    const p = e.position;
    const open = p.isOpen;
    if (open !== e.open) {
      e.open = open;
      this.#open.set(e, open);
    }
    const closed = p.isClosed;
    if (closed !== e.closed) {
      e.closed = closed;
      this.#closed.set(e, closed);
    }
    const fills = p.fills.length;
    this.#fillCount += fills - e.fillCount;
    e.fillCount = fills;
  }
}
