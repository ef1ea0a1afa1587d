/**
 * The Binance execution client (spot and USD-M futures): orders over REST, the three report
 * generators of the reconciliation procedure, and the user-data stream (see `user-stream.ts`).
 *
 * # Orders
 * `newClientOrderId` is our `ClientOrderId`. Spot answers FULL (fills included). Futures plain
 * orders go to `/fapi/v1/order`; conditional ones (stop, take-profit, trailing) to the algo
 * service `/fapi/v1/algoOrder` with `clientAlgoId`, and their venue ids are `ALGO-<algoId>`.
 * Spot has no in-place modify: `modifyOrder` is rejected `BINANCE_UNSUPPORTED`.
 *
 * # Reports (fail closed)
 * Order history (`allOrders`) and trades (`myTrades` / `userTrades`) are per symbol on Binance.
 * The symbols asked are: the query's instrument, else the symbols of the open orders, the
 * configured `reconciliationInstrumentIds` and the caller's `activeInstrumentIds` (what its cache
 * holds open: an order that closed at the venue leaves no open order there to name its symbol). Trades are paged by id until exhausted. Any failed
 * query throws; nothing is reported from half the queries.
 */

import { liveTimestampNs } from '../../common/clock/index.js';
import { createSilentLogger, type Logger } from '../../common/logging/index.js';
import type { BinanceExecClientConfig } from '../../config/binance.js';
import { resolveBinanceCredentials } from '../../config/binance.js';
import {
  AccountId,
  ClientId,
  type InstrumentId,
  type Venue,
  VenueOrderId,
} from '../../model/identifiers/index.js';
import type { Instrument } from '../../model/instruments/index.js';
import {
  ExecutionMassStatus,
  type FillReport,
  type OrderStatusReport,
  type PositionStatusReport,
} from '../../model/reports/index.js';
import { type BinancePaths, type BinanceUrls, binanceUrls, pathsOf } from './endpoints.js';
import { BinanceError, isBinanceCode, STATUS_UNKNOWN } from './errors.js';
import { BinanceHttpClient } from './http.js';
import type {
  CancelAllResult,
  CancelOrderRequest,
  CommandRejected,
  CommandResult,
  CommandUnknown,
  ExecutionClientLike,
  ModifyOrderRequest,
  QueryOrderRequest,
  ReportQuery,
  SubmitOrderRequest,
} from './interfaces.js';
import { type BinanceAccountSnapshot, parseFuturesAccount, parseSpotAccount } from './parse/account.js';
import { type BinanceMarket, BinanceSymbols, type ReportContext, venueOrderType } from './parse/common.js';
import { Fields } from './parse/fields.js';
import { parseFuturesTrades, parseSpotOrderFills, parseSpotTrades } from './parse/fills.js';
import { parseExchangeInfo } from './parse/instruments.js';
import {
  ALGO_ID_PREFIX,
  algoActualOrderId,
  parseAlgoOrder,
  parseAlgoOrders,
  parseFuturesOrder,
  parseFuturesOrders,
  parseSpotOrder,
  parseSpotOrders,
} from './parse/orders.js';
import { parsePositionRisk } from './parse/positions.js';
import type { BinanceUserUpdate } from './parse/user.js';
import { BinanceRateLimiter } from './rate-limit.js';
import { ed25519Signer, hmacSigner, type Params, type RequestSigner } from './signing.js';
import { BinanceFuturesUserStream, BinanceSpotUserStream, type BinanceUserStream } from './user-stream.js';
import type { BackoffOptions } from './ws.js';

/** Futures order types served by the algo service. */
const ALGO_TYPES = new Set([
  'STOP_MARKET',
  'STOP_LIMIT',
  'MARKET_IF_TOUCHED',
  'LIMIT_IF_TOUCHED',
  'TRAILING_STOP_MARKET',
]);

/** Most orders or trades one page returns (both markets). */
const PAGE = 1000;
/** Pages read per symbol before giving up (refusing rather than reporting a part). */
const MAX_PAGES = 100;

