/**
 * The local Binance-compatible venue (`kairos venue`): USD-M futures REST and WebSocket
 * protocol, matching by the native engine, synthetic market data, fault injection.
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
