/**
 * Bybit local order-book synchronisation for the v5 `orderbook.{depth}.{symbol}` stream, as an
 * explicit state machine. It does no I/O and holds no book: it turns stream messages into actions
 * a book applies, and says when the book must be rebuilt.
 *
 * # Procedure (Bybit v5 docs)
 *
 * - After subscribing, the first message is a `snapshot`; `delta` messages follow. Any later
 *   `snapshot` (the venue re-sends one after a problem on its side) replaces the book.
 * - A message with `u == 1` is a snapshot too, whatever its `type`: the venue's service restarted.
 * - In a delta a level with quantity "0" is deleted; any other quantity is the new absolute size
 *   (new price: insert).
 * - `u` grows by one per message. Here: `u <= last` is stale (a duplicate) and dropped; `u > last + 1`
 *   means messages were lost: `{ type: 'resync' }`, then deltas are dropped until the next
 *   snapshot (the caller re-subscribes to get one).
 *
 * # States
 *
 * | state               | on snapshot (or u == 1) | on delta                                    |
 * |---------------------|-------------------------|---------------------------------------------|
 * | `awaiting-snapshot` | emit it, go `synced`    | dropped (nothing to apply it to)            |
 * | `synced`            | emit it (reset)         | `u == last+1` apply; `u <= last` drop; else resync |
 *
 * # Input validation
 *
 * Messages come from JSON, so they are checked in full before any state changes: `u` and `seq` are
 * non-negative integers, prices positive decimal strings, quantities non-negative decimal strings.
 * Bad input throws a {@link BybitBookSyncError} naming the field and the value and leaves the state
 * as it was.
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

/** An orderbook stream message (`orderbook.{depth}.{symbol}`), the fields the procedure needs. */
export interface BybitOrderBookMessage {
  readonly topic?: string;
  readonly type: 'snapshot' | 'delta';
  readonly data: {
    /** Symbol. */
    readonly s: string;
    /** Bid levels `[price, size]`. */
    readonly b: readonly (readonly [string, string])[];
    /** Ask levels `[price, size]`. */
    readonly a: readonly (readonly [string, string])[];
    /** Update id: +1 per message; 1 after a service restart (the message is then a snapshot). */
    readonly u: number | bigint | string;
    /** Cross sequence, comparable across depths of the same symbol. */
    readonly seq: number | bigint | string;
  };
}

/** Replace the whole book with these levels. */
export interface BybitBookSnapshotAction {
  readonly type: 'snapshot';
  readonly symbol: string;
  readonly updateId: bigint;
  readonly seq: bigint;
  readonly bids: readonly BookSyncLevel[];
  readonly asks: readonly BookSyncLevel[];
}

/** Set these levels (size zero: delete the level). */
export interface BybitBookDeltasAction {
  readonly type: 'deltas';
  readonly symbol: string;
  readonly updateId: bigint;
  readonly seq: bigint;
  readonly bids: readonly BookSyncLevel[];
  readonly asks: readonly BookSyncLevel[];
}

/** The book is invalid: discard it and re-subscribe for a snapshot. */
export interface BybitBookResyncAction {
  readonly type: 'resync';
  readonly symbol: string;
  readonly reason: 'gap';
  readonly message: string;
}

export type BybitBookSyncAction = BybitBookSnapshotAction | BybitBookDeltasAction | BybitBookResyncAction;

export type BybitBookSyncState = 'awaiting-snapshot' | 'synced';

/** Stable codes of {@link BybitBookSyncError}. */
export type BybitBookSyncErrorCode = 'BOOK_SYNC_INVALID_MESSAGE';

/** Bad input to the sync state machine. The state is unchanged when this is thrown. */
export class BybitBookSyncError extends KairosError {
  declare readonly code: BybitBookSyncErrorCode;

  constructor(code: BybitBookSyncErrorCode, message: string) {
    super(code, message);
    this.name = 'BybitBookSyncError';
  }
}

export interface BybitBookSyncOptions {
  /** When set, a message for another symbol is refused (a routing bug upstream). */
  readonly symbol?: string;
}