export interface BinanceExecutionClientOptions {
  readonly config: BinanceExecClientConfig;
  /** Defaults to `<venue>-<accountType>` (e.g. `BINANCE-SPOT`). */
  readonly accountId?: AccountId;
  readonly clientId?: ClientId;
  /** Symbols whose order history and trades are read at reconciliation. */
  readonly reconciliationInstrumentIds?: readonly InstrumentId[];
  /** Instruments the caller holds open orders or positions of, read at each report query. */
  readonly activeInstrumentIds?: () => readonly InstrumentId[];
  readonly logger?: Logger;
  /** Now in UNIX ns (default the live clock): `tsInit` of reports. */
  readonly nowNs?: () => bigint;
  /** Environment for credentials (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly timeoutMs?: number;
  readonly rateLimiter?: BinanceRateLimiter;
  readonly fetch?: typeof fetch;
  /**
   * User-data stream events. When set, `connect()` opens the stream (futures listenKey, spot
   * WebSocket API) and `disconnect()` closes it.
   */
  readonly onUserUpdate?: (update: BinanceUserUpdate) => void;
  /** Unparseable user events and stream failures. */
  readonly onUserStreamError?: (error: Error) => void;
  /**
   * Runs after the user stream reconnects: events may have been missed, so the caller
   * re-queries (e.g. `generateOrderStatusReports({ openOnly: true })` and recent fills).
   */
  readonly onBackfill?: () => void | Promise<void>;
  readonly wsBackoff?: BackoffOptions;
}

function marketOf(config: BinanceExecClientConfig): BinanceMarket {
  if (config.accountType === 'SPOT') return 'SPOT';
  if (config.accountType === 'USDT_FUTURE') return 'USDT_FUTURE';
  throw new BinanceError(
    'BINANCE_UNSUPPORTED',
    `account type ${config.accountType} is not supported by this adapter`,
  );
}

function nsToMs(ns: bigint): number {
  return Number(ns / 1_000_000n);
}

/** See the module doc. */
export class BinanceExecutionClient implements ExecutionClientLike {
  readonly clientId: ClientId;
  readonly venue: Venue;
  readonly accountId: AccountId;
  readonly market: BinanceMarket;
  readonly symbols: BinanceSymbols;
  readonly http: BinanceHttpClient;
  readonly paths: BinancePaths;
  readonly config: BinanceExecClientConfig;
  readonly #log: Logger;
  readonly #nowNs: () => bigint;
  readonly #reconIds: readonly InstrumentId[];
  readonly #activeIds: () => readonly InstrumentId[];
  readonly #settlement = new Map<string, string>();
  #instruments: readonly Instrument[] = [];
  readonly #o: BinanceExecutionClientOptions;
  readonly #urls: BinanceUrls;
  readonly #apiKey: string | null;
  readonly #signer: RequestSigner | null;
  #userStream: BinanceUserStream | null = null;

  constructor(o: BinanceExecutionClientOptions) {
    const config = o.config;
    this.config = config;
    this.market = marketOf(config);
    this.symbols = new BinanceSymbols(this.market, config.venue);
    this.venue = this.symbols.venue;
    this.accountId = o.accountId ?? AccountId.from(`${config.venue}-${config.accountType.replace('_', '')}`);
    this.clientId = o.clientId ?? ClientId.from(`${config.venue}_${this.market}`);
    this.paths = pathsOf(this.market);
    this.#log = o.logger ?? createSilentLogger();
    this.#nowNs = o.nowNs ?? liveTimestampNs;
    this.#reconIds = o.reconciliationInstrumentIds ?? [];
    this.#activeIds = o.activeInstrumentIds ?? (() => []);
    this.#o = o;
    const creds = resolveBinanceCredentials(config, o.env);
    const urls = binanceUrls(this.market, config);
    this.#urls = urls;
    this.#apiKey = creds?.apiKey ?? null;
    this.#signer =
      creds === null
        ? null
        : config.keyType === 'ED25519'
          ? ed25519Signer(creds.apiSecret)
          : hmacSigner(creds.apiSecret);
    this.http = new BinanceHttpClient({
      baseUrl: urls.http,
      timePath: this.paths.time,
      apiKey: this.#apiKey,
      signer: this.#signer,
      recvWindowMs: config.recvWindowMs,
      maxRetries: config.maxRetries,
      retryDelayMs: config.retryDelayMs,
      rateLimiter: o.rateLimiter ?? new BinanceRateLimiter(this.market),
      logger: this.#log,
      ...(o.timeoutMs === undefined ? {} : { timeoutMs: o.timeoutMs }),
      ...(o.fetch === undefined ? {} : { fetch: o.fetch }),
    });
  }

