/**
 * The local Binance-compatible venue (`kairos venue`): USD-M futures and spot REST and WebSocket
 * protocol, matching by the native engine, synthetic market data, fault injection.
 *
 * @example
 * ```ts
 * const venue = await runVenue({ port: 0, seed: 1, faults: { userDrop: 0.05 } });
 * const exec = new BinanceExecutionClient({
 *   config: BinanceExecClientConfig.parse({
 *     type: 'BINANCE', accountType: 'USDT_FUTURE', apiKey: 'venue-key', apiSecret: 'venue-secret',
 *     baseUrlHttp: venue.httpUrl, baseUrlWs: venue.wsUrl, // spot: `${venue.wsUrl}/spot`
 *   }),
 *   onUserUpdate: (u) => console.log(u.type),
 * });
 * await exec.connect();
 * // ... later: venue.server.setFaults({ http5xx: 0.1 }); venue.server.disconnect('user');
 * await venue.stop();
 * ```
 *
 * @module
 */
export { VenueAccount } from './accounts.js';
export { AlgoService } from './algo.js';
export {
  DEFAULT_INSTRUMENTS,
  FaultConfig,
  type FaultConfigInput,
  SyntheticMarketConfig,
  VenueAccountConfig,
  VenueConfig,
  type VenueConfigInput,
  VenueInstrumentConfig,
} from './config.js';
export { VenueApiError } from './errors.js';
export { type MarketMessage, VenueExchange } from './exchange.js';
export { FAULT_KINDS, FaultInjector, type FaultKind } from './faults.js';
export { type RunningVenue, type RunVenueOptions, runVenue } from './main.js';
export { SeededRandom } from './rng.js';
export { VenueServer, type VenueServerOptions, type VenueStats } from './server.js';
export { SpotVenue } from './spot.js';
export { StreamHub } from './streams.js';
export { SyntheticMarket } from './synthetic.js';
