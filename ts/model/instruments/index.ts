export { InstrumentBase, type InstrumentParams, InstrumentType, type RateInput } from './instrument.js';
export {
  CryptoFuture,
  type CryptoFutureParams,
  CryptoPerpetual,
  type CryptoPerpetualParams,
  CurrencyPair,
  type CurrencyPairParams,
  Equity,
  type EquityParams,
  type Instrument,
} from './kinds.js';
