/**
 * `Cache`: the engine's memory of instruments, accounts, orders, positions and market data, with
 * the indexes strategies query and the purges the live engine runs.
 *
 * # Who writes, who reads
 * The engines write (`add*`, `update*` after applying an event to the object); strategies and
 * engines read. The cache never applies events itself: it stores the objects it is given and
 * re-reads them on `update*`. Every query answer lists objects in the order they were first
 * added (see `ordered-index.ts`), the same whether the cache was built from events or loaded.
 *
 * # Purges (live memory management)
 * A purge never touches an order or position that is open, in flight, or closed more recently
 * than its buffer:
 * - an order is purged only when closed (DENIED, REJECTED, CANCELED, EXPIRED, FILLED) and, for
 *   the timed purge, its last event (`tsLast`) is at least `bufferNs` old; an order whose
 *   contingent group (linked orders, parent) still has an order held and not closed is kept;
 * - a position id is purged only when its position is closed, at least `bufferNs` ago
 *   (`tsClosed`), and no order linked to it is held and not closed; earlier closed cycles of any
 *   id (snapshots) go with the same buffer;
 * - account states older than the lookback go, the newest of each account always stays.
 * Each purge returns what it removed, and with `purgeFromDatabase` also deletes it through the
 * database. Purging an order removes it from every index; purging a position removes it from the
 * position indexes (orders keep their position id until they are purged themselves).
 *
 * # Write-through
 * With a {@link CacheDatabase}, every change is passed to it right after it is applied in memory
 * (see `database.ts`); nothing is written while loading.
 */
import type { Account } from '../model/accounts/index.js';
import type { Bar, BarType, PriceType, QuoteTick, TradeTick } from '../model/data/index.js';
import type { AccountState } from '../model/events/index.js';
import type {
  AccountId,
  ClientId,
  ClientOrderId,
  InstrumentId,
  OrderListId,
  PositionId,
  StrategyId,
  Venue,
  VenueOrderId,
} from '../model/identifiers/index.js';
import type { Instrument } from '../model/instruments/index.js';
import type { Order } from '../model/orders/index.js';
import type { Position } from '../model/positions/index.js';
import type { Currency, Price } from '../model/values/index.js';
import { AccountStore, type PurgedAccountEvents } from './accounts.js';
import type { CacheDatabase, CacheState } from './database.js';
import { CacheError, CacheErrorCode, checkNs } from './errors.js';
import { MarketDataStore } from './market-data.js';
import { type OrderEntry, OrderIndex } from './order-index.js';
import { PositionIndex } from './position-index.js';
import { checkCapacity } from './ring-buffer.js';
import type { CacheCounts, CacheOptions, CacheTypes, OrderFilter, PositionFilter } from './types.js';

/** Default quotes and trades per instrument, and bars per bar type. */
export const DEFAULT_CACHE_CAPACITY = 10_000;

/** Options of `Cache.addOrder`. */
export interface AddOrderOptions {
  /** The position the order belongs to (HEDGING closes, NETTING ids known up front). */
  readonly positionId?: PositionId | null;
  /** The execution client that routes it. */
  readonly clientId?: ClientId | null;
  /** Replace an order already held under the same client order id (else refused). */
  readonly replaceExisting?: boolean;
}

/**
 * The in-memory cache (see the module doc).
 *
 * @example
 * ```ts
 * const cache = new Cache({ tickCapacity: 1_000 });
 * cache.addOrder(order);               // INITIALIZED
 * order.apply(submitted);
 * cache.updateOrder(order);            // now in ordersInflight()
 * cache.ordersOpen({ strategyId, side: 'BUY' });
 * cache.purgeClosedOrders(clock.timestampNs(), 60n * 60n * 1_000_000_000n);
 * ```
 */
export class Cache<D extends CacheTypes = CacheTypes> {
  readonly #db: CacheDatabase | null;
  readonly #currencies = new Map<string, Currency>();
  readonly #instruments = new Map<string, Instrument>();
  readonly #accounts = new AccountStore();
  readonly #orders = new OrderIndex();
  readonly #positions = new PositionIndex();
  readonly #orderLists = new Map<string, D['orderList']>();
  readonly #data: MarketDataStore<D>;
  readonly #dropInstrumentsOnReset: boolean;
  // True while loading: nothing is written through.
  #loading = false;

