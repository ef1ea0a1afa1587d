/**
 * Client-side rate limiting for the Binance REST API: a request-weight budget per minute and an
 * order-count budget per 10 seconds, kept from the venue's own counters
 * (`X-MBX-USED-WEIGHT-1M`, `X-MBX-ORDER-COUNT-10S` / `-1M` / `-1D`) and from the weight table
 * below for the requests this client sends.
 *
 * # Policy (fail closed)
 * Before a request, {@link BinanceRateLimiter.acquire} checks that its weight fits in the
 * current window. If it does not and the window ends within `maxDelayMs`, the request waits for
 * the next window; otherwise it is refused with `RATE_LIMITED` and never sent. After an HTTP
 * 429 every request is refused until `Retry-After` has passed; after an HTTP 418 (IP ban) too,
 * with code `BINANCE_IP_BANNED`. Windows are the venue's: calendar minutes and 10-second slots.
 */
import { BinanceError } from './errors.js';
import type { BinanceMarket } from './parse/common.js';

/** Request weight of an endpoint (`'GET /api/v3/order'`), possibly depending on its params. */
export type WeightRule = number | ((params: Readonly<Record<string, unknown>>) => number);

function depthWeight(table: readonly (readonly [number, number])[]) {
  return (p: Readonly<Record<string, unknown>>): number => {
    const limit = Number(p.limit ?? 100);
    for (const [max, w] of table) if (limit <= max) return w;
    return table[table.length - 1]![1];
  };
}

const withSymbol = (one: number, all: number) => (p: Readonly<Record<string, unknown>>) =>
  p.symbol === undefined ? all : one;

/** Documented request weights (2025-2026) of the endpoints the adapter calls. */
export const ENDPOINT_WEIGHTS: Readonly<Record<string, WeightRule>> = {
  'GET /api/v3/ping': 1,
  'GET /api/v3/time': 1,
  'GET /api/v3/exchangeInfo': 20,
  'GET /api/v3/depth': depthWeight([
    [100, 5],
    [500, 25],
    [1000, 50],
    [5000, 250],
  ]),
  'GET /api/v3/trades': 25,
  'GET /api/v3/klines': 2,
  'GET /api/v3/avgPrice': 2,
  'GET /api/v3/ticker/price': withSymbol(2, 4),
  'GET /api/v3/ticker/bookTicker': withSymbol(2, 4),
  'GET /api/v3/ticker/24hr': withSymbol(2, 80),
  'GET /api/v3/order': 4,
  'POST /api/v3/order': 1,
  'DELETE /api/v3/order': 1,
  'POST /api/v3/order/cancelReplace': 1,
  'GET /api/v3/openOrders': withSymbol(6, 80),
  'DELETE /api/v3/openOrders': 1,
  'GET /api/v3/allOrders': 20,
  'GET /api/v3/myTrades': 20,
  'GET /api/v3/account': 20,
  'GET /fapi/v1/ping': 1,
  'GET /fapi/v1/time': 1,
  'GET /fapi/v1/exchangeInfo': 1,
  'GET /fapi/v1/depth': depthWeight([
    [50, 2],
    [100, 5],
    [500, 10],
    [1000, 20],
  ]),
  'GET /fapi/v1/order': 1,
  'POST /fapi/v1/order': 1,
  'PUT /fapi/v1/order': 1,
  'DELETE /fapi/v1/order': 1,
  'GET /fapi/v1/openOrders': withSymbol(1, 40),
  'DELETE /fapi/v1/allOpenOrders': 1,
  'GET /fapi/v1/allOrders': 5,
  'GET /fapi/v1/userTrades': 5,
  'GET /fapi/v3/account': 5,
  'GET /fapi/v3/balance': 5,
  'GET /fapi/v3/positionRisk': 5,
  'POST /fapi/v1/listenKey': 1,
  'PUT /fapi/v1/listenKey': 1,
  'DELETE /fapi/v1/listenKey': 1,
  'POST /fapi/v1/algoOrder': 0,
  'GET /fapi/v1/algoOrder': 1,
  'DELETE /fapi/v1/algoOrder': 1,
  'GET /fapi/v1/openAlgoOrders': withSymbol(1, 40),
  'DELETE /fapi/v1/algoOpenOrders': 1,
};

/** Weight of an endpoint not in the table: assume it is expensive rather than free. */
export const UNKNOWN_ENDPOINT_WEIGHT = 10;

/** Requests that place or cancel orders count against the order budget. */
export function isOrderRequest(method: string, path: string): boolean {
  return method === 'POST' && (path.endsWith('/order') || path.endsWith('/algoOrder'));
}

/** The weight of one request per the table. */
export function requestWeight(
  method: string,
  path: string,
  params: Readonly<Record<string, unknown>>,
): number {
  const rule = ENDPOINT_WEIGHTS[`${method} ${path}`];
  if (rule === undefined) return UNKNOWN_ENDPOINT_WEIGHT;
  return typeof rule === 'number' ? rule : rule(params);
}

