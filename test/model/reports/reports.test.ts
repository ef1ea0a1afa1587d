import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';

import type { KairosError } from '../../../ts/model/errors.js';
import {
  AccountId,
  ClientId,
  ClientOrderId,
  InstrumentId,
  PositionId,
  TradeId,
  Venue,
  VenueOrderId,
} from '../../../ts/model/identifiers/index.js';
import {
  ExecutionMassStatus,
  fillReport,
  type OrderStatusReportParams,
  orderStatusReport,
  positionStatusReport,
} from '../../../ts/model/reports/index.js';
import { Money, Price, Quantity } from '../../../ts/model/values/index.js';

const ACCOUNT = AccountId.from('BINANCE-001');
const BTCUSDT = InstrumentId.from('BTCUSDT.BINANCE');

function osr(over: Partial<OrderStatusReportParams> = {}): OrderStatusReportParams {
  return {
    accountId: ACCOUNT,
    instrumentId: BTCUSDT,
    clientOrderId: ClientOrderId.from('O-1'),
    venueOrderId: VenueOrderId.from('V-1'),
    orderSide: 'BUY',
    orderType: 'LIMIT',
    timeInForce: 'GTC',
    orderStatus: 'PARTIALLY_FILLED',
    price: Price.from('100.00'),
    avgPx: new Decimal('99.5'),
    quantity: Quantity.from('10'),
    filledQty: Quantity.from('4'),
    tsAccepted: 1n,
    tsLast: 2n,
    tsInit: 3n,
    ...over,
  };
}

function refusal(f: () => unknown): KairosError | undefined {
  try {
    f();
  } catch (e) {
    return e as KairosError;
  }
  return undefined;
}

function fill(venueOrderId: string, tradeId: string) {
  return fillReport({
    accountId: ACCOUNT,
    instrumentId: BTCUSDT,
    venueOrderId: VenueOrderId.from(venueOrderId),
    tradeId: TradeId.from(tradeId),
    orderSide: 'BUY',
    lastQty: Quantity.from('1'),
    lastPx: Price.from('100.00'),
    commission: Money.from('0.1', 'USDT'),
    liquiditySide: 'MAKER',
    tsEvent: 1n,
    tsInit: 1n,
  });
}

