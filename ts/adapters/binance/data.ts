/**
 * The Binance market-data client (spot and USD-M futures): instruments over REST, quotes
 * (`@bookTicker`), trades (`@trade`, or `@aggTrade` with `useAggTradeTicks`), order books
 * (`@depth@100ms` kept in sync with REST snapshots by {@link BinanceBookSync}) and closed bars
 * (`@kline_<interval>`), delivered as model data to `onData`.
 *
 * # Books
 * Subscribing a book subscribes the diff stream first, then fetches a snapshot: diffs that
 * arrive meanwhile are buffered by the sync machine. A gap (`resync`) fetches a new snapshot; a
 * reconnect resets every book and fetches fresh snapshots (the back-fill of the data side).
 * Until a snapshot is applied, no deltas are delivered for that book.
 *
 * Payloads that fail to parse are reported to `onError` (with the stream name), never dropped
 * silently and never thrown into the socket.
 */
import { liveTimestampNs } from '../../common/clock/index.js';
import { createSilentLogger, type Logger } from '../../common/logging/index.js';
import type { BinanceDataClientConfig } from '../../config/binance.js';
import type { BarAggregation } from '../../model/data/bar.js';
import { ClientId, type InstrumentId, type Venue } from '../../model/identifiers/index.js';
import type { Instrument } from '../../model/instruments/index.js';
import { BinanceBookSync, type BinanceBookSyncAction } from './book-sync.js';
import { type BinancePaths, binanceUrls, pathsOf } from './endpoints.js';
import { BinanceError } from './errors.js';
import { BinanceHttpClient } from './http.js';
import type { DataClientLike, MarketDataItem } from './interfaces.js';
import { type BinanceMarket, BinanceSymbols } from './parse/common.js';
import { parseExchangeInfo } from './parse/instruments.js';
import {
  bookActionToDeltas,
  klineInterval,
  parseBookTicker,
  parseDepthSnapshot,
  parseDepthUpdate,
  parseKline,
  parseTrade,
} from './parse/market.js';
import { BinanceRateLimiter } from './rate-limit.js';
import { type BackoffOptions, BinanceMarketStream } from './ws.js';

export interface BinanceDataClientOptions {
  readonly config: BinanceDataClientConfig;
  readonly onData: (item: MarketDataItem) => void;
  /** A payload that could not be parsed, or a snapshot that could not be fetched. */
  readonly onError?: (error: Error, stream: string | null) => void;
  readonly clientId?: ClientId;
  readonly logger?: Logger;
  readonly nowNs?: () => bigint;
  readonly backoff?: BackoffOptions;
  /** Levels of each REST book snapshot (default 1000). */
  readonly snapshotDepth?: number;
  readonly fetch?: typeof fetch;
}

interface BookState {
  readonly id: InstrumentId;
  readonly sync: BinanceBookSync;
  /** A snapshot request is in flight (never two at once for one book). */
  fetching: boolean;
  /** Snapshots in a row that were older than the stream. */
  staleInRow: number;
  retryTimer: NodeJS.Timeout | null;
}

/** Wait before asking again for a snapshot that was older than the stream (ms). */
function staleDelayMs(n: number): number {
  return Math.min(5_000, 100 * 2 ** Math.max(0, n - 1));
}

function marketOf(config: BinanceDataClientConfig): BinanceMarket {
  if (config.accountType === 'SPOT') return 'SPOT';
  if (config.accountType === 'USDT_FUTURE') return 'USDT_FUTURE';
  throw new BinanceError(
    'BINANCE_UNSUPPORTED',
    `account type ${config.accountType} is not supported by this adapter`,
  );
}

/** See the module doc. */
export class BinanceDataClient implements DataClientLike {
  readonly clientId: ClientId;
  readonly venue: Venue;
  readonly market: BinanceMarket;
  readonly symbols: BinanceSymbols;
  readonly http: BinanceHttpClient;
  readonly stream: BinanceMarketStream;
  readonly paths: BinancePaths;
  readonly #o: BinanceDataClientOptions;
  readonly #log: Logger;
  readonly #nowNs: () => bigint;
  /** Book sync per venue symbol (lower-case stream prefix). */
  readonly #books = new Map<string, BookState>();

