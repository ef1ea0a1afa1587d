/**
 * The Binance REST client over the global `fetch`: signed and unsigned requests, typed errors,
 * rate limits, server-time sync.
 *
 * # Outcomes
 * | what happened                              | result                                                   |
 * |--------------------------------------------|----------------------------------------------------------|
 * | 2xx                                        | the parsed JSON body                                      |
 * | `{code, msg}` body (4xx)                   | `BinanceError` `BINANCE_<n>`, `details.binanceCode` = code |
 * | -1021 (timestamp outside recvWindow)       | resync the server-time offset, retry once                  |
 * | -1007 (backend timeout)                    | `BINANCE_STATUS_UNKNOWN`: the request may have executed   |
 * | -1003 (too many requests)                  | `RATE_LIMITED`                                             |
 * | 429                                        | block for `Retry-After`; GETs wait and retry when short, else `RATE_LIMITED` |
 * | 418                                        | `BINANCE_IP_BANNED`; every request refused until `Retry-After` |
 * | 5xx, 408, timeout, broken connection       | GET: retried (`maxRetries`, backoff), then `BINANCE_HTTP_<s>` / `BINANCE_TIMEOUT` / `BINANCE_NETWORK`; anything else: `BINANCE_STATUS_UNKNOWN` (never retried: it may have executed) |
 *
 * # Secrets
 * The API key travels only in the `X-MBX-APIKEY` header and the secret only inside the signer.
 * Log lines go through the redacting logger, and error messages and details name the method and
 * path, never the query (which holds the signature).
 */
import { createSilentLogger, type Logger } from '../../common/logging/index.js';
import { BinanceError, binanceErrorCode, STATUS_UNKNOWN } from './errors.js';
import { Fields, isObject } from './parse/fields.js';
import { parseServerTime } from './parse/market.js';
import { type BinanceRateLimiter, isOrderRequest, requestWeight } from './rate-limit.js';
import { API_KEY_HEADER, type Params, type RequestSigner, signQuery, toQueryString } from './signing.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface BinanceHttpClientOptions {
  /** REST base URL, e.g. `https://api.binance.com` or `http://127.0.0.1:8080`. */
  readonly baseUrl: string;
  /** Path of the server-time endpoint (`/api/v3/time` or `/fapi/v1/time`). */
  readonly timePath: string;
  readonly apiKey?: string | null;
  readonly signer?: RequestSigner | null;
  /** `recvWindow` of signed requests (ms). */
  readonly recvWindowMs?: number;
  /** Per-request timeout (default 10,000 ms). */
  readonly timeoutMs?: number;
  /** Retries of a failed read (GET); writes are never retried. Default 3. */
  readonly maxRetries?: number;
  /** First retry delay; doubles each retry. Default 500 ms. */
  readonly retryDelayMs?: number;
  /** Longest `Retry-After` a GET waits out before retrying (default 5,000 ms). */
  readonly maxRetryAfterWaitMs?: number;
  readonly rateLimiter?: BinanceRateLimiter | null;
  readonly logger?: Logger;
  /** Wall time in ms (default `Date.now`). */
  readonly nowMs?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly fetch?: typeof fetch;
}

export interface RequestOptions {
  readonly params?: Params;
  readonly signed?: boolean;
  /** Send only the API key header (listenKey endpoints). */
  readonly apiKeyOnly?: boolean;
  /** Override the table's weight. */
  readonly weight?: number;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Seconds of a `Retry-After` header in ms (default when absent or unreadable). */
function retryAfterMs(headers: Headers, fallbackMs: number): number {
  const v = headers.get('retry-after');
  if (v === null) return fallbackMs;
  const s = Number(v);
  if (Number.isFinite(s) && s >= 0) return Math.ceil(s * 1000);
  const date = Date.parse(v);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : fallbackMs;
}

function networkCode(e: unknown): string | null {
  const cause = (e as { cause?: { code?: unknown } }).cause;
  return typeof cause?.code === 'string' ? cause.code : null;
}

/** Params as they may be logged: a listen key grants access to the account's stream. */
function loggable(params: Params): Params {
  return 'listenKey' in params ? { ...params, listenKey: '[REDACTED]' } : params;
}

/** Errors where the request certainly never reached the venue. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** See the module doc. */
export class BinanceHttpClient {
  readonly baseUrl: string;
  readonly #o: BinanceHttpClientOptions;
  readonly #log: Logger;
  readonly #now: () => number;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #fetch: typeof fetch;
  #offsetMs = 0;

