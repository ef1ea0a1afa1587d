export { Identifier } from './identifier.js';
export {
  AccountId,
  ClientId,
  ClientOrderId,
  ComponentId,
  InstrumentId,
  OrderListId,
  PositionId,
  StrategyId,
  Symbol,
  TradeId,
  TraderId,
  Venue,
  VenueOrderId,
} from './ids.js';
