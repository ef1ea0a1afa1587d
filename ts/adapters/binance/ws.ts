/**
 * WebSocket connections to Binance: a reconnecting socket, and the market-data stream client
 * built on it (combined streams, SUBSCRIBE / UNSUBSCRIBE with ids).
 *
 * # Reconnect
 * When the socket closes without `close()` having been called, the client reconnects after
 * `min(maxMs, initialMs * factor^attempt)` scaled by a random factor in `[1 - jitter, 1]`
 * (full delays never exceed `maxMs`); the attempt counter resets once a connection opens.
 * After each reconnect the `onOpen` hook runs with `reconnect: true`: the market client
 * resubscribes every stream there and then calls the caller's back-fill hook, so the caller can
 * re-query open orders, recent trades or a book snapshot for what it may have missed.
 *
 * Binance closes every connection after 24 h and pings every few minutes; `ws` answers pings.
 */
import WebSocket from 'ws';

import { createSilentLogger, type Logger } from '../../common/logging/index.js';
import { BinanceError } from './errors.js';
import { isObject } from './parse/fields.js';
import { unwrapCombined } from './parse/market.js';

/** Reconnect delays (see the module doc). */
export interface BackoffOptions {
  readonly initialMs?: number;
  readonly maxMs?: number;
  readonly factor?: number;
  /** 0..1: how much of each delay may be shaved off at random. */
  readonly jitter?: number;
}

/** The delay before reconnect attempt `attempt` (0-based). Never above `maxMs`. */
export function backoffDelayMs(
  attempt: number,
  o: BackoffOptions = {},
  random: () => number = Math.random,
): number {
  const initial = o.initialMs ?? 500;
  const max = o.maxMs ?? 30_000;
  const factor = o.factor ?? 2;
  const jitter = Math.min(1, Math.max(0, o.jitter ?? 0.2));
  const base = Math.min(max, initial * factor ** Math.min(attempt, 64));
  return Math.max(0, Math.round(base * (1 - jitter * random())));
}

export interface ReconnectingSocketOptions {
  /** The URL to (re)connect to; a function is called before every attempt (listen keys change). */
  readonly url: string | (() => string | Promise<string>);
  /** Every text message, parsed as JSON (messages that are not JSON are logged and dropped). */
  readonly onMessage: (message: unknown) => void;
  /** After each successful open; `reconnect` is false the first time. Errors are logged. */
  readonly onOpen?: (info: { readonly reconnect: boolean }) => void | Promise<void>;
  /** When a connection is lost (before the reconnect). */
  readonly onDisconnect?: (info: { readonly code: number; readonly reason: string }) => void;
  readonly backoff?: BackoffOptions;
  /** Give up after this many failed attempts in a row (default: never). */
  readonly maxReconnectAttempts?: number;
  /** When reconnection is given up. */
  readonly onGiveUp?: (error: Error) => void;
  readonly logger?: Logger;
  readonly random?: () => number;
  /** Connect timeout (default 10,000 ms). */
  readonly connectTimeoutMs?: number;
}

export type SocketState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

/** See the module doc. */
export class ReconnectingSocket {
  readonly #o: ReconnectingSocketOptions;
  readonly #log: Logger;
  #ws: WebSocket | null = null;
  #state: SocketState = 'idle';
  #attempt = 0;
  #opened = false;
  #timer: NodeJS.Timeout | null = null;
  #closing = false;
  /** Delays used for reconnects, newest last (bounded; for diagnostics and tests). */
  readonly reconnectDelays: number[] = [];
  reconnects = 0;

  constructor(o: ReconnectingSocketOptions) {
    this.#o = o;
    this.#log = o.logger ?? createSilentLogger();
  }

  get state(): SocketState {
    return this.#state;
  }

