/**
 * The venue's WebSocket side: market streams and user-data streams, in Binance USD-M's URL
 * scheme, every outgoing message passed through the connection's {@link FaultyChannel}.
 *
 * | URL                              | what                                                        |
 * |----------------------------------|-------------------------------------------------------------|
 * | `/ws/<listenKey>`                | the user-data stream of that key's account                  |
 * | `/ws`, `/ws/<s1>/<s2>...`        | raw market streams (payload only); more via SUBSCRIBE        |
 * | `/stream`, `/stream?streams=a/b` | combined market streams (`{stream, data}`); more via SUBSCRIBE |
 * | `/spot/...` (the rows above)     | the same market streams in spot shapes                      |
 * | `/ws-api/v3`, `/spot/ws-api/v3`  | spot WebSocket API: `userDataStream.subscribe.signature`, events as `{subscriptionId, event}` |
 *
 * Control messages `{method: SUBSCRIBE | UNSUBSCRIBE | LIST_SUBSCRIPTIONS, params, id}` are
 * answered `{result, id}` (never subject to faults). Depth streams may be named `@depth`,
 * `@depth@100ms`, `@depth@250ms` or `@depth@500ms`: all carry the same diffs. Klines:
 * `@kline_<1s|1m|3m|5m|15m|30m|1h>` (see `klines.ts`).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';

import type { VenueAccount } from './accounts.js';
import type { MarketMessage } from './exchange.js';
import { type FaultInjector, FaultyChannel } from './faults.js';

interface MarketConn {
  readonly ws: WebSocket;
  readonly combined: boolean;
  /** Opened under `/spot`: spot-shaped payloads. */
  readonly spot: boolean;
  /** canonical name -> the names subscribed for it (as the client wrote them). */
  readonly subs: Map<string, Set<string>>;
  readonly channel: FaultyChannel;
}

interface UserConn {
  readonly ws: WebSocket;
  readonly account: VenueAccount;
  readonly listenKey: string;
  readonly channel: FaultyChannel;
}

/** A spot WebSocket-API connection and its user-data subscriptions. */
interface ApiConn {
  readonly ws: WebSocket;
  readonly channel: FaultyChannel;
  /** subscription id -> account. */
  readonly subs: Map<number, VenueAccount>;
}

/** Checks a signed WebSocket-API request's params; returns its account or a Binance error. */
export type WsApiVerifier = (
  params: Readonly<Record<string, unknown>>,
) => VenueAccount | { readonly status: number; readonly code: number; readonly msg: string };

/** `btcusdt@depth@100ms` -> `btcusdt@depth`. */
export function canonicalStream(name: string): string {
  return name.replace(/@depth@(100|250|500)ms$/, '@depth');
}

const STREAM_NAME =
  /^[a-z0-9]+@(depth(@(100|250|500)ms)?|bookTicker|trade|aggTrade|kline_(1s|1m|3m|5m|15m|30m|1h))$/;

