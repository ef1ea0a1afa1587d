/**
 * Where the Binance clients connect, per market: REST and WebSocket base URLs (production,
 * testnet, Binance.US, or a configured override such as the local venue on 127.0.0.1), and the
 * REST paths that differ between spot and USD-M futures.
 */
import type { BinanceMarket } from './parse/common.js';

export interface BinanceUrls {
  /** REST base, no trailing slash. */
  readonly http: string;
  /** Market-data WebSocket base (`/stream?streams=` or `/ws/<stream>` are appended). */
  readonly wsMarket: string;
  /** Spot WebSocket API (`/ws-api/v3`); futures user data uses `wsMarket` + `/ws/<listenKey>`. */
  readonly wsApi: string;
}

export interface UrlOptions {
  readonly testnet?: boolean;
  readonly us?: boolean;
  readonly baseUrlHttp?: string | null;
  readonly baseUrlWs?: string | null;
}

function trimSlash(url: string): string {
  return url.endsWith('/') ? url.slice(0, -1) : url;
}

/** The URLs of a market with the config's testnet/us/override settings applied. */
export function binanceUrls(market: BinanceMarket, o: UrlOptions = {}): BinanceUrls {
  let urls: BinanceUrls;
  if (market === 'SPOT') {
    urls = o.testnet
      ? {
          http: 'https://testnet.binance.vision',
          wsMarket: 'wss://stream.testnet.binance.vision',
          wsApi: 'wss://ws-api.testnet.binance.vision/ws-api/v3',
        }
      : o.us
        ? {
            http: 'https://api.binance.us',
            wsMarket: 'wss://stream.binance.us:9443',
            wsApi: 'wss://ws-api.binance.us:443/ws-api/v3',
          }
        : {
            http: 'https://api.binance.com',
            wsMarket: 'wss://stream.binance.com:9443',
            wsApi: 'wss://ws-api.binance.com:443/ws-api/v3',
          };
  } else {
    urls = o.testnet
      ? {
          http: 'https://testnet.binancefuture.com',
          wsMarket: 'wss://stream.binancefuture.com',
          wsApi: 'wss://testnet.binancefuture.com/ws-fapi/v1',
        }
      : {
          http: 'https://fapi.binance.com',
          wsMarket: 'wss://fstream.binance.com',
          wsApi: 'wss://ws-fapi.binance.com/ws-fapi/v1',
        };
  }
  const ws = o.baseUrlWs == null ? null : trimSlash(o.baseUrlWs);
  return {
    http: o.baseUrlHttp == null ? urls.http : trimSlash(o.baseUrlHttp),
    wsMarket: ws ?? urls.wsMarket,
    wsApi: ws === null ? urls.wsApi : `${ws}${market === 'SPOT' ? '/ws-api/v3' : '/ws-fapi/v1'}`,
  };
}

/** REST paths per market. */
export interface BinancePaths {
  readonly time: string;
  readonly exchangeInfo: string;
  readonly depth: string;
  readonly order: string;
  readonly openOrders: string;
  readonly allOrders: string;
  /** DELETE: cancel every open order of a symbol. */
  readonly cancelAll: string;
  readonly trades: string;
  readonly account: string;
  readonly balance: string | null;
  readonly positionRisk: string | null;
  readonly listenKey: string | null;
  readonly algoOrder: string | null;
  readonly openAlgoOrders: string | null;
  /** Futures: cancel every open algo order of a symbol. */
  readonly cancelAllAlgo: string | null;
}

export const SPOT_PATHS: BinancePaths = {
  time: '/api/v3/time',
  exchangeInfo: '/api/v3/exchangeInfo',
  depth: '/api/v3/depth',
  order: '/api/v3/order',
  openOrders: '/api/v3/openOrders',
  allOrders: '/api/v3/allOrders',
  cancelAll: '/api/v3/openOrders',
  trades: '/api/v3/myTrades',
  account: '/api/v3/account',
  balance: null,
  positionRisk: null,
  listenKey: null,
  algoOrder: null,
  openAlgoOrders: null,
  cancelAllAlgo: null,
};

export const FUTURES_PATHS: BinancePaths = {
  time: '/fapi/v1/time',
  exchangeInfo: '/fapi/v1/exchangeInfo',
  depth: '/fapi/v1/depth',
  order: '/fapi/v1/order',
  openOrders: '/fapi/v1/openOrders',
  allOrders: '/fapi/v1/allOrders',
  cancelAll: '/fapi/v1/allOpenOrders',
  trades: '/fapi/v1/userTrades',
  account: '/fapi/v3/account',
  balance: '/fapi/v3/balance',
  positionRisk: '/fapi/v3/positionRisk',
  listenKey: '/fapi/v1/listenKey',
  algoOrder: '/fapi/v1/algoOrder',
  openAlgoOrders: '/fapi/v1/openAlgoOrders',
  cancelAllAlgo: '/fapi/v1/algoOpenOrders',
};

export function pathsOf(market: BinanceMarket): BinancePaths {
  return market === 'SPOT' ? SPOT_PATHS : FUTURES_PATHS;
}
