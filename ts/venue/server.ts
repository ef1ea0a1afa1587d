/**
 * `VenueServer`: the local Binance USD-M futures venue on one port: REST over node:http and the
 * WebSocket streams (see `streams.ts`) on the same server, backed by {@link VenueExchange}, with
 * the synthetic market clock and fault injection.
 *
 * # REST (USD-M paths)
 * Public: `GET /fapi/v1/ping`, `/time`, `/exchangeInfo`, `/depth`, `/ticker/bookTicker`.
 * Signed: `POST|GET|PUT|DELETE /fapi/v1/order`, `GET /fapi/v1/openOrders`, `/allOrders`,
 * `/userTrades`, `DELETE /fapi/v1/allOpenOrders`, `GET /fapi/v2|v3/positionRisk`,
 * `/fapi/v2|v3/balance`, `/fapi/v2|v3/account`, and conditional orders (`POST|GET|DELETE
 * /fapi/v1/algoOrder`, `GET /fapi/v1/openAlgoOrders`, `DELETE /fapi/v1/algoOpenOrders`; see
 * `algo.ts`). API key only: `POST|PUT|DELETE /fapi/v1/listenKey`.
 * Parameters are read from the query string and the form body, as Binance does.
 *
 * Spot (`/api/v3`): `ping`, `time`, `exchangeInfo`, `depth`, `ticker/bookTicker`, signed `order`
 * (POST/GET/DELETE), `openOrders` (GET/DELETE), `allOrders`, `myTrades`, `account`; its user data
 * comes over the WebSocket API (see `spot.ts` and `streams.ts`).
 *
 * # Limits
 * Every answer carries `X-MBX-USED-WEIGHT-1M` (per IP, calendar minute) and order answers
 * `X-MBX-ORDER-COUNT-10S`; past `weightLimitPerMinute` the answer is HTTP 429 -1003 with
 * `Retry-After` (seconds to the next minute); past `orderLimitPer10s` orders, 429 -1015.
 *
 * # Control (loopback tooling, not Binance)
 * `GET /_venue/state`, `POST /_venue/faults` (JSON body: a partial fault config),
 * `POST /_venue/faults/reset`, `POST /_venue/disconnect?kind=market|user|all`,
 * `POST /_venue/step?n=1` (advance the market by hand), `POST /_venue/expireListenKey?listenKey=`.
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { requestWeight } from '../adapters/binance/rate-limit.js';
import { wsApiPayload } from '../adapters/binance/signing.js';
import { createSilentLogger, type Logger } from '../common/logging/index.js';
import type { VenueAccount } from './accounts.js';
import { accountFor, verifySigned } from './auth.js';
import { type FaultConfigInput, VenueConfig, type VenueConfigInput } from './config.js';
import { badRequest, VenueApiError } from './errors.js';
import { type Params, VenueExchange } from './exchange.js';
import { FaultInjector } from './faults.js';
import { SeededRandom, streamOf } from './rng.js';
import { SpotVenue } from './spot.js';
import { StreamHub } from './streams.js';
import { WeightMeter, weightOf } from './weights.js';

export interface VenueServerOptions {
  readonly config?: VenueConfigInput;
  /** Wall time in ms (default `Date.now`). */
  readonly nowMs?: () => number;
  readonly logger?: Logger;
}

type Security = 'NONE' | 'KEY' | 'SIGNED';

interface Ctx {
  readonly params: Params;
  readonly account: VenueAccount | null;
  readonly nowMs: number;
}

interface Route {
  readonly security: Security;
  readonly order?: boolean;
  readonly write?: boolean;
  readonly run: (c: Ctx) => unknown;
}

interface ListenKey {
  readonly account: VenueAccount;
  expiresAt: number;
}

/** Counts of what the venue did, for tests and the control endpoint. */
export interface VenueStats {
  readonly requests: number;
  readonly errors: Readonly<Record<string, number>>;
  readonly marketSteps: number;
  readonly sent: { readonly market: number; readonly user: number };
  readonly faults: Readonly<Record<string, number>>;
  readonly connections: { readonly market: number; readonly user: number };
}

