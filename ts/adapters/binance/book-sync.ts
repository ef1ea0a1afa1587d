/**
 * Binance local order-book synchronisation: the documented "diff depth stream + REST snapshot"
 * procedure as an explicit state machine. It does no I/O and holds no book: it turns depth events
 * and snapshots into actions that a book applies, and says when the book must be rebuilt.
 *
 * # States
 *
 * | state       | meaning                                             | next event must                     |
 * |-------------|-----------------------------------------------------|-------------------------------------|
 * | `buffering` | no usable snapshot yet; events are kept (bounded)   | chain onto the previous buffered one |
 * | `bridging`  | snapshot emitted, no event applied after it yet     | straddle the snapshot's id           |
 * | `synced`    | the book is live                                    | chain onto the last applied event    |
 *
 * Straddle (first event after a snapshot with id `L`), after dropping older events:
 * - spot: `U <= L + 1 <= u` (events with `u <= L` are dropped);
 * - futures: `U <= L <= u` (events with `u < L` are dropped), or `pu == L`: the snapshot id is the
 *   `u` of the last event it contains, so an event whose `pu` equals it follows it directly.
 *
 * Chain (every later event, `prev` = the last applied or buffered `u`):
 * - spot: `U <= prev + 1` (normally equal; the spot docs only call `U > prev + 1` a gap);
 * - futures: `pu == prev`.
 *
 * An event with `u <= prev` (a duplicate or a replay) is stale: dropped, counted, no action.
 * Any break emits `{ type: 'resync' }` and returns to `buffering`, keeping the events that are
 * still usable (those from the break on). The caller then fetches a new snapshot; until the next
 * `snapshot` action its book is invalid. A resync can also come while buffering (a gap among the
 * buffered events, or overflow): a snapshot requested before it will be reported stale when it
 * arrives, so request another one.
 *
 * # Input validation
 *
 * Events and snapshots come from JSON, so they are checked in full before any state changes:
 * ids are non-negative safe integers, bigints or digit strings; prices are positive decimal
 * strings; sizes are non-negative decimal strings (zero means "delete the level"). Bad input
 * throws a {@link BinanceBookSyncError} naming the field and the value, and leaves the state as it
 * was, so nothing buffered is lost and the next good event is processed normally.
 */

import { KairosError } from '../../model/errors.js';
import {
  type BookSyncLevel,
  describe,
  isDeleteSize,
  parseId as parseIdWith,
  parseLevels as parseLevelsWith,
} from '../levels.js';

export { type BookSyncLevel, isDeleteSize };

/** Which Binance market the stream comes from: the straddle and chain rules differ. */
export type BinanceBookSyncKind = 'spot' | 'futures';

/** An update id as it may arrive: a JSON number (must be a safe integer), a bigint or digits. */
export type UpdateIdInput = number | bigint | string;

/** A diff-depth event (`<symbol>@depth`): the fields the procedure needs, Binance names. */
export interface BinanceDepthEvent {
  /** First update id in the event. */
  readonly U: UpdateIdInput;
  /** Final update id in the event. */
  readonly u: UpdateIdInput;
  /** Futures only: final update id of the previous event. */
  readonly pu?: UpdateIdInput;
  /** Bid levels `[price, quantity]`. */
  readonly b: readonly (readonly [string, string])[];
  /** Ask levels `[price, quantity]`. */
  readonly a: readonly (readonly [string, string])[];
}

/** A REST depth snapshot (`GET /api/v3/depth`, `GET /fapi/v1/depth`). */
export interface BinanceDepthSnapshot {
  readonly lastUpdateId: UpdateIdInput;
  readonly bids: readonly (readonly [string, string])[];
  readonly asks: readonly (readonly [string, string])[];
}

/** Why the book must be rebuilt from a new snapshot. */
export type BinanceResyncReason =
  /** An event does not chain onto the previous one: updates were lost. */
  | 'gap'
  /** The snapshot is older than the first event that can follow it: fetch a newer one. */
  | 'snapshot-stale'
  /** Too many events buffered while waiting for a snapshot. */
  | 'buffer-overflow';

/** Replace the whole book with these levels. */
export interface BinanceBookSnapshotAction {
  readonly type: 'snapshot';
  readonly kind: BinanceBookSyncKind;
  readonly lastUpdateId: bigint;
  readonly bids: readonly BookSyncLevel[];
  readonly asks: readonly BookSyncLevel[];
}

/** Set these levels (size zero: delete the level; deleting an absent level is normal). */
export interface BinanceBookDeltasAction {
  readonly type: 'deltas';
  readonly kind: BinanceBookSyncKind;
  readonly firstUpdateId: bigint;
  readonly finalUpdateId: bigint;
  readonly bids: readonly BookSyncLevel[];
  readonly asks: readonly BookSyncLevel[];
}

/** The book is invalid: discard it and fetch a new snapshot. */
export interface BinanceBookResyncAction {
  readonly type: 'resync';
  readonly kind: BinanceBookSyncKind;
  readonly reason: BinanceResyncReason;
  readonly message: string;
  /** Events still buffered after the resync (they will be replayed on the next snapshot). */
  readonly bufferedEvents: number;
}