  /** Opens the first connection; rejects when it cannot (no automatic retry of the first one). */
  async connect(): Promise<void> {
    if (this.#state !== 'idle' && this.#state !== 'closed') return;
    this.#closing = false;
    this.#state = 'connecting';
    try {
      await this.#open();
    } catch (e) {
      this.#state = 'idle';
      throw e;
    }
  }

  async #open(): Promise<void> {
    const url = typeof this.#o.url === 'string' ? this.#o.url : await this.#o.url();
    const ws = new WebSocket(url, { handshakeTimeout: this.#o.connectTimeoutMs ?? 10_000 });
    this.#ws = ws;
    await new Promise<void>((resolve, reject) => {
      const onError = (e: Error) => {
        ws.removeListener('open', onOpen);
        reject(new BinanceError('BINANCE_WS_CONNECT', `WebSocket connection failed: ${e.message}`, {}, e));
      };
      const onOpen = () => {
        ws.removeListener('error', onError);
        resolve();
      };
      ws.once('error', onError);
      ws.once('open', onOpen);
    }).catch((e: unknown) => {
      this.#ws = null;
      ws.removeAllListeners();
      ws.on('error', () => {});
      ws.terminate();
      throw e;
    });
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      let json: unknown;
      try {
        json = JSON.parse(data.toString());
      } catch {
        this.#log.warn('binance websocket: message is not JSON, dropped');
        return;
      }
      try {
        this.#o.onMessage(json);
      } catch (e) {
        this.#log.error({ err: e }, 'binance websocket: message handler failed');
      }
    });
    ws.on('error', (e) => this.#log.warn({ err: e }, 'binance websocket error'));
    ws.on('close', (code, reason) => this.#onClose(ws, code, reason.toString()));
    const reconnect = this.#opened;
    this.#opened = true;
    this.#attempt = 0;
    this.#state = 'open';
    if (this.#o.onOpen) {
      try {
        await this.#o.onOpen({ reconnect });
      } catch (e) {
        this.#log.error({ err: e }, 'binance websocket: open hook failed');
      }
    }
  }

  #onClose(ws: WebSocket, code: number, reason: string): void {
    if (this.#ws !== ws) return;
    this.#ws = null;
    if (this.#closing) {
      this.#state = 'closed';
      return;
    }
    this.#log.warn({ code, reason }, 'binance websocket closed: reconnecting');
    this.#o.onDisconnect?.({ code, reason });
    this.#scheduleReconnect();
  }

  #scheduleReconnect(): void {
    const max = this.#o.maxReconnectAttempts ?? Number.POSITIVE_INFINITY;
    if (this.#attempt >= max) {
      this.#state = 'closed';
      this.#o.onGiveUp?.(
        new BinanceError('BINANCE_WS_GAVE_UP', `gave up after ${this.#attempt} reconnect attempts`),
      );
      return;
    }
    this.#state = 'reconnecting';
    const delay = backoffDelayMs(this.#attempt, this.#o.backoff, this.#o.random);
    this.#attempt++;
    this.reconnectDelays.push(delay);
    if (this.reconnectDelays.length > 100) this.reconnectDelays.shift();
    this.#timer = setTimeout(() => {
      this.#timer = null;
      if (this.#closing) return;
      this.#open().then(
        () => {
          this.reconnects++;
        },
        (e: unknown) => {
          this.#log.warn({ err: e, attempt: this.#attempt }, 'binance websocket reconnect failed');
          if (!this.#closing) this.#scheduleReconnect();
        },
      );
    }, delay);
  }

  /** Sends a JSON message; throws `BINANCE_WS_NOT_OPEN` when the socket is not open. */
  send(message: unknown): void {
    const ws = this.#ws;
    if (ws === null || ws.readyState !== WebSocket.OPEN) {
      throw new BinanceError('BINANCE_WS_NOT_OPEN', 'the WebSocket is not open');
    }
    ws.send(JSON.stringify(message));
  }

  /** True while a message can be sent. */
  get isOpen(): boolean {
    return this.#ws !== null && this.#ws.readyState === WebSocket.OPEN;
  }

  /** Drops the current connection; the socket reconnects (to a fresh URL when `url` is a function). */
  reconnectNow(): void {
    this.#ws?.terminate();
  }

  /** Closes for good (code 1000); no reconnect follows. */
  async close(): Promise<void> {
    this.#closing = true;
    if (this.#timer !== null) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    const ws = this.#ws;
    if (ws === null) {
      this.#state = 'closed';
      return;
    }
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        ws.terminate();
        resolve();
      }, 2_000);
      ws.once('close', () => {
        clearTimeout(t);
        resolve();
      });
      ws.close(1000, 'client closing');
    });
    this.#state = 'closed';
  }
}

/** Handles one market stream message: the stream name (`btcusdt@trade`) and its data. */
export type StreamHandler = (stream: string, data: unknown) => void;

export interface MarketStreamOptions {
  /** Market WebSocket base, e.g. `wss://stream.binance.com:9443` or `ws://127.0.0.1:port`. */
  readonly baseUrl: string;
  readonly onData: StreamHandler;
  /** Back-fill after a reconnect, once every stream is subscribed again. */
  readonly onReconnect?: () => void | Promise<void>;
  readonly backoff?: BackoffOptions;
  readonly maxReconnectAttempts?: number;
  readonly logger?: Logger;
  readonly random?: () => number;
  /** How long a SUBSCRIBE may wait for its answer (default 10,000 ms). */
  readonly requestTimeoutMs?: number;
}