  constructor(options: CacheOptions = {}) {
    const tick = checkCapacity('tickCapacity', options.tickCapacity ?? DEFAULT_CACHE_CAPACITY);
    const bar = checkCapacity('barCapacity', options.barCapacity ?? DEFAULT_CACHE_CAPACITY);
    this.#data = new MarketDataStore<D>(tick, bar);
    this.#db = options.database ?? null;
    this.#dropInstrumentsOnReset = options.dropInstrumentsOnReset ?? true;
  }

  /** The write-through database, or `null` (memory only). */
  get database(): CacheDatabase | null {
    return this.#db;
  }
  get tickCapacity(): number {
    return this.#data.tickCapacity;
  }
  get barCapacity(): number {
    return this.#data.barCapacity;
  }

  #write(): CacheDatabase | null {
    return this.#loading ? null : this.#db;
  }

  // ---- currencies and instruments -----------------------------------------------------------

  addCurrency(currency: Currency): void {
    this.#currencies.set(currency.code, currency);
    this.#write()?.addCurrency(currency);
  }
  currency(code: string): Currency | null {
    return this.#currencies.get(code) ?? null;
  }
  currencies(): Currency[] {
    return [...this.#currencies.values()];
  }

  /** Adds (or replaces, for a definition update) an instrument. */
  addInstrument(instrument: Instrument): void {
    this.#instruments.set(instrument.id.value, instrument);
    this.#write()?.addInstrument(instrument);
  }
  instrument(id: InstrumentId): Instrument | null {
    return this.#instruments.get(id.value) ?? null;
  }
  /** Instruments in the order first added, of one venue when given. */
  instruments(venue?: Venue): Instrument[] {
    const all = [...this.#instruments.values()];
    return venue === undefined ? all : all.filter((i) => i.id.venue.value === venue.value);
  }
  instrumentIds(venue?: Venue): InstrumentId[] {
    return this.instruments(venue).map((i) => i.id);
  }

  // ---- accounts -----------------------------------------------------------------------------

  /** Adds an account (with the states it has applied). */
  addAccount(account: Account): void {
    this.#accounts.add(account);
    this.#write()?.addAccount(account);
  }
  /** Records the states applied to a held account since the last call. */
  updateAccount(account: Account): void {
    const fresh = this.#accounts.update(account);
    if (fresh.length > 0) this.#write()?.updateAccount(account, fresh);
  }
  account(id: AccountId): Account | null {
    return this.#accounts.get(id);
  }
  /** The account of a venue: its id's issuer is the venue (`BINANCE-001`); the last added wins. */
  accountForVenue(venue: Venue): Account | null {
    return this.#accounts.forVenue(venue);
  }
  accounts(): Account[] {
    return this.#accounts.all();
  }
  /** The cache's history of an account's states, oldest first (what `purgeAccountEvents` trims). */
  accountEvents(id: AccountId): readonly AccountState[] {
    return this.#accounts.history(id);
  }

  // ---- orders: writes -------------------------------------------------------------------------

  /** Adds a new order and indexes it. A held client order id is refused unless `replaceExisting`. */
  addOrder(order: Order, options: AddOrderOptions = {}): void {
    const positionId = options.positionId ?? null;
    const clientId = options.clientId ?? null;
    const idx = this.#orders;
    const e = idx.add(order, positionId, clientId, options.replaceExisting === true);
    const db = this.#write();
    if (db === null) return;
    db.addOrder(order, e.positionId, e.clientId);
    for (const v of idx.newVenueOrderIds) db.indexVenueOrderId(order.clientOrderId, v);
    if (idx.newPositionId !== null) db.indexOrderPosition(order.clientOrderId, idx.newPositionId);
  }

  /** Re-indexes a held order after events were applied to it. O(1). */
  updateOrder(order: Order): void {
    const idx = this.#orders;
    idx.update(order);
    const db = this.#write();
    if (db === null) return;
    if (idx.fromEventIndex < order.events.length) db.updateOrder(order, idx.fromEventIndex);
    for (const v of idx.newVenueOrderIds) db.indexVenueOrderId(order.clientOrderId, v);
    if (idx.newPositionId !== null) db.indexOrderPosition(order.clientOrderId, idx.newPositionId);
  }

  /** Links a held order to a position (the execution engine's position id assignment). */
  addPositionId(positionId: PositionId, clientOrderId: ClientOrderId): void {
    if (!this.#orders.link(clientOrderId.value, positionId)) return;
    this.#write()?.indexOrderPosition(clientOrderId, positionId);
  }

  // ---- orders: reads ------------------------------------------------------------------------

  order(clientOrderId: ClientOrderId): Order | null {
    return this.#orders.entry(clientOrderId.value)?.order ?? null;
  }
  orderExists(clientOrderId: ClientOrderId): boolean {
    return this.#orders.entry(clientOrderId.value) !== undefined;
  }
  /** Every order held (matching the filter), in the order first added. */
  orders(filter?: OrderFilter): Order[] {
    return this.#orders.select('ALL', filter);
  }
  /** Orders ACCEPTED, TRIGGERED, PENDING_UPDATE, PENDING_CANCEL or PARTIALLY_FILLED. */
  ordersOpen(filter?: OrderFilter): Order[] {
    return this.#orders.select('OPEN', filter);
  }
  /** Orders DENIED, REJECTED, CANCELED, EXPIRED or FILLED. */
  ordersClosed(filter?: OrderFilter): Order[] {
    return this.#orders.select('CLOSED', filter);
  }
  /** Orders SUBMITTED, PENDING_UPDATE or PENDING_CANCEL (waiting for the venue). */
  ordersInflight(filter?: OrderFilter): Order[] {
    return this.#orders.select('INFLIGHT', filter);
  }
  /** Orders held by the emulator (EMULATED). */
  ordersEmulated(filter?: OrderFilter): Order[] {
    return this.#orders.select('EMULATED', filter);
  }
  ordersTotalCount(filter?: OrderFilter): number {
    return this.#orders.count('ALL', filter);
  }
  ordersOpenCount(filter?: OrderFilter): number {
    return this.#orders.count('OPEN', filter);
  }
  ordersClosedCount(filter?: OrderFilter): number {
    return this.#orders.count('CLOSED', filter);
  }
  ordersInflightCount(filter?: OrderFilter): number {
    return this.#orders.count('INFLIGHT', filter);
  }
  ordersEmulatedCount(filter?: OrderFilter): number {
    return this.#orders.count('EMULATED', filter);
  }
  isOrderOpen(clientOrderId: ClientOrderId): boolean {
    return this.#orders.entry(clientOrderId.value)?.open ?? false;
  }
  isOrderClosed(clientOrderId: ClientOrderId): boolean {
    return this.#orders.entry(clientOrderId.value)?.closed ?? false;
  }
  isOrderInflight(clientOrderId: ClientOrderId): boolean {
    return this.#orders.entry(clientOrderId.value)?.inflight ?? false;
  }
  isOrderEmulated(clientOrderId: ClientOrderId): boolean {
    return this.#orders.entry(clientOrderId.value)?.emulated ?? false;
  }
  /** The order that has (or had) this venue order id. */
  clientOrderIdForVenueOrderId(venueOrderId: VenueOrderId): ClientOrderId | null {
    return this.#orders.entryForVenueOrderId(venueOrderId.value)?.order.clientOrderId ?? null;
  }
  venueOrderIdForClientOrderId(clientOrderId: ClientOrderId): VenueOrderId | null {
    return this.#orders.entry(clientOrderId.value)?.order.venueOrderId ?? null;
  }
  /** The execution client an order was added with. */
  clientIdForOrder(clientOrderId: ClientOrderId): ClientId | null {
    return this.#orders.entry(clientOrderId.value)?.clientId ?? null;
  }
  strategyIdForOrder(clientOrderId: ClientOrderId): StrategyId | null {
    return this.#orders.entry(clientOrderId.value)?.order.strategyId ?? null;
  }
  positionIdForOrder(clientOrderId: ClientOrderId): PositionId | null {
    return this.#orders.entry(clientOrderId.value)?.positionId ?? null;
  }
  /** The position an order is linked to, when held. */
  positionForOrder(clientOrderId: ClientOrderId): Position | null {
    const pid = this.#orders.entry(clientOrderId.value)?.positionId;
    if (pid == null) return null;
    return this.#positions.entry(pid.value)?.position ?? null;
  }
  /** The orders linked to a position, in the order first added. */
  ordersForPosition(positionId: PositionId): Order[] {
    return this.#orders.forPosition(positionId.value);
  }

  // ---- order lists ----------------------------------------------------------------------------

  addOrderList(list: D['orderList']): void {
    const key = list.id.value;
    if (this.#orderLists.has(key)) {
      throw new CacheError(
        CacheErrorCode.CACHE_DUPLICATE_ORDER_LIST,
        `order list ${key} is already in the cache`,
        { details: { orderListId: key } },
      );
    }
    this.#orderLists.set(key, list);
  }
  orderList(id: OrderListId): D['orderList'] | null {
    return this.#orderLists.get(id.value) ?? null;
  }
  orderLists(): D['orderList'][] {
    return [...this.#orderLists.values()];
  }
  orderListExists(id: OrderListId): boolean {
    return this.#orderLists.has(id.value);
  }

  // ---- positions ------------------------------------------------------------------------------

  /**
   * Adds a position and links the held orders of its fills to it. An id whose position is closed
   * is reopened (the closed one is kept as a snapshot); an open one is refused.
   */
  addPosition(position: Position): void {
    const replaced = this.#positions.add(position);
    const db = this.#write();
    if (replaced !== null) db?.snapshotPosition(replaced);
    db?.addPosition(position);
    for (const f of position.fills) this.#linkFromFill(f.clientOrderId, position.id);
  }

  /**
   * Re-indexes a held position after a fill; links the fill's order to it. O(1). A new object
   * for an id whose position is closed is a reopen, handled as by `addPosition`.
   */
  updatePosition(position: Position): void {
    const held = this.#positions.entry(position.id.value)?.position;
    if (held !== undefined && held !== position && held.isClosed) {
      this.addPosition(position);
      return;
    }
    this.#positions.update(position);
    this.#write()?.updatePosition(position);
    const last = position.fills[position.fills.length - 1];
    if (last !== undefined) this.#linkFromFill(last.clientOrderId, position.id);
  }

  #linkFromFill(clientOrderId: ClientOrderId, positionId: PositionId): void {
    if (this.#orders.link(clientOrderId.value, positionId)) {
      this.#write()?.indexOrderPosition(clientOrderId, positionId);
    }
  }

  position(positionId: PositionId): Position | null {
    return this.#positions.entry(positionId.value)?.position ?? null;
  }
  positionExists(positionId: PositionId): boolean {
    return this.#positions.entry(positionId.value) !== undefined;
  }
  /** The current position of every id held (matching the filter), in the order first added. */
  positions(filter?: PositionFilter): Position[] {
    return this.#positions.select('ALL', filter);
  }
  positionsOpen(filter?: PositionFilter): Position[] {
    return this.#positions.select('OPEN', filter);
  }
  positionsClosed(filter?: PositionFilter): Position[] {
    return this.#positions.select('CLOSED', filter);
  }
  positionsTotalCount(filter?: PositionFilter): number {
    return this.#positions.count('ALL', filter);
  }
  positionsOpenCount(filter?: PositionFilter): number {
    return this.#positions.count('OPEN', filter);
  }
  positionsClosedCount(filter?: PositionFilter): number {
    return this.#positions.count('CLOSED', filter);
  }
  isPositionOpen(positionId: PositionId): boolean {
    return this.#positions.entry(positionId.value)?.open ?? false;
  }
  isPositionClosed(positionId: PositionId): boolean {
    return this.#positions.entry(positionId.value)?.closed ?? false;
  }
  strategyIdForPosition(positionId: PositionId): StrategyId | null {
    return this.#positions.entry(positionId.value)?.position.strategyId ?? null;
  }
  /** Earlier closed cycles of a reopened position id (NETTING), oldest first. */
  positionSnapshots(positionId: PositionId): readonly Position[] {
    return this.#positions.snapshots(positionId.value);
  }

  // ---- market data ----------------------------------------------------------------------------

  addQuote(quote: QuoteTick): void {
    this.#data.addQuote(quote);
  }
  addQuotes(quotes: readonly QuoteTick[]): void {
    for (const q of quotes) this.#data.addQuote(q);
  }
  addTrade(trade: TradeTick): void {
    this.#data.addTrade(trade);
  }
  addTrades(trades: readonly TradeTick[]): void {
    for (const t of trades) this.#data.addTrade(t);
  }
  addBar(bar: Bar): void {
    this.#data.addBar(bar);
  }
  addBars(bars: readonly Bar[]): void {
    for (const b of bars) this.#data.addBar(b);
  }
  addMarkPrice(instrumentId: InstrumentId, price: Price): void {
    this.#data.addMarkPrice(instrumentId, price);
  }
  /** The quote `index` places back from the newest (0 = newest), or `null`. */
  quote(instrumentId: InstrumentId, index = 0): QuoteTick | null {
    return this.#data.quote(instrumentId, index);
  }
  /** The quotes held, newest first. */
  quotes(instrumentId: InstrumentId): QuoteTick[] {
    return this.#data.quotes(instrumentId);
  }
  quoteCount(instrumentId: InstrumentId): number {
    return this.#data.quoteCount(instrumentId);
  }
  hasQuotes(instrumentId: InstrumentId): boolean {
    return this.#data.quoteCount(instrumentId) > 0;
  }
  trade(instrumentId: InstrumentId, index = 0): TradeTick | null {
    return this.#data.trade(instrumentId, index);
  }
  trades(instrumentId: InstrumentId): TradeTick[] {
    return this.#data.trades(instrumentId);
  }
  tradeCount(instrumentId: InstrumentId): number {
    return this.#data.tradeCount(instrumentId);
  }
  hasTrades(instrumentId: InstrumentId): boolean {
    return this.#data.tradeCount(instrumentId) > 0;
  }
  bar(barType: BarType, index = 0): Bar | null {
    return this.#data.bar(barType, index);
  }
  /** The newest bar (by close time) of any bar type of the instrument, or `null`. */
  lastBar(instrumentId: InstrumentId): Bar | null {
    return this.#data.lastBar(instrumentId);
  }
  bars(barType: BarType): Bar[] {
    return this.#data.bars(barType);
  }
  barCount(barType: BarType): number {
    return this.#data.barCount(barType);
  }
  hasBars(barType: BarType): boolean {
    return this.#data.barCount(barType) > 0;
  }
  /** BID, ASK or MID of the last quote, LAST of the last trade; `null` when there is none. */
  price(instrumentId: InstrumentId, priceType: PriceType): Price | null {
    return this.#data.price(instrumentId, priceType);
  }
  /** The last price given to `addMarkPrice`, or `null`. */
  markPrice(instrumentId: InstrumentId): Price | null {
    return this.#data.markPrice(instrumentId);
  }
  addOrderBook(instrumentId: InstrumentId, book: D['book']): void {
    this.#data.addOrderBook(instrumentId, book);
  }
  orderBook(instrumentId: InstrumentId): D['book'] | null {
    return this.#data.orderBook(instrumentId);
  }
  addOwnOrderBook(instrumentId: InstrumentId, book: D['ownBook']): void {
    this.#data.addOwnOrderBook(instrumentId, book);
  }
  ownOrderBook(instrumentId: InstrumentId): D['ownBook'] | null {
    return this.#data.ownOrderBook(instrumentId);
  }
  /** Every own order book with its instrument (the own-books audit walks them). */
  ownOrderBooks(): [InstrumentId, D['ownBook']][] {
    return this.#data.ownOrderBooks();
  }

  // ---- purges ---------------------------------------------------------------------------------

  /**
   * Purges a closed order (see the module doc): from every index, and from the database with
   * `purgeFromDatabase`. False (nothing changed) when not held or protected.
   */
  purgeOrder(clientOrderId: ClientOrderId, purgeFromDatabase = false): boolean {
    const e = this.#orders.entry(clientOrderId.value);
    if (e === undefined || !this.#orderPurgeable(e)) return false;
    this.#removeOrder(e, purgeFromDatabase);
    return true;
  }

  /**
   * Purges every closed order whose last event is at least `bufferNs` before `tsNow` (and whose
   * contingent group is closed). Returns the ids purged, in cache order.
   */
  purgeClosedOrders(tsNow: bigint, bufferNs: bigint, purgeFromDatabase = false): ClientOrderId[] {
    checkNs('tsNow', tsNow);
    checkNs('bufferNs', bufferNs);
    const due: OrderEntry[] = [];
    for (const e of this.#orders.entries('CLOSED')) {
      if (e.order.tsLast + bufferNs <= tsNow && this.#orderPurgeable(e)) due.push(e);
    }
    for (const e of due) this.#removeOrder(e, purgeFromDatabase);
    return due.map((e) => e.order.clientOrderId);
  }

  /**
   * Purges a closed position id with its snapshots (see the module doc). False (nothing changed)
   * when not held or protected.
   */
  purgePosition(positionId: PositionId, purgeFromDatabase = false): boolean {
    const e = this.#positions.entry(positionId.value);
    if (e === undefined || !this.#positionPurgeable(e.position)) return false;
    this.#removePosition(e.position.id, purgeFromDatabase);
    return true;
  }

  /**
   * Purges every closed position closed at least `bufferNs` before `tsNow` (and without live
   * orders), and every snapshot closed that long ago. Returns the position ids purged.
   */
  purgeClosedPositions(tsNow: bigint, bufferNs: bigint, purgeFromDatabase = false): PositionId[] {
    checkNs('tsNow', tsNow);
    checkNs('bufferNs', bufferNs);
    const due: PositionId[] = [];
    for (const e of this.#positions.entries('CLOSED')) {
      const p = e.position;
      if (p.tsClosed !== null && p.tsClosed + bufferNs <= tsNow && this.#positionPurgeable(p)) due.push(p.id);
    }
    for (const id of due) this.#removePosition(id, purgeFromDatabase);
    const cutoff = tsNow - bufferNs;
    const snapshotIds = this.#positions.purgeSnapshots(cutoff);
    if (purgeFromDatabase && this.#db !== null) {
      for (const id of snapshotIds) this.#db.deletePositionSnapshots(id, cutoff);
    }
    return due;
  }

  /**
   * Purges account states with `tsEvent + lookbackNs <= tsNow` from the cache's history, keeping
   * each account's newest. Returns the event ids purged per account.
   */
  purgeAccountEvents(tsNow: bigint, lookbackNs: bigint, purgeFromDatabase = false): PurgedAccountEvents[] {
    checkNs('tsNow', tsNow);
    checkNs('lookbackNs', lookbackNs);
    const purged = this.#accounts.purge(tsNow, lookbackNs);
    if (purgeFromDatabase && this.#db !== null) {
      for (const p of purged) this.#db.deleteAccountEvents(p.accountId, p.eventIds);
    }
    return purged;
  }

  #orderPurgeable(e: OrderEntry): boolean {
    if (!e.closed) return false;
    const o = e.order;
    for (const id of o.linkedOrderIds) {
      const linked = this.#orders.entry(id.value);
      if (linked !== undefined && !linked.closed) return false;
    }
    const parent = o.parentOrderId === null ? undefined : this.#orders.entry(o.parentOrderId.value);
    return parent === undefined || parent.closed;
  }

  #positionPurgeable(p: Position): boolean {
    if (!p.isClosed) return false;
    const linked = this.#orders.positionEntries(p.id.value);
    if (linked === undefined) return true;
    for (const e of linked.values()) if (!e.closed) return false;
    return true;
  }

  #removeOrder(e: OrderEntry, purgeFromDatabase: boolean): void {
    const order = e.order;
    this.#orders.remove(e.key);
    const listId = order.orderListId;
    if (listId !== null) {
      const list = this.#orderLists.get(listId.value);
      if (list?.orders.every((o) => !this.#orders.entry(o.clientOrderId.value))) {
        this.#orderLists.delete(listId.value);
      }
    }
    if (purgeFromDatabase) this.#db?.deleteOrder(order.clientOrderId);
  }

  #removePosition(id: PositionId, purgeFromDatabase: boolean): void {
    this.#positions.remove(id.value);
    if (purgeFromDatabase) this.#db?.deletePosition(id);
  }

  // ---- state: snapshot, load, reset, counts ---------------------------------------------------

  /** Everything persistent the cache holds, in cache order (what `loadFrom` takes back). */
  snapshot(): CacheState {
    const orderPositionIds: [ClientOrderId, PositionId][] = [];
    const orderClientIds: [ClientOrderId, ClientId][] = [];
    const orders: Order[] = [];
    for (const e of this.#orders.entries('ALL')) {
      orders.push(e.order);
      if (e.positionId !== null) orderPositionIds.push([e.order.clientOrderId, e.positionId]);
      if (e.clientId !== null) orderClientIds.push([e.order.clientOrderId, e.clientId]);
    }
    return {
      currencies: this.currencies(),
      instruments: this.instruments(),
      accounts: this.accounts(),
      orders,
      positions: this.positions(),
      positionSnapshots: this.#positions.allSnapshots(),
      orderPositionIds,
      orderClientIds,
    };
  }

  /**
   * The restart path: clears the cache, then adds everything in `state` and rebuilds every
   * index (orders in the given order, then positions, linking orders to them). Writes nothing
   * through. Market data is cleared too.
   */
  loadFrom(state: Partial<CacheState>): void {
    this.reset();
    this.#loading = true;
    try {
      for (const c of state.currencies ?? []) this.addCurrency(c);
      for (const i of state.instruments ?? []) this.addInstrument(i);
      for (const a of state.accounts ?? []) this.addAccount(a);
      const clients = new Map<string, ClientId>();
      for (const [o, c] of state.orderClientIds ?? []) clients.set(o.value, c);
      for (const o of state.orders ?? []) {
        this.addOrder(o, { clientId: clients.get(o.clientOrderId.value) ?? null });
      }
      for (const p of state.positionSnapshots ?? []) this.#positions.addSnapshot(p);
      for (const p of state.positions ?? []) this.addPosition(p);
      // Links given explicitly win over links inferred from fills (they were the last written).
      for (const [o, p] of state.orderPositionIds ?? []) this.#orders.link(o.value, p);
    } finally {
      this.#loading = false;
    }
  }

  /** Loads everything from the database (`flushOnStart` is the caller's, before this). */
  async loadFromDatabase(): Promise<void> {
    if (this.#db === null) {
      throw new CacheError(CacheErrorCode.CACHE_NO_DATABASE, 'loadFromDatabase needs a cache database');
    }
    this.loadFrom(await this.#db.loadAll());
  }

  /**
   * Empties the cache (the database is not touched); currencies and instruments stay when
   * `dropInstrumentsOnReset` is false.
   */
  reset(): void {
    if (this.#dropInstrumentsOnReset) {
      this.#currencies.clear();
      this.#instruments.clear();
    }
    this.#accounts.clear();
    this.#orders.clear();
    this.#positions.clear();
    this.#orderLists.clear();
    this.#data.clear();
  }

  /** What the cache holds now (O(1)). */
  counts(): CacheCounts {
    const o = this.#orders;
    const p = this.#positions;
    const d = this.#data;
    return {
      currencies: this.#currencies.size,
      instruments: this.#instruments.size,
      accounts: this.#accounts.size,
      accountEvents: this.#accounts.eventCount,
      orders: o.size('ALL'),
      ordersOpen: o.size('OPEN'),
      ordersClosed: o.size('CLOSED'),
      ordersInflight: o.size('INFLIGHT'),
      ordersEmulated: o.size('EMULATED'),
      orderEvents: o.eventCount,
      venueOrderIds: o.venueOrderIdCount,
      orderLists: this.#orderLists.size,
      positions: p.size('ALL'),
      positionsOpen: p.size('OPEN'),
      positionsClosed: p.size('CLOSED'),
      positionSnapshots: p.snapshotCount,
      positionFills: p.fillCount,
      quotes: d.quoteTotal,
      trades: d.tradeTotal,
      bars: d.barTotal,
      orderBooks: d.bookCount,
      ownOrderBooks: d.ownBookCount,
    };
  }
}
