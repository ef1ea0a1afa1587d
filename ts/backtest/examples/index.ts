/** Example strategies, their ready-made backtests and the seeded data generator. */
export { type SyntheticMarketOptions, seededRandom, syntheticBars, syntheticQuotes } from './data.js';
export { Ema, EmaCross, EmaCrossConfig } from './ema-cross.js';
export { MarketMaker, MarketMakerConfig } from './market-maker.js';
export {
  EXAMPLE_START_NS,
  type ExampleOptions,
  examplePerpetual,
  formatResult,
  runEmaCrossExample,
  runMarketMakerExample,
} from './run.js';
