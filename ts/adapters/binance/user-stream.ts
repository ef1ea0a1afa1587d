/**
 * User-data streams: account, order and balance events pushed by the venue.
 *
 * - USD-M futures: a listen key from `POST /fapi/v1/listenKey`, the stream at
 *   `<wsMarket>/ws/<listenKey>`, kept alive with `PUT` every `keepAliveMs` (30 min; keys live
 *   60 min). A keep-alive answered -1125 (key unknown) or a `listenKeyExpired` event means the
 *   key is gone: a new one is created and the socket reconnects to it.
 * - Spot: listen keys are retired; the WebSocket API subscription
 *   `userDataStream.subscribe.signature` (params `apiKey`, `timestamp`, `signature` over the
 *   sorted params) is sent on every (re)connect, and events arrive wrapped as
 *   `{subscriptionId, event}`.
 *
 * Every event is parsed once (`parseUserEvent`) and handed to `onUpdate`; a payload that fails
 * to parse goes to `onError` (never dropped silently). After a reconnect the back-fill hook runs:
 * events sent while the socket was down are lost, so the caller re-queries the venue.
 */
import { createSilentLogger, type Logger } from '../../common/logging/index.js';
import { BinanceError, isBinanceCode } from './errors.js';
import type { BinanceHttpClient } from './http.js';
import type { ReportContext } from './parse/common.js';
import { Fields, isObject } from './parse/fields.js';
import { type BinanceUserUpdate, parseUserEvent } from './parse/user.js';
import { type RequestSigner, wsApiPayload } from './signing.js';
import { type BackoffOptions, ReconnectingSocket } from './ws.js';

export interface UserStreamCallbacks {
  readonly onUpdate: (update: BinanceUserUpdate) => void;
  /** A payload that could not be parsed, or a stream request that failed. */
  readonly onError?: (error: Error) => void;
  /** Back-fill after a reconnect (re-query open orders and recent trades). */
  readonly onReconnect?: () => void | Promise<void>;
}

export interface UserStreamCommon extends UserStreamCallbacks {
  /** Builds the report context of each event (its `tsInit` is now). */
  readonly context: () => ReportContext;
  readonly backoff?: BackoffOptions;
  readonly logger?: Logger;
}

/** A user-data stream: `connect`, `close`, and the socket for inspection. */
export interface BinanceUserStream {
  readonly socket: ReconnectingSocket;
  connect(): Promise<void>;
  close(): Promise<void>;
}

function deliver(json: unknown, o: UserStreamCommon, log: Logger): BinanceUserUpdate | null {
  try {
    const u = parseUserEvent(json, o.context());
    o.onUpdate(u);
    return u;
  } catch (e) {
    log.error({ err: e }, 'binance user stream: event not parsed');
    o.onError?.(e as Error);
    return null;
  }
}

export interface FuturesUserStreamOptions extends UserStreamCommon {
  readonly http: BinanceHttpClient;
  /** Market WebSocket base (`wss://fstream.binance.com` or a local venue's). */
  readonly wsBaseUrl: string;
  readonly listenKeyPath?: string;
  /** Keep-alive period (default 30 min). */
  readonly keepAliveMs?: number;
}

/** See the module doc (futures). */
export class BinanceFuturesUserStream implements BinanceUserStream {
  readonly socket: ReconnectingSocket;
  readonly #o: FuturesUserStreamOptions;
  readonly #log: Logger;
  #listenKey: string | null = null;
  #keepAlive: NodeJS.Timeout | null = null;
  #closed = false;

  constructor(o: FuturesUserStreamOptions) {
    this.#o = o;
    this.#log = o.logger ?? createSilentLogger();
    const base = o.wsBaseUrl.endsWith('/') ? o.wsBaseUrl.slice(0, -1) : o.wsBaseUrl;
    this.socket = new ReconnectingSocket({
      url: async () => `${base}/ws/${await this.#key()}`,
      onMessage: (m) => this.#onMessage(m),
      onOpen: async ({ reconnect }) => {
        if (reconnect) await this.#o.onReconnect?.();
      },
      ...(o.backoff === undefined ? {} : { backoff: o.backoff }),
      logger: this.#log,
    });
  }

  get listenKey(): string | null {
    return this.#listenKey;
  }

