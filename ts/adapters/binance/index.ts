/**
 * The Binance adapter (spot and USD-M futures): signing, REST with rate limits, market and
 * user-data streams with reconnect and back-fill, parsers of every payload into model objects,
 * and the execution and data clients. It speaks reports and events; it knows no engine.
 *
 * @module
 */
export {
  BinanceBookSync,
  type BinanceBookSyncAction,
  BinanceBookSyncError,
  type BinanceBookSyncKind,
  type BinanceDepthEvent,
  type BinanceDepthSnapshot,
} from './book-sync.js';
export { BinanceDataClient, type BinanceDataClientOptions } from './data.js';
export {
  type BinancePaths,
  type BinanceUrls,
  binanceUrls,
  FUTURES_PATHS,
  pathsOf,
  SPOT_PATHS,
} from './endpoints.js';
export { BinanceError, binanceErrorCode, isBinanceCode, STATUS_UNKNOWN } from './errors.js';
export { BinanceExecutionClient, type BinanceExecutionClientOptions } from './execution.js';
export {
  BinanceHttpClient,
  type BinanceHttpClientOptions,
  type HttpMethod,
  type RequestOptions,
} from './http.js';
export type {
  CancelAllResult,
  CancelOrderRequest,
  CommandAccepted,
  CommandRejected,
  CommandResult,
  CommandUnknown,
  DataClientLike,
  ExecutionClientLike,
  MarketDataItem,
  ModifyOrderRequest,
  QueryOrderRequest,
  ReportQuery,
  SubmitOrderRequest,
} from './interfaces.js';
export { BinanceNodeDataClient, BinanceNodeExecutionClient } from './node-clients.js';
export * from './parse/index.js';
export {
  BinanceRateLimiter,
  ENDPOINT_WEIGHTS,
  type RateLimiterOptions,
  requestWeight,
} from './rate-limit.js';
export {
  API_KEY_HEADER,
  ed25519Signer,
  hmacSha256Hex,
  hmacSigner,
  type RequestSigner,
  signQuery,
  toQueryString,
  wsApiPayload,
} from './signing.js';
export {
  BinanceFuturesUserStream,
  BinanceSpotUserStream,
  type BinanceUserStream,
  type UserStreamCallbacks,
} from './user-stream.js';
export {
  type BackoffOptions,
  BinanceMarketStream,
  backoffDelayMs,
  ReconnectingSocket,
  type SocketState,
} from './ws.js';
