/** Pure parsers of Binance payloads into model objects (see each module's doc). */
export {
  type BinanceAccountSnapshot,
  parseFuturesAccount,
  parseFuturesBalances,
  parseSpotAccount,
} from './account.js';
export {
  type BinanceMarket,
  BinanceSymbols,
  type MappedOrderType,
  type ReportContext,
  venueOrderType,
} from './common.js';
export { assetCurrency, Fields, invalidPayload, isObject } from './fields.js';
export {
  parseFuturesTrade,
  parseFuturesTrades,
  parseSpotOrderFills,
  parseSpotTrade,
  parseSpotTrades,
} from './fills.js';
export { parseExchangeInfo, significantDecimals } from './instruments.js';
export {
  type BinanceDepthUpdate,
  type BinanceKline,
  type BinanceLiquidation,
  type BinanceMarkPrice,
  type BinanceTicker24h,
  bookActionToDeltas,
  klineInterval,
  parseAvgPrice,
  parseBookTicker,
  parseDepthSnapshot,
  parseDepthUpdate,
  parseKline,
  parseLiquidation,
  parseMarkPrice,
  parsePing,
  parseRestBookTicker,
  parseRestKlines,
  parseRestTrades,
  parseServerTime,
  parseTicker24h,
  parseTickerPrice,
  parseTrade,
  unwrapCombined,
} from './market.js';
export {
  ALGO_ID_PREFIX,
  algoActualOrderId,
  parseAlgoOrder,
  parseAlgoOrders,
  parseFuturesOrder,
  parseFuturesOrders,
  parseSpotOrder,
  parseSpotOrders,
} from './orders.js';
export { parseAccountUpdatePositions, parsePositionRisk } from './positions.js';
export {
  type BinanceAlgoUpdate,
  type BinanceBalanceDelta,
  type BinanceBalanceUpdate,
  type BinanceIgnoredEvent,
  type BinanceListenKeyExpired,
  type BinanceOrderListStatus,
  type BinanceOrderUpdate,
  type BinanceTradeLite,
  type BinanceUserUpdate,
  parseUserEvent,
  unwrapUserEvent,
} from './user.js';
