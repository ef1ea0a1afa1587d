/**
 * `MockDataClient`: a data client whose market a test drives. It records every subscription
 * (and every call), and a test pushes quotes, trades, book deltas, bars and instruments into the
 * DataEngine as the venue would.
 *
 * ```ts
 * const data = new MockDataClient({ clientId: 'SIM', venue: 'SIM', clock, bus });
 * // a strategy subscribes to quotes of BTCUSDT.SIM ...
 * data.isSubscribed('quotes', instrumentId);     // true
 * data.pushQuote(quote);                         // reaches `data.quotes.SIM.BTCUSDT`
 * data.setInstruments([instrument]);             // what requestInstrument(s) answer
 * data.failNext('connect', new Error('refused'));
 * ```
 * Pushed data goes to the `DataEngine.process` endpoint of `bus` (the TradingNode gives its
 * bus); without a bus it is only kept in `pushed`.
 */
import { type Clock, LiveClock, type MessageBus } from '../common/index.js';
import type { DataClient } from '../engine/clients.js';
import type { HistoryRange } from '../engine/data-commands.js';
import type { MarketData } from '../engine/data-engine.js';
import { Endpoint } from '../engine/topics.js';
import type { Bar, BarType, OrderBookDeltas, QuoteTick, TradeTick } from '../model/data/index.js';
import { barTypeToString } from '../model/data/index.js';
import type { BookType } from '../model/enums.js';
import { ClientId, type InstrumentId, Venue } from '../model/identifiers/index.js';
import type { Instrument } from '../model/instruments/index.js';
import { MockScript } from './script.js';

/** The methods a test can script. */
export type MockDataMethod =
  | 'connect'
  | 'disconnect'
  | 'subscribe'
  | 'unsubscribe'
  | 'requestInstrument'
  | 'requestInstruments'
  | 'requestQuotes'
  | 'requestTrades'
  | 'requestBars';

/** What can be subscribed, as recorded (`quotes:BTCUSDT.SIM`). */
export type MockSubscriptionKind = 'quotes' | 'trades' | 'bars' | 'book' | 'instrument' | 'instruments';

/** Options of {@link MockDataClient}. */
export interface MockDataClientOptions {
  /** Default `SIM`. */
  readonly clientId?: string;
  /** Default `SIM`; `null` for a multi-venue client. */
  readonly venue?: string | null;
  /** Clock of delays (default: a LiveClock). */
  readonly clock?: Clock;
  /** Where pushed data goes (`DataEngine.process`). */
  readonly bus?: MessageBus;
}

/** A scripted market-data source (see the module doc). */
export class MockDataClient implements DataClient {
  readonly clientId: ClientId;
  readonly venue: Venue | null;
  readonly clock: Clock;
  readonly script: MockScript<MockDataMethod>;
  /** Active subscriptions, as `kind:key`. */
  readonly subscriptions = new Set<string>();
  /** Everything pushed, in order. */
  readonly pushed: MarketData[] = [];
  #bus: MessageBus | null;
  #connected = false;
  #instruments: Instrument[] = [];
  #quotes: QuoteTick[] = [];
  #trades: TradeTick[] = [];
  #bars: Bar[] = [];

  constructor(options: MockDataClientOptions = {}) {
    const venue = options.venue === undefined ? 'SIM' : options.venue;
    this.clientId = ClientId.from(options.clientId ?? venue ?? 'SIM');
    this.venue = venue === null ? null : Venue.from(venue);
    this.clock = options.clock ?? new LiveClock();
    this.#bus = options.bus ?? null;
    this.script = new MockScript(`data.${this.clientId.value}`, this.clock);
  }

  get isConnected(): boolean {
    return this.#connected;
  }

  /** Sets the bus pushed data goes to (the node does this when it builds the client). */
  attach(bus: MessageBus): void {
    this.#bus = bus;
  }

  // ---- scripting -----------------------------------------------------------------------------

  failNext(method: MockDataMethod, error: unknown = new Error(`${method} failed`)): void {
    this.script.failNext(method, error);
  }
  failAlways(method: MockDataMethod, error: unknown | null): void {
    this.script.failAlways(method, error);
  }
  delay(method: MockDataMethod, ms: number | null): void {
    this.script.delay(method, ms);
  }
  hang(method: MockDataMethod, on = true): void {
    this.script.hang(method, on);
  }
  get calls(): MockDataClient['script']['calls'] {
    return this.script.calls;
  }
  /** True while `kind` of `id` (an instrument id, bar type or venue) is subscribed. */
  isSubscribed(kind: MockSubscriptionKind, id: InstrumentId | BarType | Venue | string): boolean {
    return this.subscriptions.has(`${kind}:${keyOf(id)}`);
  }
  /** What `requestInstrument(s)` answer. */
  setInstruments(instruments: readonly Instrument[]): void {
    this.#instruments = [...instruments];
  }
  /** What the history requests answer (filtered by instrument / bar type and range). */
  setHistory(h: {
    readonly quotes?: readonly QuoteTick[];
    readonly trades?: readonly TradeTick[];
    readonly bars?: readonly Bar[];
  }): void {
    this.#quotes = [...(h.quotes ?? [])];
    this.#trades = [...(h.trades ?? [])];
    this.#bars = [...(h.bars ?? [])];
  }