/** See the module doc. */
export class VenueServer {
  readonly config: VenueConfig;
  readonly exchange: VenueExchange;
  readonly faults: FaultInjector;
  readonly streams: StreamHub;
  /** The spot side (`/api/v3`). */
  readonly spot: SpotVenue;
  readonly #now: () => number;
  readonly #log: Logger;
  readonly #routes = new Map<string, Route>();
  readonly #weights = new WeightMeter();
  readonly #orderTimes = new Map<VenueAccount, { slot: number; count: number }>();
  readonly #listenKeys = new Map<string, ListenKey>();
  readonly #keyRng: SeededRandom;
  readonly #errors = new Map<string, number>();
  /** Per IP: end of the last 429's Retry-After, requests sent since, and ban end. */
  readonly #limited = new Map<string, { until: number; count: number; bannedUntil: number }>();
  #server: Server | null = null;
  #marketTimer: NodeJS.Timeout | null = null;
  #disconnectTimer: NodeJS.Timeout | null = null;
  #keyTimer: NodeJS.Timeout | null = null;
  #requests = 0;
  #steps = 0;
  #port = 0;

  constructor(o: VenueServerOptions = {}) {
    this.config = VenueConfig.parse(o.config ?? {});
    const wall = o.nowMs ?? Date.now;
    // The venue's clock: wall time plus the configured skew (a fault that can change at run time).
    this.#now = () => wall() + this.faults.config.clockOffsetMs;
    this.#log = o.logger ?? createSilentLogger();
    this.exchange = new VenueExchange(this.config);
    this.faults = new FaultInjector(this.config.faults, this.config.seed);
    this.streams = new StreamHub(this.faults, (key) => this.#listenKeyAccount(key));
    this.exchange.onUserEvent((account, event) => this.streams.pushUser(account, event));
    this.spot = new SpotVenue(this.exchange);
    this.spot.onUserEvent((account, event) => this.streams.pushSpotUser(account, event));
    this.streams.setWsApiVerifier((p) => this.#verifyWsApi(p));
    this.#keyRng = new SeededRandom(this.config.seed, streamOf('listenKey'));
    this.#defineRoutes();
  }

  /** `http://host:port` once started. */
  get url(): string {
    return `http://${this.config.host}:${this.#port}`;
  }

  /** `ws://host:port` once started (the market and user streams share it). */
  get wsUrl(): string {
    return `ws://${this.config.host}:${this.#port}`;
  }

  get port(): number {
    return this.#port;
  }

  /** Listens, starts the market clock (when `market.rate` > 0) and the fault timers. */
  async start(): Promise<this> {
    const server = createServer(
      { noDelay: true, keepAlive: true },
      (req, res) => void this.#onRequest(req, res),
    );
    server.on('connection', (socket) => socket.setNoDelay(true));
    server.on('upgrade', (req, socket, head) => this.streams.upgrade(req, socket, head));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.config.port, this.config.host, () => resolve());
    });
    this.#server = server;
    this.#port = (server.address() as AddressInfo).port;
    this.#startMarket();
    this.#scheduleDisconnects();
    this.#keyTimer = setInterval(() => this.#expireKeys(), 1000);
    this.#keyTimer.unref();
    this.#log.info({ url: this.url, seed: this.config.seed }, 'venue listening');
    return this;
  }

  async stop(): Promise<void> {
    if (this.#marketTimer !== null) clearInterval(this.#marketTimer);
    if (this.#disconnectTimer !== null) clearInterval(this.#disconnectTimer);
    if (this.#keyTimer !== null) clearInterval(this.#keyTimer);
    this.#marketTimer = null;
    this.#disconnectTimer = null;
    this.#keyTimer = null;
    this.streams.close();
    const s = this.#server;
    this.#server = null;
    if (s !== null) {
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    }
  }

  /** Advances every symbol's market (or one) by `n` updates and publishes them. */
  step(n = 1, symbol?: string): void {
    const symbols = symbol === undefined ? [...this.exchange.instruments.keys()] : [symbol];
    const now = this.#now();
    for (let i = 0; i < n; i++) {
      for (const s of symbols)
        this.streams.publish(this.exchange.step(s, now, this.streams.klineIntervals(s)));
      this.#steps++;
    }
  }

  /** Changes fault settings at run time. */
  setFaults(change: FaultConfigInput): void {
    this.faults.set(change);
    this.#scheduleDisconnects();
  }

  /** Drops WebSocket connections now. */
  disconnect(kind: 'market' | 'user' | 'all' = 'all'): number {
    const n = this.streams.disconnect(kind);
    if (n > 0) this.faults.record('disconnect');
    return n;
  }

  /** Expires a listen key now: `listenKeyExpired` on its streams, and the key is forgotten. */
  expireListenKey(listenKey: string): void {
    this.streams.expireListenKey(listenKey, this.#now());
    this.#listenKeys.delete(listenKey);
  }

  stats(): VenueStats {
    return {
      requests: this.#requests,
      errors: Object.fromEntries([...this.#errors.entries()].sort()),
      marketSteps: this.#steps,
      sent: { ...this.streams.sent },
      faults: this.faults.counts(),
      connections: this.streams.connections,
    };
  }

  #startMarket(): void {
    if (this.#marketTimer !== null) clearInterval(this.#marketTimer);
    const rate = this.config.market.rate;
    if (rate <= 0) return;
    const started = this.#now();
    let done = 0;
    this.#marketTimer = setInterval(
      () => {
        const due = Math.floor(((this.#now() - started) * rate) / 1000) - done;
        const n = Math.min(Math.max(due, 0), 1000);
        done += due;
        if (n > 0) this.step(n);
      },
      Math.max(1, Math.floor(1000 / rate)),
    );
  }

  #scheduleDisconnects(): void {
    if (this.#disconnectTimer !== null) clearInterval(this.#disconnectTimer);
    this.#disconnectTimer = null;
    const every = this.faults.config.disconnectEveryMs;
    if (every > 0 && this.#server !== null) {
      this.#disconnectTimer = setInterval(() => {
        const max = this.faults.config.maxFaults;
        if (max > 0 && this.faults.count('disconnect') >= max) return;
        this.disconnect('all');
      }, every);
    }
  }

  #listenKeyAccount(key: string): VenueAccount | undefined {
    const k = this.#listenKeys.get(key);
    return k !== undefined && k.expiresAt > this.#now() ? k.account : undefined;
  }

  #expireKeys(): void {
    const now = this.#now();
    for (const [key, k] of this.#listenKeys) if (k.expiresAt <= now) this.expireListenKey(key);
  }

  #newListenKey(): string {
    let s = '';
    while (s.length < 64) s += this.#keyRng.nextU32().toString(16).padStart(8, '0');
    return s.slice(0, 64);
  }

  #defineRoutes(): void {
    const ex = this.exchange;
    const cfg = this.config;
    const r = (key: string, route: Route) => this.#routes.set(key, route);
    const acct = (c: Ctx) => c.account!;
    r('GET /fapi/v1/ping', { security: 'NONE', run: () => ({}) });
    r('GET /fapi/v1/time', { security: 'NONE', run: (c) => ({ serverTime: c.nowMs }) });
    r('GET /fapi/v1/exchangeInfo', {
      security: 'NONE',
      run: (c) => ex.exchangeInfo(c.nowMs, cfg.weightLimitPerMinute, cfg.orderLimitPer10s),
    });
    r('GET /fapi/v1/depth', {
      security: 'NONE',
      run: (c) => ex.depth(c.params.symbol, c.params.limit, c.nowMs),
    });
    r('GET /fapi/v1/ticker/bookTicker', {
      security: 'NONE',
      run: (c) => ex.bookTicker(c.params.symbol, c.nowMs),
    });
    r('POST /fapi/v1/order', {
      security: 'SIGNED',
      order: true,
      write: true,
      run: (c) => ex.newOrder(acct(c), c.params, c.nowMs),
    });
    r('GET /fapi/v1/order', { security: 'SIGNED', run: (c) => ex.queryOrder(acct(c), c.params) });
    r('PUT /fapi/v1/order', {
      security: 'SIGNED',
      order: true,
      write: true,
      run: (c) => ex.modifyOrder(acct(c), c.params, c.nowMs),
    });
    r('DELETE /fapi/v1/order', {
      security: 'SIGNED',
      write: true,
      run: (c) => ex.cancelOrder(acct(c), c.params, c.nowMs),
    });
    r('DELETE /fapi/v1/allOpenOrders', {
      security: 'SIGNED',
      write: true,
      run: (c) => ex.cancelAll(acct(c), c.params, c.nowMs),
    });
    r('GET /fapi/v1/openOrders', { security: 'SIGNED', run: (c) => ex.openOrders(acct(c), c.params) });
    r('GET /fapi/v1/allOrders', { security: 'SIGNED', run: (c) => ex.allOrders(acct(c), c.params) });
    r('GET /fapi/v1/userTrades', { security: 'SIGNED', run: (c) => ex.userTrades(acct(c), c.params) });
    for (const v of ['v2', 'v3']) {
      r(`GET /fapi/${v}/positionRisk`, {
        security: 'SIGNED',
        run: (c) => ex.positionRisk(acct(c), c.params, c.nowMs, v === 'v3'),
      });
      r(`GET /fapi/${v}/balance`, { security: 'SIGNED', run: (c) => ex.balances(acct(c), c.nowMs) });
      r(`GET /fapi/${v}/account`, { security: 'SIGNED', run: (c) => ex.accountInfo(acct(c), c.nowMs) });
    }
    r('GET /fapi/v1/openAlgoOrders', { security: 'SIGNED', run: (c) => ex.algo.open(acct(c), c.params) });
    r('DELETE /fapi/v1/algoOpenOrders', {
      security: 'SIGNED',
      write: true,
      run: (c) => ex.algo.cancelAll(acct(c), c.params, c.nowMs),
    });
    r('POST /fapi/v1/algoOrder', {
      security: 'SIGNED',
      order: true,
      write: true,
      run: (c) => ex.algo.submit(acct(c), c.params, c.nowMs),
    });
    r('GET /fapi/v1/algoOrder', { security: 'SIGNED', run: (c) => ex.algo.query(acct(c), c.params) });
    r('DELETE /fapi/v1/algoOrder', {
      security: 'SIGNED',
      write: true,
      run: (c) => ex.algo.cancel(acct(c), c.params, c.nowMs),
    });
    this.#spotRoutes(r, acct);
    r('POST /fapi/v1/listenKey', {
      security: 'KEY',
      run: (c) => {
        const account = acct(c);
        for (const [key, k] of this.#listenKeys) {
          if (k.account === account) {
            k.expiresAt = c.nowMs + cfg.listenKeyTtlMs;
            return { listenKey: key };
          }
        }
        const key = this.#newListenKey();
        this.#listenKeys.set(key, { account, expiresAt: c.nowMs + cfg.listenKeyTtlMs });
        return { listenKey: key };
      },
    });
    r('PUT /fapi/v1/listenKey', {
      security: 'KEY',
      run: (c) => {
        const key = c.params.listenKey;
        const k = key === undefined ? this.#keyOf(acct(c)) : this.#listenKeys.get(key);
        if (k === undefined || k.account !== acct(c) || k.expiresAt <= c.nowMs) {
          throw badRequest(-1125, 'This listenKey does not exist.');
        }
        k.expiresAt = c.nowMs + cfg.listenKeyTtlMs;
        return {};
      },
    });
    r('DELETE /fapi/v1/listenKey', {
      security: 'KEY',
      run: (c) => {
        for (const [key, k] of this.#listenKeys) if (k.account === acct(c)) this.#listenKeys.delete(key);
        return {};
      },
    });
  }

  /** A signed WebSocket-API request: key, HMAC over the sorted params, time window. */
  #verifyWsApi(p: Readonly<Record<string, unknown>>) {
    const account = typeof p.apiKey === 'string' ? this.exchange.accountOf(p.apiKey) : undefined;
    if (account === undefined) {
      return { status: 401, code: -2015, msg: 'Invalid API-key, IP, or permissions for action.' };
    }
    const expected = createHmac('sha256', account.apiSecret)
      .update(wsApiPayload(p as never))
      .digest('hex');
    if (typeof p.signature !== 'string' || p.signature.toLowerCase() !== expected) {
      return { status: 400, code: -1022, msg: 'Signature for this request is not valid.' };
    }
    const ts = Number(p.timestamp);
    const window = p.recvWindow === undefined ? 5000 : Number(p.recvWindow);
    const now = this.#now();
    if (!Number.isFinite(ts) || ts > now + 1000 || now - ts > window) {
      return { status: 400, code: -1021, msg: 'Timestamp for this request is outside of the recvWindow.' };
    }
    return account;
  }

  #keyOf(account: VenueAccount): ListenKey | undefined {
    for (const k of this.#listenKeys.values()) if (k.account === account) return k;
    return undefined;
  }

  #spotRoutes(r: (key: string, route: Route) => void, acct: (c: Ctx) => VenueAccount): void {
    const ex = this.exchange;
    const spot = this.spot;
    r('GET /api/v3/ping', { security: 'NONE', run: () => ({}) });
    r('GET /api/v3/time', { security: 'NONE', run: (c) => ({ serverTime: c.nowMs }) });
    r('GET /api/v3/exchangeInfo', {
      security: 'NONE',
      run: (c) => spot.exchangeInfo(c.nowMs, this.config.weightLimitPerMinute),
    });
    r('GET /api/v3/depth', {
      security: 'NONE',
      run: (c) => {
        const { E: _e, T: _t, ...snap } = ex.depth(c.params.symbol, c.params.limit ?? '100', c.nowMs);
        return snap;
      },
    });
    r('GET /api/v3/ticker/bookTicker', {
      security: 'NONE',
      run: (c) => {
        const strip = (t: unknown) => {
          const { time: _t, lastUpdateId: _u, ...rest } = t as Record<string, unknown>;
          return rest;
        };
        const t = ex.bookTicker(c.params.symbol, c.nowMs);
        return Array.isArray(t) ? t.map(strip) : strip(t);
      },
    });
    r('POST /api/v3/order', {
      security: 'SIGNED',
      order: true,
      write: true,
      run: (c) => spot.newOrder(acct(c), c.params, c.nowMs),
    });
    r('GET /api/v3/order', { security: 'SIGNED', run: (c) => spot.query(acct(c), c.params) });
    r('DELETE /api/v3/order', {
      security: 'SIGNED',
      write: true,
      run: (c) => spot.cancel(acct(c), c.params, c.nowMs),
    });
    r('GET /api/v3/openOrders', { security: 'SIGNED', run: (c) => spot.openOrders(acct(c), c.params) });
    r('DELETE /api/v3/openOrders', {
      security: 'SIGNED',
      write: true,
      run: (c) => spot.cancelAll(acct(c), c.params, c.nowMs),
    });
    r('GET /api/v3/allOrders', { security: 'SIGNED', run: (c) => spot.allOrders(acct(c), c.params) });
    r('GET /api/v3/myTrades', { security: 'SIGNED', run: (c) => spot.myTrades(acct(c), c.params) });
    r('GET /api/v3/account', { security: 'SIGNED', run: (c) => spot.account(acct(c), c.nowMs) });
  }

  #count(what: string): void {
    this.#errors.set(what, (this.#errors.get(what) ?? 0) + 1);
  }

  async #onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://venue');
    const rawQuery = url.search.startsWith('?') ? url.search.slice(1) : '';
    const method = req.method ?? 'GET';
    const path = url.pathname;
    if (path.startsWith('/_venue/')) return this.#control(method, path, url.searchParams, rawBody, res);
    this.#requests++;
    const nowMs = this.#now();
    const ip = req.socket.remoteAddress ?? '127.0.0.1';
    const params: Record<string, string> = {};
    for (const [k, v] of url.searchParams) params[k] = v;
    if (rawBody !== '' && !(req.headers['content-type'] ?? '').includes('json')) {
      for (const [k, v] of new URLSearchParams(rawBody)) params[k] = v;
    }
    const headers: Record<string, string> = {};
    const route = this.#routes.get(`${method} ${path}`);
    const weight =
      route === undefined
        ? 1
        : path.startsWith('/api/')
          ? requestWeight(method, path, params)
          : weightOf(method, path, params);
    const used = this.#weights.add(ip, weight, nowMs);
    headers['X-MBX-USED-WEIGHT-1M'] = String(used);
    try {
      this.#checkBan(ip, nowMs);
      if (used > this.config.weightLimitPerMinute) {
        throw new VenueApiError(
          429,
          -1003,
          `Too many requests; current limit of IP(${ip}) is ${this.config.weightLimitPerMinute} requests per minute. Please use the websocket for live updates to avoid polling the API.`,
          { 'Retry-After': String(WeightMeter.retryAfterSeconds(nowMs)) },
        );
      }
      if (route === undefined) throw new VenueApiError(404, -1000, `Unknown endpoint ${method} ${path}.`);
      const faultPaths = this.faults.config.httpFaultPaths;
      const faulty = faultPaths.length === 0 || faultPaths.some((p) => path.startsWith(p));
      if (faulty && this.faults.roll('http429')) {
        throw new VenueApiError(429, -1003, 'Too many requests (injected fault).', { 'Retry-After': '1' });
      }
      if (faulty && this.faults.roll('http5xx')) {
        throw new VenueApiError(
          503,
          -1001,
          'Internal error; unable to process your request. Please try again.',
        );
      }
      let account: VenueAccount | null = null;
      if (route.security !== 'NONE') {
        account = accountFor(
          req.headers['x-mbx-apikey'] as string | undefined,
          (k) => this.exchange.accountOf(k),
          ip,
        );
        if (route.security === 'SIGNED') {
          verifySigned(account, rawQuery, rawBody, params, nowMs, this.config.maxRecvWindowMs);
        }
      }
      if (route.order && account !== null) {
        const count = this.#orderCount(account, nowMs);
        headers['X-MBX-ORDER-COUNT-10S'] = String(count);
        if (count > this.config.orderLimitPer10s) {
          throw new VenueApiError(
            429,
            -1015,
            `Too many new orders; current limit is ${this.config.orderLimitPer10s} orders per TEN_SECONDS.`,
            { 'Retry-After': '10' },
          );
        }
      }
      const body = route.run({ params, account, nowMs });
      if (faulty && route.write && this.faults.roll('httpUnknown')) {
        // Executed, but the client is told the outcome is unknown.
        throw new VenueApiError(
          503,
          -1007,
          'Timeout waiting for response from backend server. Send status unknown; execution status unknown.',
        );
      }
      this.#reply(res, 200, body, headers);
    } catch (e) {
      if (e instanceof VenueApiError) {
        if (e.status === 429) this.#noteLimited(ip, nowMs, Number(e.headers['Retry-After'] ?? '1'));
        this.#count(e.status === 418 ? '418' : String(e.venueCode));
        this.#reply(res, e.status, e.body(), { ...headers, ...e.headers });
        return;
      }
      this.#log.error({ err: e, method, path }, 'venue request failed');
      this.#count('-1000');
      this.#reply(
        res,
        500,
        { code: -1000, msg: 'An unknown error occured while processing the request.' },
        headers,
      );
    }
  }

  /** 418 for an IP that is banned, or that keeps sending while told to wait (see FaultConfig). */
  #checkBan(ip: string, nowMs: number): void {
    const l = this.#limited.get(ip);
    if (l === undefined) return;
    const banFor = (until: number) =>
      new VenueApiError(
        418,
        -1003,
        `Way too many requests; IP(${ip}) banned until ${until}. Please use the websocket for live updates to avoid bans.`,
        {
          'Retry-After': String(Math.max(1, Math.ceil((until - nowMs) / 1000))),
        },
      );
    if (l.bannedUntil > nowMs) throw banFor(l.bannedUntil);
    const max = this.faults.config.banAfterRequests;
    if (max > 0 && nowMs < l.until && ++l.count > max) {
      l.bannedUntil = nowMs + this.faults.config.banMs;
      this.faults.record('ban');
      throw banFor(l.bannedUntil);
    }
  }

  #noteLimited(ip: string, nowMs: number, retryAfterSeconds: number): void {
    const l = this.#limited.get(ip) ?? { until: 0, count: 0, bannedUntil: 0 };
    // Requests inside the window keep counting; a 429 after it has passed starts a new count.
    if (nowMs >= l.until) l.count = 0;
    l.until = nowMs + retryAfterSeconds * 1000;
    this.#limited.set(ip, l);
  }

  #orderCount(account: VenueAccount, nowMs: number): number {
    // Binance counts orders in fixed 10-second windows.
    const slot = Math.floor(nowMs / 10_000);
    const c = this.#orderTimes.get(account);
    if (c === undefined || c.slot !== slot) {
      this.#orderTimes.set(account, { slot, count: 1 });
      return 1;
    }
    return ++c.count;
  }

  #reply(
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Readonly<Record<string, string>>,
  ): void {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'Content-Type': 'application/json',
      'Content-Length': String(Buffer.byteLength(text)),
      ...headers,
    });
    res.end(text);
  }

  #control(method: string, path: string, q: URLSearchParams, body: string, res: ServerResponse): void {
    try {
      if (method === 'GET' && path === '/_venue/state') {
        this.#reply(res, 200, { ...this.stats(), faultConfig: this.faults.config, url: this.url }, {});
        return;
      }
      if (method === 'POST' && path === '/_venue/faults') {
        this.setFaults(body === '' ? {} : (JSON.parse(body) as FaultConfigInput));
        this.#reply(res, 200, this.faults.config, {});
        return;
      }
      if (method === 'POST' && path === '/_venue/faults/reset') {
        this.faults.reset();
        this.#scheduleDisconnects();
        this.#reply(res, 200, this.faults.config, {});
        return;
      }
      if (method === 'POST' && path === '/_venue/disconnect') {
        const kind = q.get('kind') ?? 'all';
        if (kind !== 'market' && kind !== 'user' && kind !== 'all')
          throw new Error('kind: market, user or all');
        this.#reply(res, 200, { disconnected: this.disconnect(kind) }, {});
        return;
      }
      if (method === 'POST' && path === '/_venue/step') {
        const n = Number(q.get('n') ?? '1');
        if (!Number.isInteger(n) || n < 1 || n > 100_000) throw new Error('n: an integer 1..100000');
        this.step(n, q.get('symbol') ?? undefined);
        this.#reply(res, 200, { steps: this.#steps }, {});
        return;
      }
      if (method === 'POST' && path === '/_venue/expireListenKey') {
        this.expireListenKey(q.get('listenKey') ?? '');
        this.#reply(res, 200, {}, {});
        return;
      }
      this.#reply(res, 404, { error: `unknown control ${method} ${path}` }, {});
    } catch (e) {
      this.#reply(res, 400, { error: (e as Error).message }, {});
    }
  }
}