  constructor(o: BinanceDataClientOptions) {
    this.#o = o;
    const config = o.config;
    this.market = marketOf(config);
    this.symbols = new BinanceSymbols(this.market, config.venue);
    this.venue = this.symbols.venue;
    this.clientId = o.clientId ?? ClientId.from(`${config.venue}_${this.market}`);
    this.paths = pathsOf(this.market);
    this.#log = o.logger ?? createSilentLogger();
    this.#nowNs = o.nowNs ?? liveTimestampNs;
    const urls = binanceUrls(this.market, config);
    this.http = new BinanceHttpClient({
      baseUrl: urls.http,
      timePath: this.paths.time,
      maxRetries: config.maxRetries,
      retryDelayMs: config.retryDelayMs,
      rateLimiter: new BinanceRateLimiter(this.market),
      logger: this.#log,
      ...(o.fetch === undefined ? {} : { fetch: o.fetch }),
    });
    this.stream = new BinanceMarketStream({
      baseUrl: urls.wsMarket,
      onData: (s, d) => this.#route(s, d),
      onReconnect: () => this.#resyncAllBooks(),
      logger: this.#log,
      ...(o.backoff === undefined ? {} : { backoff: o.backoff }),
    });
  }

  async connect(): Promise<void> {
    await this.stream.connect();
  }

  async disconnect(): Promise<void> {
    for (const b of this.#books.values()) if (b.retryTimer) clearTimeout(b.retryTimer);
    await this.stream.close();
  }

  async loadInstruments(): Promise<readonly Instrument[]> {
    return parseExchangeInfo(await this.http.get(this.paths.exchangeInfo), this.symbols, this.#nowNs());
  }

  #name(instrumentId: InstrumentId, suffix: string): string {
    return `${this.symbols.venueSymbol(instrumentId).toLowerCase()}@${suffix}`;
  }

  get #tradeSuffix(): string {
    return this.#o.config.useAggTradeTicks ? 'aggTrade' : 'trade';
  }

