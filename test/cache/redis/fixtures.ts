/**
 * What the Redis suites store: one object of every record kind with every optional field set,
 * and a canonical text of any object (exact: values print with their precision, bigints with `n`)
 * to compare a loaded object with the original.
 */
import { Decimal } from 'decimal.js';

import { accountBalance, MarginAccount, marginBalance } from '../../../ts/model/accounts/index.js';
import { accountState, orderFilled } from '../../../ts/model/events/index.js';
import {
  AccountId,
  ClientOrderId,
  InstrumentId,
  OrderListId,
  PositionId,
  TradeId,
  VenueOrderId,
} from '../../../ts/model/identifiers/index.js';
import { CryptoFuture, CryptoPerpetual, CurrencyPair, Equity } from '../../../ts/model/instruments/index.js';
import { Order } from '../../../ts/model/orders/index.js';
import { Position } from '../../../ts/model/positions/index.js';
import { Currency, Money, Price, Quantity } from '../../../ts/model/values/index.js';
import { S1, TRADER } from '../fixtures.js';

/** JSON with values by `toJSON` (Price keeps its precision) and bigints as `<n>n`. */
export function canon(x: unknown): string {
  return JSON.stringify(x, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v));
}

/** Everything observable of an order. */
export function orderView(o: Order): string {
  return canon({
    events: o.events,
    status: o.status,
    previousStatus: o.previousStatus,
    venueOrderId: o.venueOrderId,
    quantity: o.quantity,
    filled: o.filledQty,
    leaves: o.leavesQty,
    price: o.price,
    triggerPrice: o.triggerPrice,
    avgPx: o.avgPx,
    commissions: o.commissions(),
    tradeIds: o.tradeIds,
  });
}

/** Everything observable of a position. */
export function positionView(p: Position): string {
  return canon({ event: p.toEvent(0n, 'x'), fills: p.fills, commissions: p.commissions(), peak: p.peakQty });
}

export const ZZZ = Currency.register('ZZZ', 5, 'CRYPTO');

export const PAIR = CurrencyPair.create({
  id: 'BTCUSDT.BINANCE',
  rawSymbol: 'btcusdt',
  baseCurrency: 'BTC',
  quoteCurrency: 'USDT',
  pricePrecision: 2,
  priceIncrement: '0.01',
  sizePrecision: 6,
  sizeIncrement: '0.000001',
  lotSize: '0.000001',
  maxQuantity: '9000.000000',
  minQuantity: '0.000010',
  maxNotional: Money.from('9000000.00', 'USDT'),
  minNotional: Money.from('5.00', 'USDT'),
  maxPrice: '1000000.00',
  minPrice: '0.01',
  makerFee: '0.0001',
  takerFee: '0.00075',
  marginInit: '0',
  marginMaint: '0',
  tsEvent: 1_700_000_000_123_456_789n,
  tsInit: 1_700_000_000_123_456_790n,
});

export const PERP = CryptoPerpetual.create({
  id: 'BTCUSD-PERP.BINANCE',
  baseCurrency: 'BTC',
  quoteCurrency: 'USD',
  isInverse: true,
  pricePrecision: 1,
  priceIncrement: '0.5',
  sizePrecision: 0,
  sizeIncrement: '1',
  multiplier: '100',
  marginInit: '0.05',
  marginMaint: '0.025',
  makerFee: '-0.00025',
  takerFee: '0.0005',
});

export const FUTURE = CryptoFuture.create({
  id: 'ETHUSDT-251226.BINANCE',
  underlying: 'ETH',
  quoteCurrency: 'USDT',
  settlementCurrency: 'USDT',
  pricePrecision: 2,
  priceIncrement: '0.01',
  sizePrecision: 3,
  sizeIncrement: '0.001',
  activationNs: 1_700_000_000_000_000_001n,
  expirationNs: 1_766_707_200_000_000_000n,
});

export const EQUITY = Equity.create({
  id: 'AAPL.XNAS',
  quoteCurrency: 'USD',
  pricePrecision: 2,
  priceIncrement: '0.01',
  sizePrecision: 0,
  sizeIncrement: '1',
  isin: 'US0378331005',
});

export const ACC_M = AccountId.from('BINANCEF-002');

/** A margin account with two states, margins and a custom currency. */
export function marginAccount(): MarginAccount {
  const s = (total: string, tsEvent: bigint) =>
    accountState({
      accountId: ACC_M,
      accountType: 'MARGIN',
      balances: [
        accountBalance(Money.from(total, 'USDT'), Money.from('12.34567890', 'USDT')),
        accountBalance(Money.from('1.23456', ZZZ), Money.from('0.00001', ZZZ)),
      ],
      margins: [marginBalance(PAIR.id, Money.from('1.00000001', 'USDT'), Money.from('0.5', 'USDT'))],
      isReported: true,
      tsEvent,
      tsInit: tsEvent + 1n,
    });
  const a = MarginAccount.create(s('100000.12345678', 1_700_000_000_000_000_007n));
  a.apply(s('-50.5', 1_700_000_000_999_999_999n));
  return a;
}

/** A trailing-stop-limit order with every optional definition field set. */
export function richOrder(id = 'RICH-1'): Order {
  return Order.create({
    traderId: TRADER,
    strategyId: S1,
    instrumentId: PAIR.id,
    clientOrderId: ClientOrderId.from(id),
    side: 'SELL',
    orderType: 'TRAILING_STOP_LIMIT',
    quantity: Quantity.from('1.234567'),
    timeInForce: 'GTD',
    expireTimeNs: 1_800_000_000_000_000_001n,
    price: Price.from('-0.50'),
    triggerPrice: Price.from('30123.45'),
    triggerType: 'BID_ASK',
    limitOffset: new Decimal('0.0000000001'),
    trailingOffset: '12.5',
    trailingOffsetType: 'BASIS_POINTS',
    postOnly: true,
    reduceOnly: true,
    displayQty: Quantity.from('0.100000'),
    emulationTrigger: 'LAST_PRICE',
    triggerInstrumentId: InstrumentId.from('ETHUSDT.BINANCE'),
    contingencyType: 'OTO',
    orderListId: OrderListId.from('OL-1'),
    linkedOrderIds: [ClientOrderId.from('RICH-2'), ClientOrderId.from('RICH-3')],
    parentOrderId: ClientOrderId.from('PARENT-1'),
    execAlgorithmId: 'TWAP',
    execAlgorithmParams: { horizon_secs: '20', interval_secs: '2.5' },
    execSpawnId: ClientOrderId.from('SPAWN-1'),
    tags: ['a', 'b:c'],
    tsInit: 1_700_000_000_000_000_123n,
  });
}

/** A fill with every optional field, at an exact odd price. */
export function fill(o: Order, qty: string, px: string, trade: string, ts: bigint, position: string) {
  return orderFilled({
    traderId: o.traderId,
    strategyId: o.strategyId,
    instrumentId: o.instrumentId,
    clientOrderId: o.clientOrderId,
    venueOrderId: VenueOrderId.from(`V-${o.clientOrderId.value}`),
    accountId: ACC_M,
    tradeId: TradeId.from(trade),
    positionId: PositionId.from(position),
    orderSide: o.side,
    orderType: o.orderType,
    lastQty: Quantity.from(qty),
    lastPx: Price.from(px),
    currency: Currency.from('USDT'),
    commission: Money.from('0.00012345', 'USDT'),
    liquiditySide: 'TAKER',
    reconciliation: true,
    tsEvent: ts,
    tsInit: ts,
  });
}

export { Position };