  constructor(o: BinanceHttpClientOptions) {
    this.baseUrl = o.baseUrl.endsWith('/') ? o.baseUrl.slice(0, -1) : o.baseUrl;
    this.#o = o;
    this.#log = o.logger ?? createSilentLogger();
    this.#now = o.nowMs ?? Date.now;
    this.#sleep = o.sleep ?? defaultSleep;
    this.#fetch = o.fetch ?? globalThis.fetch;
  }

  /** Venue time minus local time (ms), as last synchronised. */
  get serverTimeOffsetMs(): number {
    return this.#offsetMs;
  }

  /** Venue time now (ms): what signed requests put in `timestamp`. */
  venueNowMs(): number {
    return this.#now() + this.#offsetMs;
  }

  /** Reads the venue's time and sets the offset from it (half the round trip is assumed each way). */
  async syncTime(): Promise<number> {
    const sent = this.#now();
    const json = await this.request('GET', this.#o.timePath);
    const received = this.#now();
    const server = parseServerTime(json);
    this.#offsetMs = server - Math.round((sent + received) / 2);
    this.#log.debug({ offsetMs: this.#offsetMs }, 'binance server time synchronised');
    return this.#offsetMs;
  }

  get(path: string, params?: Params, signed = false): Promise<unknown> {
    return this.request('GET', path, { ...(params === undefined ? {} : { params }), signed });
  }

  /** Sends one request (see the module doc for outcomes). */
  async request(method: HttpMethod, path: string, o: RequestOptions = {}): Promise<unknown> {
    const params = o.params ?? {};
    const what = `${method} ${path}`;
    const maxRetries = method === 'GET' ? (this.#o.maxRetries ?? 3) : 0;
    let resynced = false;
    for (let attempt = 0; ; attempt++) {
      const limiter = this.#o.rateLimiter;
      if (limiter)
        await limiter.acquire(
          o.weight ?? requestWeight(method, path, params),
          isOrderRequest(method, path),
          what,
        );
      const outcome = await this.#send(method, path, params, o, what);
      if (outcome.type === 'ok') return outcome.json;
      const e = outcome.error;
      if (e.details?.binanceCode === -1021 && !resynced && o.signed) {
        // Our clock drifted from the venue's: resync and retry once.
        resynced = true;
        this.#log.warn({ path }, 'binance timestamp outside recvWindow (-1021): resynchronising time');
        await this.syncTime();
        attempt--;
        continue;
      }
      if (outcome.retryable && attempt < maxRetries) {
        const delay = outcome.retryAfterMs ?? (this.#o.retryDelayMs ?? 500) * 2 ** attempt;
        this.#log.warn(
          { path, attempt: attempt + 1, code: e.code, delayMs: delay },
          'binance request failed: retrying',
        );
        await this.#sleep(delay);
        continue;
      }
      throw e;
    }
  }

  async #send(
    method: HttpMethod,
    path: string,
    params: Params,
    o: RequestOptions,
    what: string,
  ): Promise<
    | { type: 'ok'; json: unknown }
    | { type: 'error'; error: BinanceError; retryable: boolean; retryAfterMs?: number }
  > {
    const headers: Record<string, string> = {};
    let query: string;
    if (o.signed) {
      const signer = this.#o.signer;
      const key = this.#o.apiKey;
      if (!signer || !key) {
        return {
          type: 'error',
          error: new BinanceError('MISSING_CREDENTIALS', `${what} needs an API key and secret`),
          retryable: false,
        };
      }
      headers[API_KEY_HEADER] = key;
      query = signQuery(signer, params, {
        timestampMs: this.venueNowMs(),
        recvWindowMs: this.#o.recvWindowMs,
      });
    } else {
      if (o.apiKeyOnly) {
        const key = this.#o.apiKey;
        if (!key) {
          return {
            type: 'error',
            error: new BinanceError('MISSING_CREDENTIALS', `${what} needs an API key`),
            retryable: false,
          };
        }
        headers[API_KEY_HEADER] = key;
      }
      query = toQueryString(params);
    }
    // Binance accepts the parameters of every method in the query string.
    const url = query === '' ? `${this.baseUrl}${path}` : `${this.baseUrl}${path}?${query}`;
    const write = method !== 'GET';
    this.#log.debug({ method, path, params: loggable(params) }, 'binance request');
    let res: Response;
    let text: string;
    try {
      res = await this.#fetch(url, {
        method,
        headers,
        signal: AbortSignal.timeout(this.#o.timeoutMs ?? 10_000),
      });
      text = await res.text();
    } catch (e) {
      const timedOut = e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError');
      const code = networkCode(e);
      if (write && !(code !== null && NOT_SENT.has(code))) {
        return {
          type: 'error',
          error: new BinanceError(
            STATUS_UNKNOWN,
            `${what}: ${timedOut ? 'timed out' : 'connection failed'} after sending; the venue may have executed it`,
            { method, path, cause: code ?? (e as Error).name },
            e,
          ),
          retryable: false,
        };
      }
      return {
        type: 'error',
        error: new BinanceError(
          timedOut ? 'BINANCE_TIMEOUT' : 'BINANCE_NETWORK',
          `${what}: ${timedOut ? `no answer within ${this.#o.timeoutMs ?? 10_000} ms` : `network error ${code ?? (e as Error).message}`}`,
          { method, path, cause: code ?? (e as Error).name },
          e,
        ),
        retryable: true,
      };
    }
    this.#o.rateLimiter?.observe(res.headers);
    let json: unknown;
    let parsed = true;
    try {
      json = text === '' ? {} : JSON.parse(text);
    } catch {
      parsed = false;
    }
    if (res.ok) {
      if (!parsed) {
        return {
          type: 'error',
          error: new BinanceError('BINANCE_INVALID_PAYLOAD', `${what}: the answer is not JSON`, {
            method,
            path,
            status: res.status,
          }),
          retryable: false,
        };
      }
      return { type: 'ok', json };
    }
    return this.#failure(res, parsed ? json : undefined, method, path, what);
  }

  #failure(
    res: Response,
    json: unknown,
    method: HttpMethod,
    path: string,
    what: string,
  ): { type: 'error'; error: BinanceError; retryable: boolean; retryAfterMs?: number } {
    const write = method !== 'GET';
    const status = res.status;
    if (status === 418) {
      const after = retryAfterMs(res.headers, 120_000);
      this.#o.rateLimiter?.banFor(after);
      this.#log.error({ path, retryAfterMs: after }, 'binance banned this IP (HTTP 418): stopping requests');
      return {
        type: 'error',
        error: new BinanceError(
          'BINANCE_IP_BANNED',
          `${what}: IP banned by the venue (HTTP 418) for ${after} ms`,
          {
            method,
            path,
            status,
            retryAfterMs: after,
          },
        ),
        retryable: false,
      };
    }
    if (status === 429) {
      const after = retryAfterMs(res.headers, 60_000);
      this.#o.rateLimiter?.blockFor(after);
      this.#log.warn({ path, retryAfterMs: after }, 'binance rate limit hit (HTTP 429): backing off');
      const shortWait = !write && after <= (this.#o.maxRetryAfterWaitMs ?? 5_000);
      return {
        type: 'error',
        error: new BinanceError(
          'RATE_LIMITED',
          `${what}: the venue answered HTTP 429; retry after ${after} ms`,
          {
            method,
            path,
            status,
            retryAfterMs: after,
          },
        ),
        retryable: shortWait,
        retryAfterMs: after,
      };
    }
    const body = isObject(json) && typeof json.code === 'number' ? Fields.of('error', json) : null;
    if (body !== null) {
      const code = body.int('code');
      const msg = body.optStr('msg') ?? '';
      const details = { method, path, status, binanceCode: code, binanceMessage: msg };
      if (code === -1007) {
        return {
          type: 'error',
          error: new BinanceError(
            STATUS_UNKNOWN,
            `${what}: ${msg} (-1007); execution status unknown`,
            details,
          ),
          retryable: false,
        };
      }
      // A 5xx on a write: the venue failed after receiving it, so it may have executed
      // (Binance: "do not treat this as a failure"), except -1008 (overloaded: not processed).
      if (write && status >= 500 && code !== -1008) {
        return {
          type: 'error',
          error: new BinanceError(
            STATUS_UNKNOWN,
            `${what}: ${msg} (${code}, HTTP ${status}); execution status unknown`,
            details,
          ),
          retryable: false,
        };
      }
      if (code === -1003) {
        return {
          type: 'error',
          error: new BinanceError('RATE_LIMITED', `${what}: ${msg} (-1003)`, details),
          retryable: false,
        };
      }
      return {
        type: 'error',
        error: new BinanceError(binanceErrorCode(code), `${what}: ${msg} (${code})`, details),
        // A 5xx with a Binance body is still "the venue failed": retry reads only.
        retryable: !write && status >= 500,
      };
    }
    if ((status >= 500 || status === 408) && write) {
      return {
        type: 'error',
        error: new BinanceError(STATUS_UNKNOWN, `${what}: HTTP ${status}; execution status unknown`, {
          method,
          path,
          status,
        }),
        retryable: false,
      };
    }
    return {
      type: 'error',
      error: new BinanceError(`BINANCE_HTTP_${status}`, `${what}: HTTP ${status}`, { method, path, status }),
      retryable: !write && status >= 500,
    };
  }
}