  subscribeQuotes(instrumentId: InstrumentId): Promise<void> {
    return this.stream.subscribe([this.#name(instrumentId, 'bookTicker')]);
  }
  unsubscribeQuotes(instrumentId: InstrumentId): Promise<void> {
    return this.stream.unsubscribe([this.#name(instrumentId, 'bookTicker')]);
  }
  subscribeTrades(instrumentId: InstrumentId): Promise<void> {
    return this.stream.subscribe([this.#name(instrumentId, this.#tradeSuffix)]);
  }
  unsubscribeTrades(instrumentId: InstrumentId): Promise<void> {
    return this.stream.unsubscribe([this.#name(instrumentId, this.#tradeSuffix)]);
  }

  /** Closed bars of `step`/`aggregation` (a Binance kline interval such as 1-MINUTE). */
  subscribeBars(instrumentId: InstrumentId, step: number, aggregation: BarAggregation): Promise<void> {
    const interval = klineInterval(step, aggregation);
    if (interval === null) {
      return Promise.reject(
        new BinanceError('BINANCE_UNSUPPORTED', `Binance has no ${step}-${aggregation} klines`),
      );
    }
    return this.stream.subscribe([this.#name(instrumentId, `kline_${interval}`)]);
  }

  async subscribeBook(instrumentId: InstrumentId): Promise<void> {
    const key = this.symbols.venueSymbol(instrumentId).toLowerCase();
    if (this.#books.has(key)) return;
    const sync = new BinanceBookSync({ kind: this.market === 'SPOT' ? 'spot' : 'futures' });
    this.#books.set(key, { id: instrumentId, sync, fetching: false, staleInRow: 0, retryTimer: null });
    try {
      // Diffs first (they buffer), then the snapshot they are bridged onto.
      await this.stream.subscribe([`${key}@depth@100ms`]);
      await this.#fetchSnapshot(key);
    } catch (e) {
      this.#books.delete(key);
      throw e;
    }
  }

  async unsubscribeBook(instrumentId: InstrumentId): Promise<void> {
    const key = this.symbols.venueSymbol(instrumentId).toLowerCase();
    const book = this.#books.get(key);
    if (book?.retryTimer) clearTimeout(book.retryTimer);
    this.#books.delete(key);
    await this.stream.unsubscribe([`${key}@depth@100ms`]);
  }

  async #fetchSnapshot(key: string): Promise<void> {
    const book = this.#books.get(key);
    if (book === undefined || book.fetching) return;
    book.fetching = true;
    let json: unknown;
    try {
      json = await this.http.get(this.paths.depth, {
        symbol: this.symbols.venueSymbol(book.id),
        limit: this.#o.snapshotDepth ?? 1000,
      });
    } finally {
      book.fetching = false;
    }
    if (this.#books.get(key) !== book) return;
    this.#apply(book, key, book.sync.onSnapshot(parseDepthSnapshot(json)), this.#nowNs());
  }

  #refetch(book: BookState, key: string, delayMs: number): void {
    const run = () => {
      book.retryTimer = null;
      this.#fetchSnapshot(key).catch((e: unknown) => this.#o.onError?.(e as Error, `${key}@depth@100ms`));
    };
    if (book.retryTimer !== null) return;
    if (delayMs <= 0) run();
    else book.retryTimer = setTimeout(run, delayMs);
  }

  #apply(book: BookState, key: string, actions: readonly BinanceBookSyncAction[], tsEvent: bigint): void {
    const tsInit = this.#nowNs();
    for (const a of actions) {
      if (a.type === 'resync') {
        this.#log.warn(
          { instrumentId: book.id.value, reason: a.reason },
          `binance book resync: ${a.message}`,
        );
        // A snapshot older than the stream will not improve if asked again at once: back off.
        if (a.reason === 'snapshot-stale') this.#refetch(book, key, staleDelayMs(++book.staleInRow));
        else this.#refetch(book, key, 0);
        continue;
      }
      if (a.type === 'snapshot') book.staleInRow = 0;
      const deltas = bookActionToDeltas(book.id, a, tsEvent, tsInit);
      if (deltas !== null) this.#o.onData(deltas);
    }
  }

  /** After a reconnect every book may have missed diffs: start each one again. */
  async #resyncAllBooks(): Promise<void> {
    for (const [key, book] of this.#books) {
      book.sync.reset();
      await this.#fetchSnapshot(key).catch((e: unknown) =>
        this.#o.onError?.(e as Error, `${key}@depth@100ms`),
      );
    }
  }

  #route(stream: string, data: unknown): void {
    const tsInit = this.#nowNs();
    try {
      const at = stream.indexOf('@');
      const kind = at < 0 ? '' : stream.slice(at + 1);
      if (kind === 'bookTicker') this.#o.onData(parseBookTicker(data, this.symbols, tsInit));
      else if (kind === 'trade' || kind === 'aggTrade')
        this.#o.onData(parseTrade(data, this.symbols, tsInit));
      else if (kind.startsWith('kline_')) {
        const k = parseKline(data, this.symbols, tsInit);
        if (k.bar !== null) this.#o.onData(k.bar);
      } else if (kind.startsWith('depth')) {
        const u = parseDepthUpdate(data);
        const key = u.symbol.toLowerCase();
        const book = this.#books.get(key);
        if (book !== undefined) this.#apply(book, key, book.sync.onEvent(u.event), u.tsEvent);
      } else this.#log.debug({ stream }, 'binance market stream: unhandled stream');
    } catch (e) {
      this.#log.error({ err: e, stream }, 'binance market data not parsed');
      this.#o.onError?.(e as Error, stream);
    }
  }
}