export type BinanceBookSyncAction =
  | BinanceBookSnapshotAction
  | BinanceBookDeltasAction
  | BinanceBookResyncAction;

export type BinanceBookSyncState = 'buffering' | 'bridging' | 'synced';

/** Stable codes of {@link BinanceBookSyncError}. */
export type BinanceBookSyncErrorCode = 'BOOK_SYNC_INVALID_EVENT' | 'BOOK_SYNC_INVALID_SNAPSHOT';

/** Bad input to the sync state machine. The state is unchanged when this is thrown. */
export class BinanceBookSyncError extends KairosError {
  declare readonly code: BinanceBookSyncErrorCode;

  constructor(code: BinanceBookSyncErrorCode, message: string) {
    super(code, message);
    this.name = 'BinanceBookSyncError';
  }
}

export interface BinanceBookSyncOptions {
  readonly kind: BinanceBookSyncKind;
  /** Events kept while waiting for a snapshot; one more signals a resync. Default 1,000. */
  readonly maxBufferedEvents?: number;
}

export const DEFAULT_MAX_BUFFERED_EVENTS = 1_000;

/** A validated event: ids as bigint, levels copied into plain objects. */
interface ParsedEvent {
  readonly first: bigint;
  readonly last: bigint;
  /** -1n when absent (spot). */
  readonly prev: bigint;
  readonly bids: readonly BookSyncLevel[];
  readonly asks: readonly BookSyncLevel[];
}

/**
 * The state machine for one symbol's book. Feed it every depth event with {@link onEvent} and each
 * snapshot with {@link onSnapshot}; apply the returned actions in order.
 */
export class BinanceBookSync {
  readonly kind: BinanceBookSyncKind;
  readonly maxBufferedEvents: number;
  #state: BinanceBookSyncState = 'buffering';
  #buffer: ParsedEvent[] = [];
  /** Snapshot id while bridging; last applied `u` while synced. */
  #lastId = -1n;
  #dropped = 0;

  constructor(options: BinanceBookSyncOptions) {
    if (options.kind !== 'spot' && options.kind !== 'futures') {
      throw new RangeError(`kind: expected 'spot' or 'futures', got ${describe(options.kind)}`);
    }
    const max = options.maxBufferedEvents ?? DEFAULT_MAX_BUFFERED_EVENTS;
    if (!Number.isSafeInteger(max) || max < 1) {
      throw new RangeError(`maxBufferedEvents: expected a positive integer, got ${describe(max)}`);
    }
    this.kind = options.kind;
    this.maxBufferedEvents = max;
  }

  get state(): BinanceBookSyncState {
    return this.#state;
  }

  /** Events waiting for a snapshot. */
  get bufferedEvents(): number {
    return this.#buffer.length;
  }

  /** Stale events dropped so far (older than the snapshot or than the last applied event). */
  get droppedEvents(): number {
    return this.#dropped;
  }

  /** The id the book is at: the snapshot id while bridging, the last applied `u` while synced. */
  get lastUpdateId(): bigint | undefined {
    return this.#state === 'buffering' ? undefined : this.#lastId;
  }

  /** Forget everything and wait for a snapshot again (e.g. after a reconnect). */
  reset(): void {
    this.#state = 'buffering';
    this.#buffer = [];
    this.#lastId = -1n;
  }

