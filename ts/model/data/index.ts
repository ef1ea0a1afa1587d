export {
  AggregationSource,
  type Bar,
  BarAggregation,
  type BarSpecification,
  type BarType,
  bar,
  barIntervalNs,
  barSpecification,
  barSpecificationToString,
  barTypeToString,
  PriceType,
  parseBarType,
} from './bar.js';
export {
  type BookOrder,
  type OrderBookDelta,
  type OrderBookDeltas,
  orderBookDelta,
  orderBookDeltas,
  RecordFlag,
} from './book.js';
export { type QuoteTick, quoteTick, type TradeTick, tradeTick } from './ticks.js';
