/**
 * `DataEngine`: routes data subscriptions and requests to data clients, and turns what the
 * clients deliver into cache entries and bus messages.
 *
 * # Flow
 * - Commands (`execute`, endpoint `DataEngine.execute`): a `Subscribe` goes to the client named
 *   by `clientId`, else by instrument, venue and default (`routing.ts`); an `Unsubscribe` to the
 *   client that took the subscription. Subscriptions are counted per spec: the client is asked on the first subscribe and
 *   told on the last unsubscribe, so two strategies may share one stream.
 * - Data (`process`, endpoint `DataEngine.process`): quotes, trades and bars go into the cache,
 *   then onto their topic (`topics.ts`), then quotes and trades to the bar aggregators fed by
 *   them (so a bar that a tick closes is published after that tick); deltas are
 *   applied to the instrument's book in the cache (when one is maintained), then published;
 *   instruments are added to the cache and published. A subscriber therefore always finds the
 *   cache already updated.
 * - Requests (`request`, endpoint `DataEngine.request`): passed to the client; instruments
 *   received are added to the cache. A failed request rejects (through the bus: the response is
 *   a `DataRequestFailed`).
 *
 * # Books
 * A BOOK_DELTAS (or BOOK_SNAPSHOTS) subscription creates the instrument's book in the cache with
 * the engine's {@link BookFactory} (default: the native `OrderBook` at the instrument's
 * precisions); deltas are applied to it. With `bufferDeltas` single deltas
 * are held until one with `F_LAST` and then applied and published together. A delta the book
 * refuses is logged and counted (`ENGINE_INVALID_DATA`); the batch is not published.
 * BOOK_SNAPSHOTS publishes the book every `intervalMs` on the clock.
 *
 * # Bars
 * A BARS subscription of an INTERNAL bar type builds an aggregator (`bar-aggregation.ts`) and
 * subscribes the quotes or trades it needs; an EXTERNAL one goes to the client.
 *
 * # External clients
 * Subscriptions routed to a client listed in `externalClients` are counted but not passed to
 * it: its data reaches the engine from outside this node.
 *
 * # Sequence
 * With `validateDataSequence`, a quote, trade or bar older (`tsEvent`) than the last of its kind
 * for the instrument (bar type) is dropped and counted (`ENGINE_INVALID_DATA`).
 */
import type { Cache } from '../cache/index.js';
import type { Clock, MessageBus, TimeEvent } from '../common/index.js';
import { Component } from '../common/index.js';
import { LiveDataEngineConfig, type LiveDataEngineConfigInput } from '../config/index.js';
import {
  type Bar,
  type BarType,
  barTypeToString,
  type OrderBookDelta,
  type OrderBookDeltas,
  orderBookDeltas,
  type QuoteTick,
  RecordFlag,
  type TradeTick,
} from '../model/data/index.js';
import type { BookType } from '../model/enums.js';
import { assertNever } from '../model/events/index.js';
import type { ClientId, InstrumentId, Venue } from '../model/identifiers/index.js';
import type { Instrument } from '../model/instruments/index.js';
import { type BarAggregator, createBarAggregator, type TimeBarOptions } from './bar-aggregation.js';
import { type BookFactory, type BookLike, orderBookFactory } from './book.js';
import type { DataClient } from './clients.js';
import {
  type DataCommand,
  type DataRequest,
  type DataResponse,
  type DataSpec,
  requestVenue,
  specInstrument,
  specVenue,
} from './data-commands.js';
import { type ClientOwnerOptions, callClient, type EngineDeps } from './deps.js';
import { EngineError, EngineErrorCode, type EngineErrorCounts, ErrorCounter } from './errors.js';
import { type ClientRouteOptions, ClientRouter } from './routing.js';
import { Endpoint, Topics } from './topics.js';

/** Market data a client delivers; switch on `type`. */
export type MarketData = QuoteTick | TradeTick | Bar | OrderBookDelta | OrderBookDeltas | Instrument;