describe('OrderStatusReport', () => {
  it('computes leaves from quantity and filled, and fills neutral defaults', () => {
    const r = orderStatusReport(osr());
    expect(r.leavesQty.toString()).toBe('6');
    expect(r.contingencyType).toBe('NO_CONTINGENCY');
    expect(r.triggerType).toBe('NO_TRIGGER');
    expect(r.cancelReason).toBeNull();
    expect(r.reportId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('accepts a leaves quantity that adds up', () => {
    expect(orderStatusReport(osr({ leavesQty: Quantity.from('6') })).leavesQty.toString()).toBe('6');
  });

  const CASES: [string, Partial<OrderStatusReportParams>, string][] = [
    [
      'filled + leaves != quantity',
      { leavesQty: Quantity.from('5') },
      'filledQty 4 + leavesQty 5 != quantity 10',
    ],
    ['filled above quantity', { filledQty: Quantity.from('11') }, 'filledQty 11 exceeds quantity 10'],
    ['FILLED not fully filled', { orderStatus: 'FILLED' }, 'status FILLED with filledQty 4 of 10'],
    ['PARTIALLY_FILLED with nothing filled', { filledQty: Quantity.from('0') }, 'PARTIALLY_FILLED'],
    ['a local-only status', { orderStatus: 'EMULATED' }, 'EMULATED is not a venue status'],
    ['a limit without price', { price: null }, 'a LIMIT needs a price'],
    [
      'a stop without trigger',
      { orderType: 'STOP_MARKET', price: null },
      'a STOP_MARKET needs a triggerPrice',
    ],
    ['last before accepted', { tsAccepted: 5n, tsLast: 4n }, 'tsLast 4 is before tsAccepted 5'],
    ['display above quantity', { displayQty: Quantity.from('11') }, 'displayQty 11 exceeds'],
  ];

  it.each(CASES)('refuses %s', (_name, over, text) => {
    const err = refusal(() => orderStatusReport(osr(over)));
    expect(err?.code).toBe('INVALID_REPORT');
    expect(err?.message).toContain('V-1');
    expect(err?.message).toContain(text);
  });
});

describe('FillReport and PositionStatusReport', () => {
  it('refuses a zero fill', () => {
    const err = refusal(() => fillReport({ ...fill('V-1', 'T-1'), lastQty: Quantity.from('0') }));
    expect(err?.code).toBe('INVALID_REPORT');
  });

  it('signs the quantity by side, and a zero quantity is flat', () => {
    const base = { accountId: ACCOUNT, instrumentId: BTCUSDT, tsLast: 1n, tsInit: 1n };
    const short = positionStatusReport({ ...base, positionSide: 'SHORT', quantity: Quantity.from('0.5') });
    expect(short.signedDecimalQty.toFixed()).toBe('-0.5');
    const emptyLeg = positionStatusReport({
      ...base,
      positionSide: 'LONG',
      quantity: Quantity.from('0'),
      venuePositionId: PositionId.from('BTCUSDT-LONG'),
    });
    expect(emptyLeg.positionSide).toBe('FLAT');
    expect(
      refusal(() => positionStatusReport({ ...base, positionSide: 'FLAT', quantity: Quantity.from('1') }))
        ?.code,
    ).toBe('INVALID_REPORT');
  });
});

describe('ExecutionMassStatus', () => {
  function mass() {
    return new ExecutionMassStatus({
      clientId: ClientId.from('BINANCE'),
      accountId: ACCOUNT,
      venue: Venue.from('BINANCE'),
      tsInit: 1n,
    });
  }

  it('indexes fills by venue order id and hands out the same map every time', () => {
    const m = mass();
    m.addOrderReports([
      orderStatusReport(osr()),
      orderStatusReport(osr({ venueOrderId: VenueOrderId.from('V-2') })),
    ]);
    m.addFillReports([fill('V-1', 'T-1'), fill('V-2', 'T-2'), fill('V-1', 'T-3')]);
    expect(m.fillReportsFor(VenueOrderId.from('V-1')).map((f) => f.tradeId.value)).toEqual(['T-1', 'T-3']);
    expect(m.fillReports).toBe(m.fillReports);
    expect(m.fillReportCount).toBe(3);
    expect(m.orderReport(VenueOrderId.from('V-2'))?.venueOrderId.value).toBe('V-2');
    expect(m.fillReportsFor(VenueOrderId.from('V-9'))).toEqual([]);
  });

  it('keeps a second report of the same venue order id for reconciliation to judge', () => {
    const m = mass();
    m.addOrderReports([orderStatusReport(osr()), orderStatusReport(osr({ filledQty: Quantity.from('5') }))]);
    expect(m.orderReports.size).toBe(1);
    expect(m.duplicateOrderReports.length).toBe(1);
  });

  it('refuses a report of another account or venue', () => {
    const m = mass();
    expect(
      refusal(() => m.addOrderReports([orderStatusReport(osr({ accountId: AccountId.from('OTHER-001') }))]))
        ?.code,
    ).toBe('INVALID_REPORT');
    const other = InstrumentId.from('BTCUSDT.BYBIT');
    expect(refusal(() => m.addOrderReports([orderStatusReport(osr({ instrumentId: other }))]))?.code).toBe(
      'INVALID_REPORT',
    );
  });

  it('groups position reports by instrument (two legs on a hedging venue)', () => {
    const m = mass();
    const base = { accountId: ACCOUNT, instrumentId: BTCUSDT, tsLast: 1n, tsInit: 1n };
    m.addPositionReports([
      positionStatusReport({
        ...base,
        positionSide: 'LONG',
        quantity: Quantity.from('1'),
        venuePositionId: PositionId.from('L'),
      }),
      positionStatusReport({
        ...base,
        positionSide: 'SHORT',
        quantity: Quantity.from('2'),
        venuePositionId: PositionId.from('S'),
      }),
    ]);
    expect(m.positionReportsFor(BTCUSDT).map((r) => r.signedDecimalQty.toFixed())).toEqual(['1', '-2']);
  });
});