/** A validated message: ids as bigint, levels copied into plain objects. */
interface ParsedMessage {
  readonly isSnapshot: boolean;
  readonly symbol: string;
  readonly updateId: bigint;
  readonly seq: bigint;
  readonly bids: readonly BookSyncLevel[];
  readonly asks: readonly BookSyncLevel[];
}

/** The state machine for one symbol's book. Feed it every message; apply the actions in order. */
export class BybitBookSync {
  readonly symbol: string | undefined;
  #state: BybitBookSyncState = 'awaiting-snapshot';
  #lastId = -1n;
  #dropped = 0;

  constructor(options: BybitBookSyncOptions = {}) {
    this.symbol = options.symbol;
  }

  get state(): BybitBookSyncState {
    return this.#state;
  }

  /** The `u` of the last applied message, while synced. */
  get lastUpdateId(): bigint | undefined {
    return this.#state === 'synced' ? this.#lastId : undefined;
  }

  /** Deltas dropped so far: stale ones and those that arrived with no snapshot to apply to. */
  get droppedMessages(): number {
    return this.#dropped;
  }

  /** Forget the book and wait for a snapshot (e.g. after a reconnect). */
  reset(): void {
    this.#state = 'awaiting-snapshot';
    this.#lastId = -1n;
  }

  /** Processes one stream message. Throws {@link BybitBookSyncError} on malformed input. */
  onMessage(message: BybitOrderBookMessage): readonly BybitBookSyncAction[] {
    const m = this.#parse(message);
    if (m.isSnapshot || m.updateId === 1n) {
      this.#state = 'synced';
      this.#lastId = m.updateId;
      return [
        { type: 'snapshot', symbol: m.symbol, updateId: m.updateId, seq: m.seq, bids: m.bids, asks: m.asks },
      ];
    }
    if (this.#state === 'awaiting-snapshot' || m.updateId <= this.#lastId) {
      this.#dropped++;
      return [];
    }
    if (m.updateId !== this.#lastId + 1n) {
      const expected = this.#lastId + 1n;
      this.reset();
      return [
        {
          type: 'resync',
          symbol: m.symbol,
          reason: 'gap',
          message: `bybit ${m.symbol} orderbook: expected update ${expected}, got ${m.updateId}`,
        },
      ];
    }
    this.#lastId = m.updateId;
    return [
      { type: 'deltas', symbol: m.symbol, updateId: m.updateId, seq: m.seq, bids: m.bids, asks: m.asks },
    ];
  }

  #parse(message: BybitOrderBookMessage): ParsedMessage {
    const fail = (text: string): never => {
      throw new BybitBookSyncError('BOOK_SYNC_INVALID_MESSAGE', `bybit orderbook message: ${text}`);
    };
    if (typeof message !== 'object' || message === null)
      return fail(`expected an object, got ${describe(message)}`);
    const type: unknown = message.type;
    if (type !== 'snapshot' && type !== 'delta') {
      return fail(`type: expected "snapshot" or "delta", got ${describe(type)}`);
    }
    const data: unknown = message.data;
    if (typeof data !== 'object' || data === null)
      return fail(`data: expected an object, got ${describe(data)}`);
    const d = data as Record<string, unknown>;
    const symbol = d.s;
    if (typeof symbol !== 'string' || symbol === '')
      return fail(`data.s: expected a symbol, got ${describe(symbol)}`);
    if (this.symbol !== undefined && symbol !== this.symbol) {
      return fail(`data.s: expected ${JSON.stringify(this.symbol)}, got ${JSON.stringify(symbol)}`);
    }
    return {
      isSnapshot: type === 'snapshot',
      symbol,
      updateId: parseId(d.u, 'data.u', fail),
      seq: parseId(d.seq, 'data.seq', fail),
      bids: parseLevels(d.b, 'data.b', fail),
      asks: parseLevels(d.a, 'data.a', fail),
    };
  }
}

function parseId(value: unknown, field: string, fail: (message: string) => never): bigint {
  return parseIdWith(value, field, fail, 'integer');
}

function parseLevels(value: unknown, field: string, fail: (message: string) => never): BookSyncLevel[] {
  return parseLevelsWith(value, field, fail, 'size');
}
