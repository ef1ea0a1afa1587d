/**
 * Topic and endpoint names of the engines on the message bus. Every name is built here, so the
 * names strategies subscribe to and the names engines publish on cannot drift.
 *
 * # Data topics (published by the DataEngine)
 * | topic                                         | message           |
 * |-----------------------------------------------|-------------------|
 * | `data.quotes.<VENUE>.<SYMBOL>`                | `QuoteTick`       |
 * | `data.trades.<VENUE>.<SYMBOL>`                | `TradeTick`       |
 * | `data.bars.<barType>`                         | `Bar` (`barTypeToString`, e.g. `BTCUSDT.BINANCE-1-MINUTE-LAST-INTERNAL`) |
 * | `data.book.deltas.<VENUE>.<SYMBOL>`           | `OrderBookDeltas` |
 * | `data.book.snapshots.<VENUE>.<SYMBOL>.<ms>`   | the book (`BookLike`), every `<ms>` |
 * | `data.instrument.<VENUE>.<SYMBOL>`            | `Instrument`      |
 *
 * Venue before symbol so that `data.quotes.BINANCE.*` selects a venue. Symbols may contain dots
 * and hyphens; the bus's `*` matches them.
 *
 * # Event topics (published by the RiskEngine and ExecutionEngine)
 * | topic                              | message                                |
 * |------------------------------------|----------------------------------------|
 * | `events.order.<strategyId>`        | every `OrderEvent` applied             |
 * | `events.position.<strategyId>`     | `PositionOpened/Changed/Closed`        |
 * | `events.account.<accountId>`       | `AccountState` applied                 |
 * | `events.risk.trading_state`        | `TradingStateChanged`                  |
 *
 * # Endpoints (point-to-point, `bus.send`)
 * | endpoint              | takes                                               |
 * |-----------------------|-----------------------------------------------------|
 * | `DataEngine.execute`  | `DataCommand` (subscribe / unsubscribe)             |
 * | `DataEngine.process`  | market data from data clients                       |
 * | `DataEngine.request`  | `DataRequest` (with `bus.request`, answered by a `DataResponse`) |
 * | `RiskEngine.execute`  | `TradingCommand` from strategies                    |
 * | `ExecEngine.execute`  | `TradingCommand` that passed the risk engine        |
 * | `ExecEngine.process`  | `OrderEvent` and `AccountState` from clients (and denials from the risk engine) |
 */
import type { BarType } from '../model/data/index.js';
import { barTypeToString } from '../model/data/index.js';
import type { AccountId, InstrumentId, StrategyId } from '../model/identifiers/index.js';

export const Endpoint = Object.freeze({
  DATA_EXECUTE: 'DataEngine.execute',
  DATA_PROCESS: 'DataEngine.process',
  DATA_REQUEST: 'DataEngine.request',
  RISK_EXECUTE: 'RiskEngine.execute',
  EXEC_EXECUTE: 'ExecEngine.execute',
  EXEC_PROCESS: 'ExecEngine.process',
} as const);
export type Endpoint = (typeof Endpoint)[keyof typeof Endpoint];

function venueSymbol(id: InstrumentId): string {
  return `${id.venue.value}.${id.symbol.value}`;
}

/** The topics of every message the engines publish (see the module doc). */
export const Topics = Object.freeze({
  quotes: (id: InstrumentId): string => `data.quotes.${venueSymbol(id)}`,
  trades: (id: InstrumentId): string => `data.trades.${venueSymbol(id)}`,
  bars: (barType: BarType): string => `data.bars.${barTypeToString(barType)}`,
  bookDeltas: (id: InstrumentId): string => `data.book.deltas.${venueSymbol(id)}`,
  bookSnapshots: (id: InstrumentId, intervalMs: number): string =>
    `data.book.snapshots.${venueSymbol(id)}.${intervalMs}`,
  instrument: (id: InstrumentId): string => `data.instrument.${venueSymbol(id)}`,
  orderEvents: (strategyId: StrategyId): string => `events.order.${strategyId.value}`,
  positionEvents: (strategyId: StrategyId): string => `events.position.${strategyId.value}`,
  accountEvents: (accountId: AccountId): string => `events.account.${accountId.value}`,
  tradingState: (): string => 'events.risk.trading_state',
});

/**
 * A per-key memo of topic strings: the hot paths look a topic up by the instrument's (or bar
 * type's) string instead of building it per message.
 */
export class TopicMemo<K> {
  readonly #make: (key: K) => string;
  readonly #keyOf: (key: K) => string;
  readonly #map = new Map<string, string>();

  constructor(make: (key: K) => string, keyOf: (key: K) => string) {
    this.#make = make;
    this.#keyOf = keyOf;
  }

  get(key: K): string {
    const k = this.#keyOf(key);
    let t = this.#map.get(k);
    if (t === undefined) {
      t = this.#make(key);
      this.#map.set(k, t);
    }
    return t;
  }
}