/** The bus answer to a request that failed. */
export interface DataRequestFailed {
  readonly type: 'DataRequestFailed';
  readonly requestId: string;
  readonly error: unknown;
}

/** Options of {@link DataEngine}. */
export interface DataEngineOptions extends EngineDeps, ClientOwnerOptions {
  readonly config?: LiveDataEngineConfigInput;
  /** Builds books for BOOK_DELTAS subscriptions (default: the native `OrderBook`); `null`: none kept. */
  readonly bookFactory?: BookFactory | null;
}

// What the hot path needs of one instrument, found with one Map lookup.
interface InstrumentState {
  readonly quoteTopic: string;
  readonly tradeTopic: string;
  readonly deltasTopic: string;
  readonly quoteAggregators: BarAggregator[];
  readonly tradeAggregators: BarAggregator[];
  lastQuoteNs: bigint;
  lastTradeNs: bigint;
  book: BookLike | null;
  buffer: OrderBookDelta[];
}

interface BarTypeState {
  readonly topic: string;
  lastNs: bigint;
}

/** Key of a subscription (its refcount and cleanup). */
function specKey(spec: DataSpec): string {
  switch (spec.kind) {
    case 'QUOTES':
    case 'TRADES':
    case 'BOOK_DELTAS':
    case 'INSTRUMENT':
      return `${spec.kind}:${spec.instrumentId.value}`;
    case 'BOOK_SNAPSHOTS':
      return `${spec.kind}:${spec.instrumentId.value}:${spec.intervalMs}`;
    case 'BARS':
      return `${spec.kind}:${barTypeToString(spec.barType)}`;
    case 'INSTRUMENTS':
      return `${spec.kind}:${spec.venue.value}`;
    default:
      return assertNever(spec, 'data spec');
  }
}

interface Held {
  count: number;
  readonly client: DataClient;
  // Undoes what the first subscribe set up beyond the client call (aggregators, timers).
  teardown: (() => void) | null;
}

export class DataEngine extends Component {
  readonly config: LiveDataEngineConfig;
  readonly #bus: MessageBus;
  readonly #cache: Cache;
  readonly #clock: Clock;
  readonly #bookFactory: BookFactory | null;
  readonly #connectClients: boolean;
  readonly #timeBars: TimeBarOptions;
  readonly #router = new ClientRouter<DataClient>('data');
  readonly #instruments = new Map<string, InstrumentState>();
  readonly #barTypes = new Map<string, BarTypeState>();
  readonly #held = new Map<string, Held>();
  readonly #errors = new ErrorCounter();
  readonly #external: ReadonlySet<string>;
  #processed = 0;