export interface RateLimiterOptions {
  /** Request weight per minute (spot 6000, USD-M futures 2400 by default). */
  readonly weightPerMinute?: number;
  /** Orders per 10 s (spot 100, futures 300 by default). */
  readonly ordersPer10s?: number;
  /** Longest wait for the next window before refusing instead (default 5,000 ms). */
  readonly maxDelayMs?: number;
  /** Wall time in ms (default `Date.now`). */
  readonly nowMs?: () => number;
  /** How to wait (default a timer). */
  readonly sleep?: (ms: number) => Promise<void>;
}

const MINUTE = 60_000;
const TEN_S = 10_000;

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** See the module doc. */
export class BinanceRateLimiter {
  readonly weightPerMinute: number;
  readonly ordersPer10s: number;
  readonly maxDelayMs: number;
  readonly #now: () => number;
  readonly #sleep: (ms: number) => Promise<void>;
  #minute = -1;
  #weight = 0;
  #slot = -1;
  #orders = 0;
  #blockedUntil = 0;
  #banned = false;

  constructor(market: BinanceMarket, o: RateLimiterOptions = {}) {
    this.weightPerMinute = o.weightPerMinute ?? (market === 'SPOT' ? 6000 : 2400);
    this.ordersPer10s = o.ordersPer10s ?? (market === 'SPOT' ? 100 : 300);
    this.maxDelayMs = o.maxDelayMs ?? 5_000;
    this.#now = o.nowMs ?? Date.now;
    this.#sleep = o.sleep ?? defaultSleep;
  }

  /** Weight used in the current minute (venue's count when known). */
  get usedWeight(): number {
    this.#roll(this.#now());
    return this.#weight;
  }

  /** Orders in the current 10-second slot. */
  get orderCount(): number {
    this.#roll(this.#now());
    return this.#orders;
  }

  /** Until when (ms) every request is refused after a 429/418; 0 when not blocked. */
  get blockedUntilMs(): number {
    return this.#blockedUntil > this.#now() ? this.#blockedUntil : 0;
  }

  #roll(now: number): void {
    const minute = Math.floor(now / MINUTE);
    if (minute !== this.#minute) {
      this.#minute = minute;
      this.#weight = 0;
    }
    const slot = Math.floor(now / TEN_S);
    if (slot !== this.#slot) {
      this.#slot = slot;
      this.#orders = 0;
    }
  }

  /**
   * Reserves `weight` (and one order when `isOrder`) or waits for the next window, or throws
   * `RATE_LIMITED` / `BINANCE_IP_BANNED` (see the module doc).
   */
  async acquire(weight: number, isOrder: boolean, what: string): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const now = this.#now();
      if (this.#blockedUntil > now) {
        const retryAfterMs = this.#blockedUntil - now;
        throw new BinanceError(
          this.#banned ? 'BINANCE_IP_BANNED' : 'RATE_LIMITED',
          `${what} refused: the venue ${this.#banned ? 'banned this IP (HTTP 418)' : 'answered HTTP 429'}; retry after ${retryAfterMs} ms`,
          { retryAfterMs },
        );
      }
      this.#roll(now);
      const weightOk = this.#weight + weight <= this.weightPerMinute;
      const ordersOk = !isOrder || this.#orders + 1 <= this.ordersPer10s;
      if (weightOk && ordersOk) {
        this.#weight += weight;
        if (isOrder) this.#orders += 1;
        return;
      }
      const waitMs = weightOk ? TEN_S - (now % TEN_S) : MINUTE - (now % MINUTE);
      if (attempt > 0 || waitMs > this.maxDelayMs) {
        throw new BinanceError(
          'RATE_LIMITED',
          weightOk
            ? `${what} refused: ${this.#orders} of ${this.ordersPer10s} orders used in this 10 s window`
            : `${what} refused: weight ${weight} would exceed ${this.#weight} of ${this.weightPerMinute} used this minute`,
          { retryAfterMs: waitMs, usedWeight: this.#weight, orderCount: this.#orders },
        );
      }
      await this.#sleep(waitMs);
    }
  }

  /** Takes the venue's counters from a response's headers (they are authoritative). */
  observe(headers: Headers): void {
    this.#roll(this.#now());
    const w = Number(headers.get('x-mbx-used-weight-1m'));
    if (headers.has('x-mbx-used-weight-1m') && Number.isFinite(w)) this.#weight = w;
    const o = Number(headers.get('x-mbx-order-count-10s'));
    if (headers.has('x-mbx-order-count-10s') && Number.isFinite(o)) this.#orders = o;
  }

  /** HTTP 429: refuse everything for `retryAfterMs`. */
  blockFor(retryAfterMs: number): void {
    this.#blockedUntil = Math.max(this.#blockedUntil, this.#now() + retryAfterMs);
  }

  /** HTTP 418: the IP is banned for `retryAfterMs`; refuse everything until then. */
  banFor(retryAfterMs: number): void {
    this.#banned = true;
    this.blockFor(retryAfterMs);
  }
}