interface Pending {
  readonly resolve: (v: unknown) => void;
  readonly reject: (e: Error) => void;
  readonly timer: NodeJS.Timeout;
}

/**
 * Binance market streams over one combined-stream connection (`/stream`): subscriptions are
 * sent as `{method: 'SUBSCRIBE', params, id}` and confirmed by `{result: null, id}`; data
 * arrives as `{stream, data}`. Subscriptions survive reconnects.
 */
export class BinanceMarketStream {
  readonly socket: ReconnectingSocket;
  readonly #o: MarketStreamOptions;
  readonly #log: Logger;
  readonly #streams = new Set<string>();
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;

  constructor(o: MarketStreamOptions) {
    this.#o = o;
    this.#log = o.logger ?? createSilentLogger();
    const base = o.baseUrl.endsWith('/') ? o.baseUrl.slice(0, -1) : o.baseUrl;
    this.socket = new ReconnectingSocket({
      url: `${base}/stream`,
      onMessage: (m) => this.#onMessage(m),
      onOpen: (info) => this.#onOpen(info.reconnect),
      onDisconnect: () => this.#failPending('the connection was lost'),
      ...(o.backoff === undefined ? {} : { backoff: o.backoff }),
      ...(o.maxReconnectAttempts === undefined ? {} : { maxReconnectAttempts: o.maxReconnectAttempts }),
      ...(o.random === undefined ? {} : { random: o.random }),
      logger: this.#log,
    });
  }

  /** Streams currently subscribed (sorted). */
  get streams(): readonly string[] {
    return [...this.#streams].sort();
  }

  connect(): Promise<void> {
    return this.socket.connect();
  }

  close(): Promise<void> {
    this.#failPending('the stream was closed');
    return this.socket.close();
  }

  async #onOpen(reconnect: boolean): Promise<void> {
    if (!reconnect) return;
    if (this.#streams.size > 0) await this.#request('SUBSCRIBE', [...this.#streams].sort());
    await this.#o.onReconnect?.();
  }

  /** Subscribes streams (idempotent); resolves when the venue confirms. */
  async subscribe(streams: readonly string[]): Promise<void> {
    const add = streams.filter((s) => !this.#streams.has(s));
    for (const s of add) this.#streams.add(s);
    if (add.length === 0 || !this.socket.isOpen) return;
    try {
      await this.#request('SUBSCRIBE', add);
    } catch (e) {
      for (const s of add) this.#streams.delete(s);
      throw e;
    }
  }

  async unsubscribe(streams: readonly string[]): Promise<void> {
    const drop = streams.filter((s) => this.#streams.has(s));
    for (const s of drop) this.#streams.delete(s);
    if (drop.length === 0 || !this.socket.isOpen) return;
    await this.#request('UNSUBSCRIBE', drop);
  }

  #request(method: string, params: readonly string[]): Promise<unknown> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new BinanceError('BINANCE_WS_TIMEOUT', `${method} ${params.join(',')}: no answer`));
      }, this.#o.requestTimeoutMs ?? 10_000);
      this.#pending.set(id, { resolve, reject, timer });
      try {
        this.socket.send({ method, params, id });
      } catch (e) {
        clearTimeout(timer);
        this.#pending.delete(id);
        reject(e as Error);
      }
    });
  }

  #failPending(reason: string): void {
    for (const [id, p] of this.#pending) {
      clearTimeout(p.timer);
      p.reject(new BinanceError('BINANCE_WS_NOT_OPEN', `request ${id}: ${reason}`));
    }
    this.#pending.clear();
  }

  #onMessage(m: unknown): void {
    if (isObject(m) && typeof m.id === 'number' && ('result' in m || 'error' in m)) {
      const p = this.#pending.get(m.id);
      if (p === undefined) return;
      this.#pending.delete(m.id);
      clearTimeout(p.timer);
      if (isObject(m.error)) {
        const code = typeof m.error.code === 'number' ? m.error.code : 0;
        p.reject(
          new BinanceError(`BINANCE_${Math.abs(code)}`, `stream request failed: ${String(m.error.msg)}`, {
            binanceCode: code,
          }),
        );
      } else p.resolve(m.result);
      return;
    }
    const { stream, data } = unwrapCombined(m);
    if (stream === null) {
      this.#log.debug('binance market stream: message without a stream name, dropped');
      return;
    }
    this.#o.onData(stream, data);
  }
}