  get #path(): string {
    return this.#o.listenKeyPath ?? '/fapi/v1/listenKey';
  }

  async #key(): Promise<string> {
    if (this.#listenKey !== null) return this.#listenKey;
    const json = await this.#o.http.request('POST', this.#path, { apiKeyOnly: true });
    this.#listenKey = Fields.of('listenKey', json).str('listenKey');
    return this.#listenKey;
  }

  async connect(): Promise<void> {
    this.#closed = false;
    await this.socket.connect();
    const every = this.#o.keepAliveMs ?? 30 * 60_000;
    this.#keepAlive = setInterval(() => void this.keepAlive(), every);
  }

  /** Extends the key; a -1125 answer (key gone) makes a new key and reconnects. */
  async keepAlive(): Promise<void> {
    if (this.#listenKey === null || this.#closed) return;
    try {
      await this.#o.http.request('PUT', this.#path, {
        apiKeyOnly: true,
        params: { listenKey: this.#listenKey },
      });
    } catch (e) {
      if (isBinanceCode(e, -1125)) {
        this.#log.warn('binance listen key unknown (-1125): creating a new one');
        this.#renew();
        return;
      }
      this.#log.error({ err: e }, 'binance listen key keep-alive failed');
      this.#o.onError?.(e as Error);
    }
  }

  /** Forgets the key and drops the socket: the reconnect creates a new key. */
  #renew(): void {
    this.#listenKey = null;
    this.socket.reconnectNow();
  }

  #onMessage(m: unknown): void {
    const u = deliver(m, this.#o, this.#log);
    if (u?.type === 'BinanceListenKeyExpired') this.#renew();
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#keepAlive !== null) clearInterval(this.#keepAlive);
    this.#keepAlive = null;
    await this.socket.close();
    const key = this.#listenKey;
    this.#listenKey = null;
    if (key !== null) {
      await this.#o.http
        .request('DELETE', this.#path, { apiKeyOnly: true, params: { listenKey: key } })
        .catch((e: unknown) => this.#log.warn({ err: e }, 'binance listen key close failed'));
    }
  }
}

export interface SpotUserStreamOptions extends UserStreamCommon {
  /** WebSocket API URL (`wss://ws-api.binance.com:443/ws-api/v3` or a local venue's). */
  readonly wsApiUrl: string;
  readonly apiKey: string;
  readonly signer: RequestSigner;
  /** Venue time in ms (the HTTP client's, which tracks the server offset). */
  readonly venueNowMs: () => number;
}

/** See the module doc (spot). */
export class BinanceSpotUserStream implements BinanceUserStream {
  readonly socket: ReconnectingSocket;
  readonly #o: SpotUserStreamOptions;
  readonly #log: Logger;
  #nextId = 1;
  #subscriptionId: number | null = null;
  #waiting: { id: number; resolve: () => void; reject: (e: Error) => void } | null = null;

  constructor(o: SpotUserStreamOptions) {
    this.#o = o;
    this.#log = o.logger ?? createSilentLogger();
    this.socket = new ReconnectingSocket({
      url: o.wsApiUrl,
      onMessage: (m) => this.#onMessage(m),
      onOpen: async ({ reconnect }) => {
        await this.#subscribe();
        if (reconnect) await this.#o.onReconnect?.();
      },
      ...(o.backoff === undefined ? {} : { backoff: o.backoff }),
      logger: this.#log,
    });
  }

  get subscriptionId(): number | null {
    return this.#subscriptionId;
  }

  async connect(): Promise<void> {
    await this.socket.connect();
    if (this.#subscriptionId === null) {
      throw new BinanceError('BINANCE_WS_SUBSCRIBE', 'user data stream subscription was refused');
    }
  }

  #subscribe(): Promise<void> {
    const id = this.#nextId++;
    const params = { apiKey: this.#o.apiKey, timestamp: this.#o.venueNowMs() };
    const signature = this.#o.signer.sign(wsApiPayload(params));
    this.#subscriptionId = null;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiting = null;
        reject(new BinanceError('BINANCE_WS_TIMEOUT', 'userDataStream.subscribe.signature: no answer'));
      }, 10_000);
      this.#waiting = {
        id,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      this.socket.send({
        id,
        method: 'userDataStream.subscribe.signature',
        params: { ...params, signature },
      });
    }).catch((e: unknown) => {
      this.#log.error({ err: e }, 'binance user data subscription failed');
      this.#o.onError?.(e as Error);
    });
  }

  #onMessage(m: unknown): void {
    if (isObject(m) && 'id' in m && 'status' in m) {
      const w = this.#waiting;
      if (w === null || m.id !== w.id) return;
      this.#waiting = null;
      if (m.status === 200 && isObject(m.result) && typeof m.result.subscriptionId === 'number') {
        this.#subscriptionId = m.result.subscriptionId;
        w.resolve();
      } else {
        const err = isObject(m.error) ? m.error : {};
        const code = typeof err.code === 'number' ? err.code : 0;
        w.reject(
          new BinanceError(
            `BINANCE_${Math.abs(code)}`,
            `user data subscription refused: ${String(err.msg ?? m.status)}`,
            {
              binanceCode: code,
            },
          ),
        );
      }
      return;
    }
    const u = deliver(m, this.#o, this.#log);
    // The venue ended the subscription (e.g. the session expired): subscribe again.
    if (u?.type === 'BinanceIgnoredEvent' && u.eventType === 'eventStreamTerminated') void this.#subscribe();
  }

  async close(): Promise<void> {
    await this.socket.close();
  }
}