  constructor(options: DataEngineOptions) {
    super('DataEngine', options.logger === undefined ? {} : { logger: options.logger });
    this.config = LiveDataEngineConfig.parse(options.config ?? {});
    this.#bus = options.bus;
    this.#cache = options.cache;
    this.#clock = options.clock;
    this.#bookFactory = options.bookFactory === undefined ? orderBookFactory : options.bookFactory;
    this.#connectClients = options.connectClients ?? true;
    this.#timeBars = this.config;
    this.#external = new Set(this.config.externalClients ?? []);
    this.#bus.register(Endpoint.DATA_EXECUTE, (c: DataCommand) => this.execute(c));
    this.#bus.register(Endpoint.DATA_PROCESS, (d: MarketData) => this.process(d));
    this.#bus.register(Endpoint.DATA_REQUEST, (r: DataRequest, correlationId?: string) => {
      this.request(r).then(
        (resp) => {
          if (correlationId !== undefined) this.#bus.response(correlationId, resp);
        },
        (error: unknown) => {
          const failed: DataRequestFailed = { type: 'DataRequestFailed', requestId: r.requestId, error };
          if (correlationId !== undefined) this.#bus.response(correlationId, failed);
        },
      );
    });
  }

  // ---- clients ------------------------------------------------------------------------------

  /** Registers a client (routing: see `routing.ts`). */
  registerClient(client: DataClient, options: ClientRouteOptions = {}): void {
    this.#router.register(client, options);
  }

  get clients(): readonly DataClient[] {
    return this.#router.all();
  }

  /** The client named by `clientId`, else by instrument, venue and default; `null` when none. */
  clientFor(
    clientId: ClientId | null,
    instrumentId: InstrumentId | null,
    venue: Venue | null,
  ): DataClient | null {
    if (clientId !== null) return this.#router.byId(clientId);
    return this.#router.route(instrumentId, venue);
  }

  /** Connects every client; rejects when one fails. */
  async connect(): Promise<void> {
    await Promise.all(this.#router.all().map((c) => c.connect()));
  }

  async disconnect(): Promise<void> {
    await Promise.all(this.#router.all().map((c) => c.disconnect()));
  }

  protected override async onStart(): Promise<void> {
    if (this.#connectClients) await this.connect();
  }
  protected override async onStop(): Promise<void> {
    if (this.#connectClients) await this.disconnect();
  }

  // ---- counters -------------------------------------------------------------------------------

  /** Inputs dropped, per code. */
  get errorCounts(): EngineErrorCounts {
    return this.#errors.snapshot();
  }
  /** Messages processed (each delta batch counts once). */
  get processedCount(): number {
    return this.#processed;
  }
  /** The subscriptions held, as `KIND:key` with their counts, sorted. */
  subscriptions(): readonly (readonly [string, number])[] {
    return [...this.#held.entries()]
      .map(([k, h]) => [k, h.count] as const)
      .sort((a, b) => (a[0] < b[0] ? -1 : 1));
  }

  // ---- commands -------------------------------------------------------------------------------

  execute(command: DataCommand): void {
    switch (command.type) {
      case 'Subscribe': {
        const spec = command.spec;
        const client = this.clientFor(
          command.clientId,
          specInstrument(spec),
          command.venue ?? specVenue(spec),
        );
        if (client === null) {
          this.#errors.add(EngineErrorCode.ENGINE_NO_CLIENT);
          this.log.error({ spec: specKey(command.spec) }, 'no data client for the subscription: dropped');
          return;
        }
        this.#subscribe(command.spec, client);
        return;
      }
      case 'Unsubscribe':
        // Goes to the client that took the subscription.
        this.#unsubscribe(command.spec);
        return;
      default:
        assertNever(command, 'data command');
    }
  }

  /**
   * Calls a client method, counting a throw or rejection; nothing for an external client (its
   * data arrives from elsewhere, e.g. another node's streams).
   */
  #call(client: DataClient, key: string, run: () => void | Promise<void>): void {
    if (this.#external.has(client.clientId.value)) return;
    callClient(run, (error: unknown) => {
      this.#errors.add(EngineErrorCode.ENGINE_CLIENT_FAILED);
      this.log.error({ err: error, client: client.clientId.value, spec: key }, 'data client call failed');
    });
  }

  #subscribe(spec: DataSpec, client: DataClient): void {
    const key = specKey(spec);
    const held = this.#held.get(key);
    if (held !== undefined) {
      held.count += 1;
      return;
    }
    const entry: Held = { count: 1, client, teardown: null };
    if (this.config.debug) this.log.info({ spec: key, client: client.clientId.value }, 'subscribe');
    switch (spec.kind) {
      case 'QUOTES':
        this.#state(spec.instrumentId);
        this.#call(client, key, () => client.subscribeQuotes(spec.instrumentId));
        break;
      case 'TRADES':
        this.#state(spec.instrumentId);
        this.#call(client, key, () => client.subscribeTrades(spec.instrumentId));
        break;
      case 'BARS':
        if (spec.barType.aggregationSource === 'EXTERNAL') {
          this.#call(client, key, () => client.subscribeBars(spec.barType));
        } else {
          const teardown = this.#startAggregator(spec.barType, client);
          if (teardown === null) return;
          entry.teardown = teardown;
        }
        break;
      case 'BOOK_DELTAS':
        this.#ensureBook(spec.instrumentId, spec.bookType);
        this.#call(client, key, () =>
          client.subscribeBookDeltas(spec.instrumentId, spec.bookType, spec.depth),
        );
        break;
      case 'BOOK_SNAPSHOTS': {
        const deltas: DataSpec = {
          kind: 'BOOK_DELTAS',
          instrumentId: spec.instrumentId,
          bookType: spec.bookType,
          depth: spec.depth,
        };
        this.#subscribe(deltas, client);
        const topic = Topics.bookSnapshots(spec.instrumentId, spec.intervalMs);
        const timer = `DataEngine.${key}`;
        this.#clock.setTimer({
          name: timer,
          intervalNs: BigInt(spec.intervalMs) * 1_000_000n,
          callback: (_e: TimeEvent) => {
            const book = this.#cache.orderBook(spec.instrumentId);
            if (book !== null) this.#bus.publish(topic, book);
          },
        });
        entry.teardown = () => {
          this.#clock.cancelTimer(timer);
          this.#unsubscribe(deltas);
        };
        break;
      }
      case 'INSTRUMENT':
        this.#call(client, key, () => client.subscribeInstrument(spec.instrumentId));
        break;
      case 'INSTRUMENTS':
        this.#call(client, key, () => client.subscribeInstruments(spec.venue));
        break;
      default:
        assertNever(spec, 'data spec');
    }
    this.#held.set(key, entry);
  }

  #unsubscribe(spec: DataSpec): void {
    const key = specKey(spec);
    const held = this.#held.get(key);
    if (held === undefined) return;
    held.count -= 1;
    if (held.count > 0) return;
    this.#held.delete(key);
    held.teardown?.();
    const client = held.client;
    if (this.config.debug) this.log.info({ spec: key, client: client.clientId.value }, 'unsubscribe');
    switch (spec.kind) {
      case 'QUOTES':
        this.#call(client, key, () => client.unsubscribeQuotes(spec.instrumentId));
        return;
      case 'TRADES':
        this.#call(client, key, () => client.unsubscribeTrades(spec.instrumentId));
        return;
      case 'BARS':
        if (spec.barType.aggregationSource === 'EXTERNAL') {
          this.#call(client, key, () => client.unsubscribeBars(spec.barType));
        }
        return;
      case 'BOOK_DELTAS':
        this.#call(client, key, () => client.unsubscribeBookDeltas(spec.instrumentId));
        return;
      case 'BOOK_SNAPSHOTS':
        return; // the teardown released its deltas subscription
      case 'INSTRUMENT':
        this.#call(client, key, () => client.unsubscribeInstrument(spec.instrumentId));
        return;
      case 'INSTRUMENTS':
        this.#call(client, key, () => client.unsubscribeInstruments(spec.venue));
        return;
      default:
        assertNever(spec, 'data spec');
    }
  }

  #startAggregator(barType: BarType, client: DataClient): (() => void) | null {
    const instrument = this.#cache.instrument(barType.instrumentId);
    if (instrument === null) {
      this.#errors.add(EngineErrorCode.ENGINE_UNKNOWN_INSTRUMENT);
      this.log.error({ barType: barTypeToString(barType) }, 'cannot aggregate bars of an unknown instrument');
      return null;
    }
    const topic = this.#barState(barType).topic;
    const handler = (b: Bar): void => {
      this.#cache.addBar(b);
      this.#bus.publish(topic, b);
    };
    const agg = createBarAggregator(barType, instrument, handler, this.#clock, this.#timeBars);
    const st = this.#state(barType.instrumentId);
    const list = agg.fromQuotes ? st.quoteAggregators : st.tradeAggregators;
    list.push(agg);
    const source: DataSpec = agg.fromQuotes
      ? { kind: 'QUOTES', instrumentId: barType.instrumentId }
      : { kind: 'TRADES', instrumentId: barType.instrumentId };
    this.#subscribe(source, client);
    return () => {
      agg.stop();
      const i = list.indexOf(agg);
      if (i >= 0) list.splice(i, 1);
      this.#unsubscribe(source);
    };
  }

  #ensureBook(instrumentId: InstrumentId, bookType: BookType): void {
    const st = this.#state(instrumentId);
    if (st.book !== null || this.#bookFactory === null) return;
    const existing = this.#cache.orderBook(instrumentId) as BookLike | null;
    if (existing !== null) {
      st.book = existing;
      return;
    }
    const instrument = this.#cache.instrument(instrumentId);
    if (instrument === null) {
      this.#errors.add(EngineErrorCode.ENGINE_UNKNOWN_INSTRUMENT);
      this.log.error({ instrumentId: instrumentId.value }, 'no book for an unknown instrument');
      return;
    }
    const book = this.#bookFactory(instrument, bookType);
    this.#cache.addOrderBook(instrumentId, book);
    st.book = book;
  }

  #state(id: InstrumentId): InstrumentState {
    let st = this.#instruments.get(id.value);
    if (st === undefined) {
      st = {
        quoteTopic: Topics.quotes(id),
        tradeTopic: Topics.trades(id),
        deltasTopic: Topics.bookDeltas(id),
        quoteAggregators: [],
        tradeAggregators: [],
        lastQuoteNs: -1n,
        lastTradeNs: -1n,
        book: null,
        buffer: [],
      };
      this.#instruments.set(id.value, st);
    }
    return st;
  }

  #barState(barType: BarType): BarTypeState {
    const key = barTypeToString(barType);
    let st = this.#barTypes.get(key);
    if (st === undefined) {
      st = { topic: Topics.bars(barType), lastNs: -1n };
      this.#barTypes.set(key, st);
    }
    return st;
  }

  // ---- data -----------------------------------------------------------------------------------

  /** Takes one piece of market data from a client (see the module doc). */
  process(data: MarketData): void {
    this.#processed += 1;
    switch (data.type) {
      case 'QuoteTick':
        this.#onQuote(data);
        return;
      case 'TradeTick':
        this.#onTrade(data);
        return;
      case 'Bar':
        this.#onBar(data);
        return;
      case 'OrderBookDelta':
        this.#onDelta(data);
        return;
      case 'OrderBookDeltas':
        this.#onDeltas(data);
        return;
      case 'CURRENCY_PAIR':
      case 'CRYPTO_PERPETUAL':
      case 'CRYPTO_FUTURE':
      case 'EQUITY':
        this.#cache.addInstrument(data);
        this.#bus.publish(Topics.instrument(data.id), data);
        return;
      default:
        assertNever(data, 'market data');
    }
  }

  #outOfSequence(kind: string, key: string, ts: bigint, last: bigint): boolean {
    if (!this.config.validateDataSequence || ts >= last) return false;
    this.#errors.add(EngineErrorCode.ENGINE_INVALID_DATA);
    this.log.warn({ kind, key, tsEvent: ts, lastNs: last }, 'data older than the last seen: dropped');
    return true;
  }

  #onQuote(q: QuoteTick): void {
    const st = this.#instruments.get(q.instrumentId.value) ?? this.#state(q.instrumentId);
    if (this.#outOfSequence('quote', q.instrumentId.value, q.tsEvent, st.lastQuoteNs)) return;
    st.lastQuoteNs = q.tsEvent;
    this.#cache.addQuote(q);
    this.#bus.publish(st.quoteTopic, q);
    const aggs = st.quoteAggregators;
    for (let i = 0; i < aggs.length; i++) this.#aggregate(aggs[i]!, q);
  }

  #onTrade(t: TradeTick): void {
    const st = this.#instruments.get(t.instrumentId.value) ?? this.#state(t.instrumentId);
    if (this.#outOfSequence('trade', t.instrumentId.value, t.tsEvent, st.lastTradeNs)) return;
    st.lastTradeNs = t.tsEvent;
    this.#cache.addTrade(t);
    this.#bus.publish(st.tradeTopic, t);
    const aggs = st.tradeAggregators;
    for (let i = 0; i < aggs.length; i++) this.#aggregate(aggs[i]!, t);
  }

  #aggregate(agg: BarAggregator, tick: QuoteTick | TradeTick): void {
    try {
      if (tick.type === 'QuoteTick') agg.handleQuote(tick);
      else agg.handleTrade(tick);
    } catch (error) {
      this.#errors.add(EngineErrorCode.ENGINE_INVALID_DATA);
      this.log.error({ err: error, barType: agg.key }, 'bar aggregator refused a tick');
    }
  }

  #onBar(b: Bar): void {
    const st = this.#barState(b.barType);
    if (this.#outOfSequence('bar', st.topic, b.tsEvent, st.lastNs)) return;
    st.lastNs = b.tsEvent;
    this.#cache.addBar(b);
    this.#bus.publish(st.topic, b);
  }

  #onDelta(d: OrderBookDelta): void {
    const st = this.#instruments.get(d.instrumentId.value) ?? this.#state(d.instrumentId);
    if (this.config.bufferDeltas) {
      st.buffer.push(d);
      if ((d.flags & RecordFlag.F_LAST) === 0) return;
      const batch = st.buffer;
      st.buffer = [];
      this.#onDeltas(orderBookDeltas(d.instrumentId, batch), st);
      return;
    }
    this.#onDeltas(orderBookDeltas(d.instrumentId, [d]), st);
  }

  #onDeltas(ds: OrderBookDeltas, state?: InstrumentState): void {
    const st = state ?? this.#instruments.get(ds.instrumentId.value) ?? this.#state(ds.instrumentId);
    if (st.book !== null) {
      try {
        st.book.applyDeltas(ds);
      } catch (error) {
        this.#errors.add(EngineErrorCode.ENGINE_INVALID_DATA);
        this.log.error(
          { err: error, instrumentId: ds.instrumentId.value },
          'book refused deltas: not published',
        );
        return;
      }
    }
    this.#bus.publish(st.deltasTopic, ds);
  }

  // ---- requests -------------------------------------------------------------------------------

  /** Asks a client for data (see the module doc); rejects when the client fails or none routes. */
  async request(req: DataRequest): Promise<DataResponse> {
    const instrumentId =
      req.spec.kind === 'INSTRUMENTS'
        ? null
        : req.spec.kind === 'BARS'
          ? req.spec.barType.instrumentId
          : req.spec.instrumentId;
    const client = this.clientFor(req.clientId, instrumentId, req.venue ?? requestVenue(req.spec));
    if (client === null) {
      this.#errors.add(EngineErrorCode.ENGINE_NO_CLIENT);
      throw new EngineError(EngineErrorCode.ENGINE_NO_CLIENT, `no data client for request ${req.requestId}`);
    }
    const spec = req.spec;
    let data: DataResponse['data'];
    switch (spec.kind) {
      case 'INSTRUMENT': {
        const i = await client.requestInstrument(spec.instrumentId);
        data = i === null ? [] : [i];
        for (const x of data) this.#cache.addInstrument(x);
        break;
      }
      case 'INSTRUMENTS': {
        const list = await client.requestInstruments(spec.venue);
        for (const x of list) this.#cache.addInstrument(x);
        data = list;
        break;
      }
      case 'QUOTES':
        data = await client.requestQuotes(spec.instrumentId, spec);
        break;
      case 'TRADES':
        data = await client.requestTrades(spec.instrumentId, spec);
        break;
      case 'BARS':
        data = await client.requestBars(spec.barType, spec);
        break;
      default:
        return assertNever(spec, 'request spec');
    }
    return {
      type: 'DataResponse',
      requestId: req.requestId,
      clientId: client.clientId,
      spec,
      data,
      tsEvent: req.tsEvent,
      tsInit: this.#clock.timestampNs(),
    };
  }
}
