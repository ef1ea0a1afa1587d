/**
 * Errors of the Binance adapter: one class, {@link BinanceError}, with a stable `code`.
 *
 * | code                      | when                                                                  |
 * |---------------------------|-----------------------------------------------------------------------|
 * | `BINANCE_<n>`             | the venue answered `{code: -n, msg}` (e.g. `BINANCE_2010`); `details.binanceCode` is the signed number |
 * | `BINANCE_HTTP_<status>`   | an HTTP error without a Binance error body (e.g. `BINANCE_HTTP_500`)   |
 * | `BINANCE_STATUS_UNKNOWN`  | -1007, or a timeout / lost connection on a request that changes state: the order may exist |
 * | `BINANCE_TIMEOUT`         | a read-only request timed out (the answer is unknown, never empty)     |
 * | `BINANCE_NETWORK`         | the request could not be sent or the connection broke                  |
 * | `RATE_LIMITED`            | refused before sending: the weight budget would be exceeded, or the venue said 429 |
 * | `BINANCE_IP_BANNED`       | HTTP 418: the client stops sending until `retryAfterMs` has passed      |
 * | `BINANCE_INVALID_PAYLOAD` | a venue payload is missing a field or has a wrong type; names the field |
 * | `BINANCE_UNSUPPORTED`     | a request the adapter cannot express (an order type the venue lacks)  |
 * | `MISSING_CREDENTIALS`     | a signed request without an API key and secret                         |
 * | `BINANCE_TOO_MANY_ORDERS` / `BINANCE_TOO_MANY_TRADES` | a history longer than the paging limit: narrow the lookback (never a partial list) |
 * | `BINANCE_WS_CONNECT`      | a WebSocket could not connect                                          |
 * | `BINANCE_WS_NOT_OPEN`     | a stream request while the socket is down                               |
 * | `BINANCE_WS_TIMEOUT`      | a stream request got no answer                                          |
 * | `BINANCE_WS_SUBSCRIBE`    | the spot user-data subscription was refused                             |
 * | `BINANCE_WS_GAVE_UP`      | reconnection stopped after `maxReconnectAttempts`                       |
 *
 * Messages never contain secrets: request parameters are logged and reported only after
 * redaction, and signatures never appear in errors.
 */
import { initError, KairosError } from '../../common/errors.js';

export class BinanceError extends KairosError {
  constructor(code: string, message: string, details?: Readonly<Record<string, unknown>>, cause?: unknown) {
    super(code, message, details);
    initError(this, 'BinanceError', cause);
  }
}

/** The `code` of an error answered by Binance itself (`-2010` -> `BINANCE_2010`). */
export function binanceErrorCode(venueCode: number): string {
  return `BINANCE_${Math.abs(Math.trunc(venueCode))}`;
}

/** True when `e` is the venue's error `venueCode` (e.g. `-2011`). */
export function isBinanceCode(e: unknown, venueCode: number): boolean {
  return e instanceof BinanceError && e.details?.binanceCode === venueCode;
}

/** Codes that mean "the request may or may not have been executed". */
export const STATUS_UNKNOWN = 'BINANCE_STATUS_UNKNOWN';