  #ctx(): ReportContext {
    return {
      symbols: this.symbols,
      accountId: this.accountId,
      tsInit: this.#nowNs(),
      settlementAsset: (s) => this.#settlement.get(s) ?? null,
    };
  }

  /**
   * Synchronises the server time, loads instruments (for settlement assets) and, with
   * `onUserUpdate`, opens the user-data stream.
   */
  async connect(): Promise<void> {
    await this.http.syncTime();
    await this.loadInstruments();
    const onUpdate = this.#o.onUserUpdate;
    if (onUpdate === undefined || this.#userStream !== null) return;
    const common = {
      context: () => this.#ctx(),
      onUpdate,
      ...(this.#o.onUserStreamError === undefined ? {} : { onError: this.#o.onUserStreamError }),
      ...(this.#o.onBackfill === undefined ? {} : { onReconnect: this.#o.onBackfill }),
      ...(this.#o.wsBackoff === undefined ? {} : { backoff: this.#o.wsBackoff }),
      logger: this.#log,
    };
    if (this.market === 'USDT_FUTURE') {
      this.#userStream = new BinanceFuturesUserStream({
        ...common,
        http: this.http,
        wsBaseUrl: this.#urls.wsMarket,
      });
    } else {
      if (this.#apiKey === null || this.#signer === null) {
        throw new BinanceError(
          'MISSING_CREDENTIALS',
          'the spot user-data stream needs an API key and secret',
        );
      }
      this.#userStream = new BinanceSpotUserStream({
        ...common,
        wsApiUrl: this.#urls.wsApi,
        apiKey: this.#apiKey,
        signer: this.#signer,
        venueNowMs: () => this.http.venueNowMs(),
      });
    }
    try {
      await this.#userStream.connect();
    } catch (e) {
      const s = this.#userStream;
      this.#userStream = null;
      await s.close().catch(() => {});
      throw e;
    }
  }

  /** Closes the user-data stream (if open). */
  async disconnect(): Promise<void> {
    const s = this.#userStream;
    this.#userStream = null;
    if (s !== null) await s.close();
  }

  /** The user-data stream while connected (for inspection). */
  get userStream(): BinanceUserStream | null {
    return this.#userStream;
  }

  /** Instruments of the market (also remembers each symbol's settlement asset). */
  async loadInstruments(): Promise<Instrument[]> {
    const json = await this.http.get(this.paths.exchangeInfo);
    const list = parseExchangeInfo(json, this.symbols, this.#nowNs());
    for (const i of list) this.#settlement.set(this.symbols.venueSymbol(i.id), i.settlementCurrency.code);
    this.#instruments = list;
    return list;
  }

  /** The instruments of the last `loadInstruments` (`connect` loads them). */
  get instruments(): readonly Instrument[] {
    return this.#instruments;
  }

  // --- commands -------------------------------------------------------------------------------

  /** Maps a failure of a command to its outcome: unknown when it may have executed. */
  #outcome(e: unknown, what: string): CommandRejected | CommandUnknown {
    if (!(e instanceof BinanceError)) {
      return { type: 'unknown', code: STATUS_UNKNOWN, reason: `${what}: ${(e as Error).message}` };
    }
    // A 2xx we cannot read means the venue did act: we just do not know how.
    if (e.code === STATUS_UNKNOWN || e.code === 'BINANCE_INVALID_PAYLOAD') {
      return { type: 'unknown', code: e.code, reason: e.message };
    }
    const venueCode = typeof e.details?.binanceCode === 'number' ? e.details.binanceCode : null;
    return { type: 'rejected', code: e.code, reason: e.message, venueCode };
  }

  #rejectLocal(code: string, reason: string): CommandRejected {
    return { type: 'rejected', code, reason, venueCode: null };
  }

  #isAlgo(orderType: string | undefined): boolean {
    return this.market === 'USDT_FUTURE' && orderType !== undefined && ALGO_TYPES.has(orderType);
  }

  /** The request parameters of a new order (null and a reason when the venue cannot take it). */
  #orderParams(r: SubmitOrderRequest): { params: Params; algo: boolean } | { error: string } {
    const algo = this.#isAlgo(r.orderType);
    const type = venueOrderType(r.orderType, this.market, r.postOnly === true && r.orderType === 'LIMIT');
    if (type === null) return { error: `${r.orderType} orders are not supported on Binance ${this.market}` };
    const symbol = this.symbols.venueSymbol(r.instrumentId);
    const p: Record<string, string | number | boolean | null | undefined> = { symbol, side: r.side, type };
    const needsTif =
      r.orderType === 'LIMIT' || r.orderType === 'STOP_LIMIT' || r.orderType === 'LIMIT_IF_TOUCHED';
    if (needsTif && type !== 'LIMIT_MAKER') {
      if (r.postOnly && this.market === 'USDT_FUTURE') p.timeInForce = 'GTX';
      else if (r.timeInForce === 'GTC' || r.timeInForce === 'IOC' || r.timeInForce === 'FOK')
        p.timeInForce = r.timeInForce;
      else if (r.timeInForce === 'GTD' && this.market === 'USDT_FUTURE') {
        p.timeInForce = 'GTD';
        if (r.expireTimeNs == null) return { error: 'a GTD order needs expireTimeNs' };
        p.goodTillDate = nsToMs(r.expireTimeNs);
      } else return { error: `time in force ${r.timeInForce} is not supported on Binance ${this.market}` };
    }
    p.quantity = r.quantity.toString();
    if (r.price != null) p.price = r.price.toString();
    if (r.displayQty != null && this.market === 'SPOT') p.icebergQty = r.displayQty.toString();
    if (this.market === 'SPOT') {
      if (r.triggerPrice != null) p.stopPrice = r.triggerPrice.toString();
      p.newClientOrderId = r.clientOrderId.value;
      p.newOrderRespType = 'FULL';
      return { params: p, algo: false };
    }
    if (r.reduceOnly && this.config.useReduceOnly && r.positionSide == null) p.reduceOnly = 'true';
    if (r.positionSide != null) p.positionSide = r.positionSide;
    if (r.triggerType === 'MARK_PRICE') p.workingType = 'MARK_PRICE';
    else if (r.triggerType === 'LAST_PRICE') p.workingType = 'CONTRACT_PRICE';
    if (!algo) {
      p.newClientOrderId = r.clientOrderId.value;
      p.newOrderRespType = 'RESULT';
      return { params: p, algo };
    }
    p.algoType = 'CONDITIONAL';
    p.clientAlgoId = r.clientOrderId.value;
    if (r.orderType === 'TRAILING_STOP_MARKET') {
      if (r.trailingOffsetBps == null) return { error: 'a trailing stop needs trailingOffsetBps' };
      p.callbackRate = r.trailingOffsetBps.div(100).toString();
      if (r.triggerPrice != null) p.activatePrice = r.triggerPrice.toString();
    } else {
      if (r.triggerPrice == null) return { error: `a ${r.orderType} order needs a triggerPrice` };
      p.triggerPrice = r.triggerPrice.toString();
    }
    return { params: p, algo };
  }

  async submitOrder(r: SubmitOrderRequest): Promise<CommandResult> {
    const built = this.#orderParams(r);
    if ('error' in built) return this.#rejectLocal('BINANCE_UNSUPPORTED', built.error);
    const path = built.algo ? this.paths.algoOrder! : this.paths.order;
    let json: unknown;
    try {
      json = await this.http.request('POST', path, { params: built.params, signed: true });
    } catch (e) {
      return this.#outcome(e, `submit ${r.clientOrderId}`);
    }
    try {
      const ctx = this.#ctx();
      const f = Fields.of('order response', json);
      if (built.algo) return { type: 'accepted', report: parseAlgoOrder(f, ctx), fills: [] };
      if (this.market === 'SPOT') {
        return { type: 'accepted', report: parseSpotOrder(f, ctx), fills: parseSpotOrderFills(json, ctx) };
      }
      return { type: 'accepted', report: parseFuturesOrder(f, ctx), fills: [] };
    } catch (e) {
      return this.#outcome(e, `submit ${r.clientOrderId}`);
    }
  }

  async modifyOrder(r: ModifyOrderRequest): Promise<CommandResult> {
    if (this.market === 'SPOT') {
      return this.#rejectLocal(
        'BINANCE_UNSUPPORTED',
        'Binance spot cannot modify an order in place: cancel and replace it',
      );
    }
    // Binance USD-M amends LIMIT orders only (PUT /fapi/v1/order); the algo service has no amend
    // at all. Emulating one here (cancel, then place anew) would hide a window without the order
    // and a cancel that succeeds with a placement that fails: that choice belongs to the strategy.
    if (r.venueOrderId?.value.startsWith(ALGO_ID_PREFIX)) {
      return this.#rejectLocal(
        'BINANCE_UNSUPPORTED',
        'Binance USD-M cannot amend a conditional (algo) order, only LIMIT orders: cancel and replace it',
      );
    }
    // A triggered stop's order (MARKET) has no price either: only a LIMIT order can be amended.
    if (r.price == null) {
      return this.#rejectLocal(
        'BINANCE_UNSUPPORTED',
        'Binance USD-M cannot amend an order without a price, only LIMIT orders: cancel and replace it',
      );
    }
    const params: Params = {
      symbol: this.symbols.venueSymbol(r.instrumentId),
      ...(r.venueOrderId == null
        ? { origClientOrderId: r.clientOrderId.value }
        : { orderId: r.venueOrderId.value }),
      side: r.side,
      quantity: r.quantity.toString(),
      price: r.price?.toString(),
    };
    try {
      const json = await this.http.request('PUT', this.paths.order, { params, signed: true });
      return {
        type: 'accepted',
        report: parseFuturesOrder(Fields.of('modify response', json), this.#ctx()),
        fills: [],
      };
    } catch (e) {
      return this.#outcome(e, `modify ${r.clientOrderId}`);
    }
  }

  #algoIdOf(venueOrderId: { value: string } | null | undefined): string | null {
    const v = venueOrderId?.value;
    return v?.startsWith(ALGO_ID_PREFIX) ? v.slice(ALGO_ID_PREFIX.length) : null;
  }

  async cancelOrder(r: CancelOrderRequest): Promise<CommandResult> {
    const symbol = this.symbols.venueSymbol(r.instrumentId);
    const algoId = this.#algoIdOf(r.venueOrderId);
    const algo =
      this.market === 'USDT_FUTURE' &&
      (algoId !== null || (r.venueOrderId == null && this.#isAlgo(r.orderType)));
    try {
      if (algo) {
        const params: Params = algoId !== null ? { algoId } : { clientAlgoId: r.clientOrderId.value };
        await this.http.request('DELETE', this.paths.algoOrder!, { params, signed: true });
        // The cancel answer is an acknowledgement only: read the order's final state.
        const report = await this.queryOrder({
          instrumentId: r.instrumentId,
          clientOrderId: r.clientOrderId,
          venueOrderId: r.venueOrderId ?? null,
          orderType: r.orderType ?? 'STOP_MARKET',
        });
        if (report === null)
          return {
            type: 'unknown',
            code: STATUS_UNKNOWN,
            reason: `cancel ${r.clientOrderId}: the algo order is no longer found`,
          };
        return { type: 'accepted', report, fills: [] };
      }
      const params: Params = {
        symbol,
        ...(r.venueOrderId == null
          ? { origClientOrderId: r.clientOrderId.value }
          : { orderId: r.venueOrderId.value }),
      };
      const json = await this.http.request('DELETE', this.paths.order, { params, signed: true });
      const f = Fields.of('cancel response', json);
      const ctx = this.#ctx();
      return {
        type: 'accepted',
        report: this.market === 'SPOT' ? parseSpotOrder(f, ctx) : parseFuturesOrder(f, ctx),
        fills: [],
      };
    } catch (e) {
      return this.#outcome(e, `cancel ${r.clientOrderId}`);
    }
  }

  async cancelAllOrders(
    instrumentId: InstrumentId,
  ): Promise<CancelAllResult | CommandRejected | CommandUnknown> {
    const symbol = this.symbols.venueSymbol(instrumentId);
    try {
      if (this.market === 'SPOT') {
        let json: unknown;
        try {
          json = await this.http.request('DELETE', this.paths.cancelAll, {
            params: { symbol },
            signed: true,
          });
        } catch (e) {
          // -2011 here means "there was no open order to cancel".
          if (isBinanceCode(e, -2011)) return { type: 'accepted', reports: [] };
          throw e;
        }
        return {
          type: 'accepted',
          reports: parseSpotOrders(json, this.#ctx(), 'cancel open orders response'),
        };
      }
      await this.http.request('DELETE', this.paths.cancelAll, { params: { symbol }, signed: true });
      await this.http.request('DELETE', this.paths.cancelAllAlgo!, { params: { symbol }, signed: true });
      // Futures answer `{code: 200, msg}` only: each cancel arrives on the user stream.
      return { type: 'accepted', reports: [] };
    } catch (e) {
      return this.#outcome(e, `cancel all ${instrumentId}`);
    }
  }

  async queryOrder(r: QueryOrderRequest): Promise<OrderStatusReport | null> {
    const symbol = this.symbols.venueSymbol(r.instrumentId);
    const algoId = this.#algoIdOf(r.venueOrderId);
    const algo =
      this.market === 'USDT_FUTURE' &&
      (algoId !== null || (r.venueOrderId == null && this.#isAlgo(r.orderType)));
    let params: Params;
    if (algo) {
      if (algoId === null && r.clientOrderId == null)
        throw new BinanceError('INVALID_ARGUMENT', 'queryOrder needs an order id');
      params = algoId !== null ? { algoId } : { clientAlgoId: r.clientOrderId!.value };
    } else if (r.venueOrderId != null) params = { symbol, orderId: r.venueOrderId.value };
    else if (r.clientOrderId != null) params = { symbol, origClientOrderId: r.clientOrderId.value };
    else throw new BinanceError('INVALID_ARGUMENT', 'queryOrder needs a client or venue order id');
    let json: unknown;
    try {
      json = await this.http.get(algo ? this.paths.algoOrder! : this.paths.order, params, true);
    } catch (e) {
      // "Order does not exist" is an answer; every other failure is not.
      if (isBinanceCode(e, -2013)) return null;
      throw e;
    }
    const f = Fields.of('order', json);
    const ctx = this.#ctx();
    if (algo) {
      const actual = algoActualOrderId(f);
      if (actual === null) return parseAlgoOrder(f, ctx);
      // Triggered: the order that lives on (and trades) is the actual one, under the same client
      // id; its report is the truth (status, fills), the algo's is history.
      try {
        const a = await this.http.get(this.paths.order, { symbol, orderId: actual }, true);
        return parseFuturesOrder(Fields.of('order', a), ctx);
      } catch (e) {
        if (isBinanceCode(e, -2013)) return parseAlgoOrder(f, ctx);
        throw e;
      }
    }
    return this.market === 'SPOT' ? parseSpotOrder(f, ctx) : parseFuturesOrder(f, ctx);
  }

  /**
   * The venue order id whose trades are those of `venueOrderId`: an `ALGO-` id stands for the
   * actual order its trigger placed (null: not triggered, no trades); any other id is itself.
   */
  async #tradingOrderId(venueOrderId: VenueOrderId): Promise<VenueOrderId | null> {
    const algoId = this.#algoIdOf(venueOrderId);
    if (algoId === null || this.market !== 'USDT_FUTURE') return venueOrderId;
    let json: unknown;
    try {
      json = await this.http.get(this.paths.algoOrder!, { algoId }, true);
    } catch (e) {
      if (isBinanceCode(e, -2013)) return null;
      throw e;
    }
    const actual = algoActualOrderId(Fields.of('algo order', json));
    return actual === null ? null : VenueOrderId.from(actual);
  }

  // --- reports --------------------------------------------------------------------------------

  async #openOrders(instrumentId: InstrumentId | null): Promise<OrderStatusReport[]> {
    const params: Params = instrumentId === null ? {} : { symbol: this.symbols.venueSymbol(instrumentId) };
    const ctx = this.#ctx();
    const json = await this.http.get(this.paths.openOrders, params, true);
    if (this.market === 'SPOT') return parseSpotOrders(json, ctx, 'open orders');
    const plain = parseFuturesOrders(json, ctx, 'open orders');
    const algo = parseAlgoOrders(
      await this.http.get(this.paths.openAlgoOrders!, params, true),
      ctx,
      'open algo orders',
    );
    return [...plain, ...algo];
  }

  /** The symbols whose history is read (see the module doc), sorted. */
  #historySymbols(q: ReportQuery, open: readonly OrderStatusReport[]): string[] {
    if (q.instrumentId != null) return [this.symbols.venueSymbol(q.instrumentId)];
    const set = new Set<string>();
    for (const r of open) set.add(this.symbols.venueSymbol(r.instrumentId));
    for (const id of this.#reconIds) set.add(this.symbols.venueSymbol(id));
    const ours = new Set(this.#instruments.map((i) => i.id.value));
    for (const id of this.#activeIds()) {
      // Another market's instrument (a spot pair in a cache shared with a futures client) is not ours.
      if (ours.has(id.value)) set.add(this.symbols.venueSymbol(id));
    }
    return [...set].sort();
  }

  #window(q: ReportQuery): Params {
    return {
      startTime: q.startNs == null ? undefined : nsToMs(q.startNs),
      endTime: q.endNs == null ? undefined : nsToMs(q.endNs),
    };
  }

  async generateOrderStatusReports(q: ReportQuery = {}): Promise<OrderStatusReport[]> {
    const open = await this.#openOrders(q.instrumentId ?? null);
    const byId = new Map<string, OrderStatusReport>();
    if (!q.openOnly) {
      for (const symbol of this.#historySymbols(q, open)) {
        for (const r of await this.#allOrdersOf(symbol, q)) byId.set(r.venueOrderId.value, r);
      }
    }
    // Open orders are the freshest view of the orders they list.
    for (const r of open) byId.set(r.venueOrderId.value, r);
    const out = [...byId.values()].filter(
      (r) =>
        (q.startNs == null || r.tsLast >= q.startNs || isOpen(r)) &&
        (q.endNs == null || r.tsAccepted <= q.endNs),
    );
    out.sort((a, b) =>
      a.tsAccepted < b.tsAccepted
        ? -1
        : a.tsAccepted > b.tsAccepted
          ? 1
          : a.venueOrderId.value.localeCompare(b.venueOrderId.value),
    );
    this.#log.debug({ count: out.length }, 'binance order status reports');
    return out;
  }

  /** Every order of one symbol in the window, page by page (`orderId` after the first page). */
  async #allOrdersOf(symbol: string, q: ReportQuery): Promise<OrderStatusReport[]> {
    const out: OrderStatusReport[] = [];
    let params: Params = { symbol, ...this.#window(q), limit: PAGE };
    for (let page = 0; page < MAX_PAGES; page++) {
      const json = await this.http.get(this.paths.allOrders, params, true);
      const ctx = this.#ctx();
      const list =
        this.market === 'SPOT'
          ? parseSpotOrders(json, ctx, 'all orders')
          : parseFuturesOrders(json, ctx, 'all orders');
      out.push(...list);
      if (list.length < PAGE) return out;
      const last = list.reduce((m, r) => {
        const id = BigInt(r.venueOrderId.value);
        return id > m ? id : m;
      }, 0n);
      params = { symbol, orderId: (last + 1n).toString(), limit: PAGE };
    }
    throw new BinanceError(
      'BINANCE_TOO_MANY_ORDERS',
      `more than ${MAX_PAGES * PAGE} orders of ${symbol} in the window: narrow the lookback`,
      { symbol },
    );
  }

  async generateFillReports(q: ReportQuery = {}): Promise<FillReport[]> {
    if (q.venueOrderId != null) {
      const trading = await this.#tradingOrderId(q.venueOrderId);
      if (trading === null) return [];
      q = { ...q, venueOrderId: trading };
    }
    const symbols =
      q.instrumentId != null
        ? [this.symbols.venueSymbol(q.instrumentId)]
        : this.#historySymbols(q, await this.#openOrders(null));
    return this.#fillsOf(symbols, q);
  }

  async #fillsOf(symbols: readonly string[], q: ReportQuery): Promise<FillReport[]> {
    const out: FillReport[] = [];
    for (const symbol of symbols) out.push(...(await this.#tradesOf(symbol, q)));
    const filtered = out.filter(
      (f) =>
        (q.venueOrderId == null || f.venueOrderId.eq(q.venueOrderId)) &&
        (q.startNs == null || f.tsEvent >= q.startNs) &&
        (q.endNs == null || f.tsEvent <= q.endNs),
    );
    filtered.sort((a, b) =>
      a.tsEvent < b.tsEvent ? -1 : a.tsEvent > b.tsEvent ? 1 : a.tradeId.value.localeCompare(b.tradeId.value),
    );
    return filtered;
  }

  /** Every trade of one symbol in the window, page by page (fromId after the first page). */
  async #tradesOf(symbol: string, q: ReportQuery): Promise<FillReport[]> {
    const out: FillReport[] = [];
    let params: Params = {
      symbol,
      ...this.#window(q),
      ...(q.venueOrderId == null ? {} : { orderId: q.venueOrderId.value }),
      limit: PAGE,
    };
    for (let page = 0; page < MAX_PAGES; page++) {
      const json = await this.http.get(this.paths.trades, params, true);
      const ctx = this.#ctx();
      const list = this.market === 'SPOT' ? parseSpotTrades(json, ctx) : parseFuturesTrades(json, ctx);
      out.push(...list);
      if (list.length < PAGE) return out;
      const last = list.reduce((m, f) => (BigInt(f.tradeId.value) > m ? BigInt(f.tradeId.value) : m), 0n);
      params = { symbol, fromId: (last + 1n).toString(), limit: PAGE };
    }
    throw new BinanceError(
      'BINANCE_TOO_MANY_TRADES',
      `more than ${MAX_PAGES * PAGE} trades of ${symbol} in the window: narrow the lookback`,
      { symbol },
    );
  }

  async generatePositionStatusReports(q: ReportQuery = {}): Promise<PositionStatusReport[]> {
    // Spot accounts hold balances, not positions: "none" is the true answer.
    if (this.market === 'SPOT') return [];
    const params: Params = q.instrumentId == null ? {} : { symbol: this.symbols.venueSymbol(q.instrumentId) };
    const json = await this.http.get(this.paths.positionRisk!, params, true);
    return parsePositionRisk(json, this.#ctx());
  }

  async generateMassStatus(lookbackMins: number | null = null): Promise<ExecutionMassStatus> {
    const startNs = lookbackMins == null ? null : this.#nowNs() - BigInt(lookbackMins) * 60_000_000_000n;
    const q: ReportQuery = { startNs };
    const orders = await this.generateOrderStatusReports(q);
    // Trades of every symbol with an order in the window (closed ones too), and the configured.
    const fills = await this.#fillsOf(this.#historySymbols(q, orders), q);
    const positions = await this.generatePositionStatusReports(q);
    const mass = new ExecutionMassStatus({
      clientId: this.clientId,
      accountId: this.accountId,
      venue: this.venue,
      tsInit: this.#nowNs(),
    });
    mass.addOrderReports(orders);
    mass.addFillReports(fills);
    mass.addPositionReports(positions);
    return mass;
  }

  /** Balances (and futures margins) of the account. */
  async queryAccount(): Promise<BinanceAccountSnapshot> {
    const json = await this.http.get(this.paths.account, {}, true);
    return this.market === 'SPOT'
      ? parseSpotAccount(json, this.#nowNs())
      : parseFuturesAccount(json, this.#ctx());
  }
}

function isOpen(r: OrderStatusReport): boolean {
  return (
    r.orderStatus === 'ACCEPTED' ||
    r.orderStatus === 'PARTIALLY_FILLED' ||
    r.orderStatus === 'TRIGGERED' ||
    r.orderStatus === 'PENDING_CANCEL' ||
    r.orderStatus === 'PENDING_UPDATE' ||
    r.orderStatus === 'SUBMITTED'
  );
}