  // ---- pushing, as a venue would ---------------------------------------------------------------

  push(data: MarketData): void {
    this.pushed.push(data);
    this.#bus?.send(Endpoint.DATA_PROCESS, data);
  }
  pushQuote(quote: QuoteTick): void {
    this.push(quote);
  }
  pushTrade(trade: TradeTick): void {
    this.push(trade);
  }
  pushDeltas(deltas: OrderBookDeltas): void {
    this.push(deltas);
  }
  pushBar(bar: Bar): void {
    this.push(bar);
  }
  pushInstrument(instrument: Instrument): void {
    this.push(instrument);
  }

  // ---- DataClient ------------------------------------------------------------------------------

  connect(): Promise<void> {
    return this.script.run('connect', [], () => {
      this.#connected = true;
    });
  }
  disconnect(): Promise<void> {
    return this.script.run('disconnect', [], () => {
      this.#connected = false;
    });
  }

  #sub(kind: MockSubscriptionKind, id: InstrumentId | BarType | Venue, ...rest: unknown[]): Promise<void> {
    return this.script.run('subscribe', [kind, id, ...rest], () => {
      this.subscriptions.add(`${kind}:${keyOf(id)}`);
    });
  }
  #unsub(kind: MockSubscriptionKind, id: InstrumentId | BarType | Venue): Promise<void> {
    return this.script.run('unsubscribe', [kind, id], () => {
      this.subscriptions.delete(`${kind}:${keyOf(id)}`);
    });
  }

  subscribeQuotes(instrumentId: InstrumentId): Promise<void> {
    return this.#sub('quotes', instrumentId);
  }
  unsubscribeQuotes(instrumentId: InstrumentId): Promise<void> {
    return this.#unsub('quotes', instrumentId);
  }
  subscribeTrades(instrumentId: InstrumentId): Promise<void> {
    return this.#sub('trades', instrumentId);
  }
  unsubscribeTrades(instrumentId: InstrumentId): Promise<void> {
    return this.#unsub('trades', instrumentId);
  }
  subscribeBars(barType: BarType): Promise<void> {
    return this.#sub('bars', barType);
  }
  unsubscribeBars(barType: BarType): Promise<void> {
    return this.#unsub('bars', barType);
  }
  subscribeBookDeltas(instrumentId: InstrumentId, bookType: BookType, depth: number | null): Promise<void> {
    return this.#sub('book', instrumentId, bookType, depth);
  }
  unsubscribeBookDeltas(instrumentId: InstrumentId): Promise<void> {
    return this.#unsub('book', instrumentId);
  }
  subscribeInstrument(instrumentId: InstrumentId): Promise<void> {
    return this.#sub('instrument', instrumentId);
  }
  unsubscribeInstrument(instrumentId: InstrumentId): Promise<void> {
    return this.#unsub('instrument', instrumentId);
  }
  subscribeInstruments(venue: Venue): Promise<void> {
    return this.#sub('instruments', venue);
  }
  unsubscribeInstruments(venue: Venue): Promise<void> {
    return this.#unsub('instruments', venue);
  }

  requestInstrument(instrumentId: InstrumentId): Promise<Instrument | null> {
    return this.script.run(
      'requestInstrument',
      [instrumentId],
      () => this.#instruments.find((i) => i.id.eq(instrumentId)) ?? null,
    );
  }
  requestInstruments(venue: Venue): Promise<readonly Instrument[]> {
    return this.script.run('requestInstruments', [venue], () =>
      this.#instruments.filter((i) => i.id.venue.eq(venue)),
    );
  }
  requestQuotes(instrumentId: InstrumentId, range: HistoryRange): Promise<readonly QuoteTick[]> {
    return this.script.run('requestQuotes', [instrumentId, range], () =>
      this.#quotes.filter((q) => q.instrumentId.eq(instrumentId) && inRange(q.tsEvent, range)),
    );
  }
  requestTrades(instrumentId: InstrumentId, range: HistoryRange): Promise<readonly TradeTick[]> {
    return this.script.run('requestTrades', [instrumentId, range], () =>
      this.#trades.filter((t) => t.instrumentId.eq(instrumentId) && inRange(t.tsEvent, range)),
    );
  }
  requestBars(barType: BarType, range: HistoryRange): Promise<readonly Bar[]> {
    const key = barTypeToString(barType);
    return this.script.run('requestBars', [barType, range], () =>
      this.#bars.filter((b) => barTypeToString(b.barType) === key && inRange(b.tsEvent, range)),
    );
  }
}

function keyOf(id: InstrumentId | BarType | Venue | string): string {
  if (typeof id === 'string') return id;
  if ('value' in id) return id.value;
  return barTypeToString(id);
}

function inRange(ts: bigint, range: HistoryRange): boolean {
  return (range.startNs == null || ts >= range.startNs) && (range.endNs == null || ts <= range.endNs);
}