/** See the module doc. */
export class StreamHub {
  readonly #wss = new WebSocketServer({ noServer: true });
  readonly #faults: FaultInjector;
  readonly #market = new Set<MarketConn>();
  readonly #user = new Set<UserConn>();
  readonly #api = new Set<ApiConn>();
  #nextSubscription = 1;
  #verify: WsApiVerifier = () => ({
    status: 401,
    code: -2015,
    msg: 'Invalid API-key, IP, or permissions for action.',
  });
  readonly #accountOfKey: (key: string) => VenueAccount | undefined;
  /** Messages sent (after faults), per kind. */
  readonly sent = { market: 0, user: 0 };

  constructor(faults: FaultInjector, accountOfKey: (key: string) => VenueAccount | undefined) {
    this.#faults = faults;
    this.#accountOfKey = accountOfKey;
  }

  get connections(): { market: number; user: number } {
    return { market: this.#market.size, user: this.#user.size + this.#api.size };
  }

  /** How spot WebSocket-API requests are authenticated (set by the server). */
  setWsApiVerifier(verify: WsApiVerifier): void {
    this.#verify = verify;
  }

  /** Handles an HTTP upgrade of the venue's server. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://venue');
    const spot = url.pathname === '/spot' || url.pathname.startsWith('/spot/');
    const path = spot ? url.pathname.slice(5) : url.pathname;
    const reject = (status: number, text: string) => {
      socket.write(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\n\r\n`);
      socket.destroy();
    };
    if (path === '/ws-api/v3') {
      this.#wss.handleUpgrade(req, socket, head, (ws) => this.#openApi(ws));
      return;
    }
    if (path === '/stream' || path === '/ws' || path.startsWith('/ws/')) {
      const names =
        path === '/stream'
          ? (url.searchParams.get('streams') ?? '').split('/').filter((s) => s !== '')
          : path
              .slice(4)
              .split('/')
              .filter((s) => s !== '');
      // A single name without '@' on /ws/ is a listen key.
      if (!spot && path.startsWith('/ws/') && names.length === 1 && !names[0]!.includes('@')) {
        const key = names[0]!;
        const account = this.#accountOfKey(key);
        if (account === undefined) {
          reject(400, 'Bad Request');
          return;
        }
        this.#wss.handleUpgrade(req, socket, head, (ws) => this.#openUser(ws, account, key));
        return;
      }
      if (names.some((n) => !STREAM_NAME.test(n))) {
        reject(400, 'Bad Request');
        return;
      }
      this.#wss.handleUpgrade(req, socket, head, (ws) =>
        this.#openMarket(ws, path === '/stream', spot, names),
      );
      return;
    }
    reject(404, 'Not Found');
  }

  #openUser(ws: WebSocket, account: VenueAccount, listenKey: string): void {
    const conn: UserConn = {
      ws,
      account,
      listenKey,
      channel: new FaultyChannel(this.#faults, 'user', (t) => {
        if (ws.readyState === ws.OPEN) {
          ws.send(t);
          this.sent.user++;
        }
      }),
    };
    this.#user.add(conn);
    ws.on('close', () => {
      conn.channel.close();
      this.#user.delete(conn);
    });
    ws.on('error', () => {});
    ws.on('message', () => {});
  }

  #openApi(ws: WebSocket): void {
    const conn: ApiConn = {
      ws,
      subs: new Map(),
      channel: new FaultyChannel(this.#faults, 'user', (t) => {
        if (ws.readyState === ws.OPEN) {
          ws.send(t);
          this.sent.user++;
        }
      }),
    };
    this.#api.add(conn);
    ws.on('close', () => {
      conn.channel.close();
      this.#api.delete(conn);
    });
    ws.on('error', () => {});
    ws.on('message', (data) => {
      let m: { id?: unknown; method?: unknown; params?: unknown };
      try {
        m = JSON.parse(data.toString()) as typeof m;
      } catch {
        ws.send(
          JSON.stringify({
            id: null,
            status: 400,
            error: { code: -1100, msg: 'Illegal characters found in a parameter.' },
          }),
        );
        return;
      }
      const id = m.id ?? null;
      const params = (typeof m.params === 'object' && m.params !== null ? m.params : {}) as Record<
        string,
        unknown
      >;
      const reply = (result: unknown) => ws.send(JSON.stringify({ id, status: 200, result, rateLimits: [] }));
      const fail = (status: number, code: number, msg: string) =>
        ws.send(JSON.stringify({ id, status, error: { code, msg } }));
      switch (m.method) {
        case 'ping':
          reply({});
          return;
        case 'time':
          reply({ serverTime: Date.now() });
          return;
        case 'userDataStream.subscribe.signature': {
          const r = this.#verify(params);
          if (!('apiKey' in r)) {
            fail(r.status, r.code, r.msg);
            return;
          }
          const subscriptionId = this.#nextSubscription++;
          conn.subs.set(subscriptionId, r);
          reply({ subscriptionId });
          return;
        }
        case 'userDataStream.unsubscribe': {
          const sid = Number(params.subscriptionId);
          if (Number.isFinite(sid)) conn.subs.delete(sid);
          else conn.subs.clear();
          reply({});
          return;
        }
        default:
          fail(400, -1000, `Unknown method ${String(m.method)}.`);
      }
    });
  }

  /** Sends a spot user-data event to every WebSocket-API subscription of the account. */
  pushSpotUser(account: VenueAccount, event: Readonly<Record<string, unknown>>): void {
    for (const conn of this.#api) {
      for (const [subscriptionId, a] of conn.subs) {
        if (a === account) conn.channel.push(JSON.stringify({ subscriptionId, event }));
      }
    }
  }

  #openMarket(ws: WebSocket, combined: boolean, spot: boolean, names: readonly string[]): void {
    const conn: MarketConn = {
      ws,
      combined,
      spot,
      subs: new Map(),
      channel: new FaultyChannel(this.#faults, 'market', (t) => {
        if (ws.readyState === ws.OPEN) {
          ws.send(t);
          this.sent.market++;
        }
      }),
    };
    for (const n of names) this.#sub(conn, n);
    this.#market.add(conn);
    ws.on('close', () => {
      conn.channel.close();
      this.#market.delete(conn);
    });
    ws.on('error', () => {});
    ws.on('message', (data) => this.#control(conn, data.toString()));
  }

  #sub(conn: MarketConn, name: string): void {
    const c = canonicalStream(name);
    let set = conn.subs.get(c);
    if (set === undefined) {
      set = new Set();
      conn.subs.set(c, set);
    }
    set.add(name);
  }

  #control(conn: MarketConn, text: string): void {
    let m: { method?: unknown; params?: unknown; id?: unknown };
    try {
      m = JSON.parse(text) as typeof m;
    } catch {
      conn.ws.send(JSON.stringify({ error: { code: 3, msg: 'Invalid JSON' }, id: null }));
      return;
    }
    const id = m.id ?? null;
    const params = Array.isArray(m.params) ? (m.params as unknown[]) : [];
    const bad = () => conn.ws.send(JSON.stringify({ error: { code: 2, msg: 'Invalid request' }, id }));
    switch (m.method) {
      case 'SUBSCRIBE':
        if (params.some((p) => typeof p !== 'string' || !STREAM_NAME.test(p))) {
          bad();
          return;
        }
        for (const p of params as string[]) this.#sub(conn, p);
        conn.ws.send(JSON.stringify({ result: null, id }));
        return;
      case 'UNSUBSCRIBE':
        for (const p of params) {
          if (typeof p !== 'string') continue;
          const set = conn.subs.get(canonicalStream(p));
          set?.delete(p);
          if (set?.size === 0) conn.subs.delete(canonicalStream(p));
        }
        conn.ws.send(JSON.stringify({ result: null, id }));
        return;
      case 'LIST_SUBSCRIPTIONS':
        conn.ws.send(JSON.stringify({ result: [...conn.subs.values()].flatMap((s) => [...s]).sort(), id }));
        return;
      default:
        bad();
    }
  }

  /** Listen keys of the open user-stream connections (sorted). */
  userListenKeys(): string[] {
    return [...this.#user].map((c) => c.listenKey).sort();
  }

  /** Kline intervals some connection subscribed for `symbol` (e.g. `1m`). */
  klineIntervals(symbol: string): Set<string> {
    const out = new Set<string>();
    const prefix = `${symbol.toLowerCase()}@kline_`;
    for (const conn of this.#market) {
      for (const name of conn.subs.keys()) if (name.startsWith(prefix)) out.add(name.slice(prefix.length));
    }
    return out;
  }

  /** Sends market messages to every connection subscribed to them. */
  publish(messages: readonly MarketMessage[]): void {
    if (this.#market.size === 0) return;
    for (const m of messages) {
      let raw: string | null = null;
      let rawSpot: string | null = null;
      for (const conn of this.#market) {
        const names = conn.subs.get(m.stream);
        if (names === undefined) continue;
        const data = conn.spot ? (m.spot ?? m.data) : m.data;
        if (conn.combined) {
          for (const n of names) conn.channel.push(JSON.stringify({ stream: n, data }));
        } else if (conn.spot) {
          rawSpot ??= JSON.stringify(data);
          conn.channel.push(rawSpot);
        } else {
          raw ??= JSON.stringify(data);
          conn.channel.push(raw);
        }
      }
    }
  }

  /** Sends a user-data event to every stream of the account. */
  pushUser(account: VenueAccount, event: Readonly<Record<string, unknown>>): void {
    let text: string | null = null;
    for (const conn of this.#user) {
      if (conn.account !== account) continue;
      text ??= JSON.stringify(event);
      conn.channel.push(text);
    }
  }

  /** Sends `listenKeyExpired` on the key's streams and closes them. */
  expireListenKey(listenKey: string, nowMs: number): void {
    for (const conn of this.#user) {
      if (conn.listenKey !== listenKey) continue;
      conn.ws.send(JSON.stringify({ e: 'listenKeyExpired', E: nowMs, listenKey }));
      conn.ws.close(1000, 'listenKey expired');
    }
  }

  /** Drops connections (as a network fault would: no close handshake). */
  disconnect(kind: 'market' | 'user' | 'all' = 'all'): number {
    let n = 0;
    if (kind !== 'user') {
      for (const c of this.#market) {
        c.ws.terminate();
        n++;
      }
    }
    if (kind !== 'market') {
      for (const c of this.#user) {
        c.ws.terminate();
        n++;
      }
      for (const c of this.#api) {
        c.ws.terminate();
        n++;
      }
    }
    return n;
  }

  close(): void {
    for (const c of this.#market) c.ws.terminate();
    for (const c of this.#user) c.ws.terminate();
    for (const c of this.#api) c.ws.terminate();
    this.#wss.close();
  }
}
