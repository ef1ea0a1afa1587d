/**
 * The write-through points of the cache, for a database backend (Redis, in a later layer).
 *
 * # Contract
 * - The cache calls the write methods synchronously, once per change, right after it applied the
 *   change in memory, and never awaits them: a backend buffers (`bufferIntervalMs`) and writes
 *   in the background, reporting its own failures. A write method must not throw for an I/O
 *   problem; throwing is for programmer errors.
 * - What to store: orders as their event log (`addOrder` writes `order.init`, `updateOrder`
 *   appends `order.events` from `fromEventIndex`), so an order is rebuilt with `Order.fromEvents`;
 *   accounts as their states (`Account.events`); positions and instruments as the backend chooses,
 *   as long as `loadAll` returns equal objects.
 * - `loadAll` returns what was written, with orders and positions in the order they were first
 *   added (the cache's iteration order after a restart is that order).
 * - Nothing is written while the cache loads (`Cache.loadFrom`), and purges delete only when the
 *   caller asks (`purgeFromDatabase`).
 */
import type { Account } from '../model/accounts/index.js';
import type { AccountState } from '../model/events/index.js';
import type {
  AccountId,
  ClientId,
  ClientOrderId,
  PositionId,
  VenueOrderId,
} from '../model/identifiers/index.js';
import type { Instrument } from '../model/instruments/index.js';
import type { Order } from '../model/orders/index.js';
import type { Position } from '../model/positions/index.js';
import type { Currency } from '../model/values/index.js';

/** Everything the cache persists, as loaded at start-up (the restart path). */
export interface CacheState {
  readonly currencies: readonly Currency[];
  readonly instruments: readonly Instrument[];
  /** Accounts with their states applied (`Account.events`). */
  readonly accounts: readonly Account[];
  /** Orders rebuilt from their events, in the order they were first added. */
  readonly orders: readonly Order[];
  /** The current position of every position id, in the order they were first added. */
  readonly positions: readonly Position[];
  /** Earlier closed cycles of reopened position ids (NETTING), oldest first. */
  readonly positionSnapshots: readonly Position[];
  /** Order -> position links not carried by the orders' own fills (given at `addOrder`). */
  readonly orderPositionIds: readonly (readonly [ClientOrderId, PositionId])[];
  /** Order -> execution client that routes it. */
  readonly orderClientIds: readonly (readonly [ClientOrderId, ClientId])[];
}

/** A database behind the cache. Every method is a write-through or load point of the cache. */
export interface CacheDatabase {
  addCurrency(currency: Currency): void;
  addInstrument(instrument: Instrument): void;

  /** A new account with its states so far. */
  addAccount(account: Account): void;
  /** New states of an account, oldest first (already applied to `account`). */
  updateAccount(account: Account, newEvents: readonly AccountState[]): void;

  /** A new order (`order.events` so far), with the position and client it was added with. */
  addOrder(order: Order, positionId: PositionId | null, clientId: ClientId | null): void;
  /** The order moved: `order.events` from `fromEventIndex` are new. */
  updateOrder(order: Order, fromEventIndex: number): void;
  /** The venue gave the order an id (the cache also maps it back). */
  indexVenueOrderId(clientOrderId: ClientOrderId, venueOrderId: VenueOrderId): void;
  /** The order belongs to a position. */
  indexOrderPosition(clientOrderId: ClientOrderId, positionId: PositionId): void;

  addPosition(position: Position): void;
  /** The position changed (a fill). */
  updatePosition(position: Position): void;
  /** A closed position about to be replaced by a new cycle with the same id (NETTING reopen). */
  snapshotPosition(position: Position): void;

  /** Purge with `purgeFromDatabase`: the order and its events. */
  deleteOrder(clientOrderId: ClientOrderId): void;
  /** Purge with `purgeFromDatabase`: the position and its snapshots. */
  deletePosition(positionId: PositionId): void;
  /** Purge with `purgeFromDatabase`: the snapshots of a position id closed at or before `tsClosedMax`. */
  deletePositionSnapshots(positionId: PositionId, tsClosedMax: bigint): void;
  /** Purge with `purgeFromDatabase`: these states of an account. */
  deleteAccountEvents(accountId: AccountId, eventIds: readonly string[]): void;

  /** Deletes every record of the cache's keyspace (`flushOnStart`, before `loadAll`, never after). */
  flush(): Promise<void>;
  /** Everything stored, for `Cache.loadFrom`. */
  loadAll(): Promise<CacheState>;
  /** Writes what is buffered and releases the connection. */
  close(): Promise<void>;
}