  /** Processes one diff-depth event. Throws {@link BinanceBookSyncError} on malformed input. */
  onEvent(event: BinanceDepthEvent): readonly BinanceBookSyncAction[] {
    const e = this.#parseEvent(event);
    switch (this.#state) {
      case 'buffering':
        return this.#buffered(e);
      case 'bridging':
        if (this.#isStaleAfterSnapshot(e, this.#lastId)) return this.#drop();
        if (!this.#straddles(e, this.#lastId)) {
          return this.#resync(
            'gap',
            `first event after snapshot ${this.#lastId} does not straddle it: ${this.#describeEvent(e)}`,
            [e],
          );
        }
        return [this.#apply(e)];
      case 'synced':
        if (e.last <= this.#lastId) return this.#drop();
        if (!this.#chains(e, this.#lastId)) {
          return this.#resync(
            'gap',
            `event does not follow update ${this.#lastId}: ${this.#describeEvent(e)}`,
            [e],
          );
        }
        return [this.#apply(e)];
    }
  }

  /**
   * Processes a REST snapshot. While buffering, returns the snapshot and the buffered events that
   * follow it, or a resync when they do not fit. Once a snapshot is in use another one is not
   * needed: it is validated, then ignored (no action).
   */
  onSnapshot(snapshot: BinanceDepthSnapshot): readonly BinanceBookSyncAction[] {
    const snap = parseSnapshot(snapshot, this.kind);
    if (this.#state !== 'buffering') return [];
    const id = snap.lastUpdateId;

    let start = 0;
    while (start < this.#buffer.length && this.#isStaleAfterSnapshot(this.#buffer[start]!, id)) start++;
    const rest = this.#buffer.slice(start);
    const first = rest[0];
    if (first !== undefined && !this.#straddles(first, id)) {
      this.#dropped += start;
      return this.#resync(
        'snapshot-stale',
        `snapshot ${id} is older than the buffered stream, which starts at ${this.#describeEvent(first)}`,
        rest,
      );
    }
    // The buffer needs no chain check here: #buffered only ever appends an event that chains.
    this.#dropped += start;
    this.#buffer = [];
    this.#lastId = id;
    this.#state = 'bridging';
    const actions: BinanceBookSyncAction[] = [snap];
    for (const e of rest) actions.push(this.#apply(e));
    return actions;
  }

  #buffered(e: ParsedEvent): readonly BinanceBookSyncAction[] {
    const last = this.#buffer[this.#buffer.length - 1];
    if (last !== undefined && e.last <= last.last) return this.#drop();
    if (last !== undefined && !this.#chains(e, last.last)) {
      return this.#resync(
        'gap',
        `event does not follow buffered update ${last.last}: ${this.#describeEvent(e)}`,
        [e],
      );
    }
    if (this.#buffer.length >= this.maxBufferedEvents) {
      return this.#resync(
        'buffer-overflow',
        `more than ${this.maxBufferedEvents} events buffered while waiting for a snapshot`,
        [e],
      );
    }
    this.#buffer.push(e);
    return [];
  }

  #apply(e: ParsedEvent): BinanceBookDeltasAction {
    this.#lastId = e.last;
    this.#state = 'synced';
    return {
      type: 'deltas',
      kind: this.kind,
      firstUpdateId: e.first,
      finalUpdateId: e.last,
      bids: e.bids,
      asks: e.asks,
    };
  }

  #drop(): readonly BinanceBookSyncAction[] {
    this.#dropped++;
    return [];
  }

  #resync(
    reason: BinanceResyncReason,
    message: string,
    keep: ParsedEvent[],
  ): readonly BinanceBookSyncAction[] {
    this.#state = 'buffering';
    this.#buffer = keep;
    this.#lastId = -1n;
    return [{ type: 'resync', kind: this.kind, reason, message, bufferedEvents: keep.length }];
  }

  /** Older than the snapshot with id `id`: spot `u <= id`, futures `u < id`. */
  #isStaleAfterSnapshot(e: ParsedEvent, id: bigint): boolean {
    return this.kind === 'spot' ? e.last <= id : e.last < id;
  }

  #straddles(e: ParsedEvent, id: bigint): boolean {
    if (this.kind === 'spot') return e.first <= id + 1n && id + 1n <= e.last;
    return (e.first <= id && id <= e.last) || e.prev === id;
  }

  #chains(e: ParsedEvent, prev: bigint): boolean {
    return this.kind === 'spot' ? e.first <= prev + 1n : e.prev === prev;
  }

  #describeEvent(e: ParsedEvent): string {
    return this.kind === 'spot' ? `U=${e.first} u=${e.last}` : `U=${e.first} u=${e.last} pu=${e.prev}`;
  }

  #parseEvent(event: BinanceDepthEvent): ParsedEvent {
    const fail = (message: string): never => {
      throw new BinanceBookSyncError(
        'BOOK_SYNC_INVALID_EVENT',
        `binance ${this.kind} depth event: ${message}`,
      );
    };
    if (typeof event !== 'object' || event === null)
      return fail(`expected an object, got ${describe(event)}`);
    const first = parseId(event.U, 'U', fail);
    const last = parseId(event.u, 'u', fail);
    if (first > last) fail(`U (${first}) is greater than u (${last})`);
    const prev = this.kind === 'futures' ? parseId(event.pu, 'pu', fail) : -1n;
    if (this.kind === 'futures' && prev >= first) fail(`pu (${prev}) is not below U (${first})`);
    return {
      first,
      last,
      prev,
      bids: parseLevels(event.b, 'b', fail),
      asks: parseLevels(event.a, 'a', fail),
    };
  }
}

function parseSnapshot(snapshot: BinanceDepthSnapshot, kind: BinanceBookSyncKind): BinanceBookSnapshotAction {
  const fail = (message: string): never => {
    throw new BinanceBookSyncError(
      'BOOK_SYNC_INVALID_SNAPSHOT',
      `binance ${kind} depth snapshot: ${message}`,
    );
  };
  if (typeof snapshot !== 'object' || snapshot === null)
    return fail(`expected an object, got ${describe(snapshot)}`);
  return {
    type: 'snapshot',
    kind,
    lastUpdateId: parseId(snapshot.lastUpdateId, 'lastUpdateId', fail),
    bids: parseLevels(snapshot.bids, 'bids', fail),
    asks: parseLevels(snapshot.asks, 'asks', fail),
  };
}

function parseId(value: unknown, field: string, fail: (message: string) => never): bigint {
  return parseIdWith(value, field, fail, 'integer update id');
}

function parseLevels(value: unknown, field: string, fail: (message: string) => never): BookSyncLevel[] {
  return parseLevelsWith(value, field, fail, 'quantity');
}
