/**
 * Reconciliation through the binding: the JSON crossing format (objects or tuples in, tuple
 * actions out), error codes, per-venue errors as values, and deterministic output.
 */
import { describe, expect, it } from 'vitest';

import { native } from '../../ts/native.js';

const BTC = 'BTCUSDT.BINANCE';
const ACCOUNT = 'BINANCE-001';

type Tuple = readonly unknown[];
interface VenueResult {
  venue: string;
  error: { code: string; message: string } | null;
  summary: {
    complete: boolean;
    reasons: string[];
    reports: { orders: number; fills: number; positions: number };
    events: Record<string, number>;
    ordersCreatedExternal: number;
    ordersCreatedInternalDiff: number;
    discrepancies: number;
  };
  actions: Tuple[];
}

const cache = {
  orders: [
    // clientOrderId, venueOrderId, strategyId, instrumentId, side, orderType, quantity, price,
    // triggerPrice, status, previousStatus, positionId, fills
    ['O-1', 'V-1', 'S-001', BTC, 'BUY', 'LIMIT', '1.000', '100.00', null, 'ACCEPTED', null, null, []],
  ],
  positions: [[BTC, null, 'FLAT', '0']],
  instruments: [[BTC, 2, 3, 'NETTING']],
  prices: [[BTC, '100.50', null]],
};

function orderReport(
  clientOrderId: string | null,
  venueOrderId: string,
  status: string,
  quantity: string,
  filled: string,
) {
  return [
    ACCOUNT,
    BTC,
    clientOrderId,
    venueOrderId,
    'BUY',
    'LIMIT',
    'GTC',
    status,
    quantity,
    filled,
    '100.00',
    null,
    '100.00',
    null,
    null,
    '1700000000000000000',
    '1700000000000005000',
  ];
}

function fillReport(venueOrderId: string, tradeId: string, qty: string) {
  return [
    ACCOUNT,
    BTC,
    venueOrderId,
    null,
    tradeId,
    'BUY',
    qty,
    '100.00',
    '0.01',
    'USDT',
    'TAKER',
    null,
    '1700000000000001000',
  ];
}

const massStatus = {
  venue: 'BINANCE',
  accountId: ACCOUNT,
  orderReports: [
    orderReport('O-1', 'V-1', 'FILLED', '1.000', '1.000'),
    orderReport(null, 'V-2', 'ACCEPTED', '2.000', '0'),
  ],
  fillReports: [fillReport('V-1', 'T-1', '1.000')],
  // The venue holds 3: 1 from the fill of O-1, 2 more that no order explains.
  positionReports: [[ACCOUNT, BTC, null, 'LONG', '3.000', null, '1700000000000009000']],
};

function reconcileVenue(input: unknown): VenueResult {
  return JSON.parse(native.reconcileVenue(JSON.stringify(input))) as VenueResult;
}

function thrown(fn: () => unknown): { code?: string; message: string } {
  try {
    fn();
  } catch (e) {
    return e as { code?: string; message: string };
  }
  throw new Error('expected a throw');
}

describe('reconcileVenue', () => {
  it('returns the ordered actions: events of known orders, external orders, INTERNAL-DIFF', () => {
    const r = reconcileVenue({ cache, settings: {}, massStatus });
    expect(r.error).toBeNull();
    expect(r.summary.complete).toBe(true);
    const kinds = r.actions.map((a) =>
      a[0] === 'E' ? `E:${String(a[3])}` : `${String(a[0])}:${String(a[1])}`,
    );
    expect(kinds).toEqual([
      'E:FILL_COMPLETE',
      'C:EXTERNAL',
      'E:ACCEPTED',
      'D:POSITION_MISMATCH',
      'C:INTERNAL_DIFF',
      'E:ACCEPTED',
      'E:FILL_COMPLETE',
    ]);
    const fill = r.actions[0] as Tuple;
    expect(fill).toEqual([
      'E',
      'O-1',
      'V-1',
      'FILL_COMPLETE',
      'FILLED',
      '1700000000000001000',
      null,
      0,
      null,
    ]);
    // A report's fill crosses as its index in the input's fillReports.
    expect(massStatus.fillReports[fill[7] as number]?.[4]).toBe('T-1');
    const external = r.actions[1] as Tuple;
    expect(external[2]).toMatch(/^EXT-[0-9A-F]{32}$/);
    expect(external.slice(3, 6)).toEqual(['V-2', 'EXTERNAL', 'VENUE']);
    const diff = r.actions[4] as Tuple;
    expect(diff.slice(4, 12)).toEqual([
      'INTERNAL-DIFF',
      'RECONCILIATION',
      ACCOUNT,
      BTC,
      'BUY',
      'MARKET',
      'IOC',
      '2.000',
    ]);
    // Priced at the mid: no average in the position report.
    const diffFill = (r.actions[6] as Tuple)[7] as Tuple;
    expect(diffFill.slice(0, 4)).toEqual([expect.stringMatching(/^DIFFT-/), 'BUY', '2.000', '100.50']);
    expect(diffFill.slice(4)).toEqual([null, null, 'NO_LIQUIDITY_SIDE', null, true]);
    const mismatch = r.actions[3] as Tuple;
    expect(mismatch.slice(8)).toEqual(['1.000', '3.000']);
    expect(r.summary.ordersCreatedExternal).toBe(1);
    expect(r.summary.ordersCreatedInternalDiff).toBe(1);
    expect(r.summary.events).toEqual({ ACCEPTED: 2, FILL_COMPLETE: 2 });
    expect(BigInt((r as unknown as { timing: { diffNs: string } }).timing.diffNs)).toBeGreaterThan(0n);
  });

  it('accepts objects with camelCase fields as well as tuples', () => {
    const objects = {
      cache: {
        instruments: [{ instrumentId: BTC, pricePrecision: 2, sizePrecision: 3, omsType: 'NETTING' }],
      },
      massStatus: {
        venue: 'BINANCE',
        accountId: ACCOUNT,
        orderReports: [
          {
            accountId: ACCOUNT,
            instrumentId: BTC,
            clientOrderId: 'X-1',
            venueOrderId: 'V-9',
            side: 'SELL',
            orderType: 'LIMIT',
            timeInForce: 'GTC',
            status: 'ACCEPTED',
            quantity: '1',
            filledQty: '0',
            price: '101.00',
            triggerPrice: null,
            avgPx: null,
            venuePositionId: null,
            reason: null,
            tsAccepted: '1',
            tsLast: '2',
          },
        ],
      },
    };
    const r = reconcileVenue(objects);
    expect(r.actions.map((a) => a[0])).toEqual(['C', 'E']);
    expect((r.actions[0] as Tuple)[2]).toBe('X-1');
  });

  it('is deterministic: the same input gives the same actions and ids', () => {
    const a = reconcileVenue({ cache, massStatus });
    const b = reconcileVenue({ cache, massStatus });
    expect(a.actions).toEqual(b.actions);
    expect(a.summary).toEqual(b.summary);
  });

  it('gives the same answer on UTF-8 bytes in a Buffer as on strings', () => {
    const input = JSON.stringify({ cache, massStatus });
    const viaString = JSON.parse(native.reconcileVenue(input)) as VenueResult;
    const viaBuffer = JSON.parse(native.reconcileVenueBuffer(Buffer.from(input)).toString()) as VenueResult;
    expect(viaBuffer.actions).toEqual(viaString.actions);
    expect(viaBuffer.summary).toEqual(viaString.summary);
    const e = thrown(() => native.reconcileVenueBuffer(Buffer.from('{"cache":')));
    expect(e.code).toBe('RECON_INVALID_INPUT');
  });

  it('throws the stable code of a venue that cannot be reconciled', () => {
    const dup = {
      ...massStatus,
      orderReports: [
        orderReport('O-1', 'V-1', 'ACCEPTED', '1', '0'),
        orderReport('O-1', 'V-7', 'ACCEPTED', '1', '0'),
      ],
    };
    const e = thrown(() => native.reconcileVenue(JSON.stringify({ cache, massStatus: dup })));
    expect(e.code).toBe('RECON_DUPLICATE_CLIENT_ORDER_ID');
    expect(e.message).toContain('O-1');
    expect(e.message).toContain('V-7');
  });

  it.each([
    ['garbage JSON', '{', 'EOF'],
    [
      'a bad decimal',
      JSON.stringify({
        cache,
        massStatus: { ...massStatus, fillReports: [fillReport('V-1', 'T-1', '1.0.0')] },
      }),
      'fillReports.lastQty',
    ],
    [
      'a timestamp as a number',
      JSON.stringify({
        cache,
        massStatus: { ...massStatus, positionReports: [[ACCOUNT, BTC, null, 'LONG', '1', null, 17]] },
      }),
      'integer `17`',
    ],
    [
      'an unknown status',
      JSON.stringify({
        cache,
        massStatus: { ...massStatus, orderReports: [orderReport('O-1', 'V-1', 'OPEN', '1', '0')] },
      }),
      'OPEN',
    ],
  ])('refuses %s with RECON_INVALID_INPUT naming the problem', (_name, input, fragment) => {
    const e = thrown(() => native.reconcileVenue(input));
    expect(e.code).toBe('RECON_INVALID_INPUT');
    expect(e.message).toContain(fragment);
  });
});

describe('reconcileAll', () => {
  it('reconciles every venue and returns a failed venue as a value', () => {
    const bad = {
      ...massStatus,
      venue: 'BAD',
      orderReports: [
        orderReport('O-1', 'V-1', 'ACCEPTED', '1', '0'),
        orderReport('O-1', 'V-7', 'ACCEPTED', '1', '0'),
      ],
    };
    const out = JSON.parse(native.reconcileAll(JSON.stringify({ cache, venues: [bad, massStatus] }))) as {
      venues: VenueResult[];
    };
    expect(out.venues.map((v) => v.venue)).toEqual(['BAD', 'BINANCE']);
    expect(out.venues[0]?.error?.code).toBe('RECON_DUPLICATE_CLIENT_ORDER_ID');
    expect(out.venues[0]?.summary.complete).toBe(false);
    expect(out.venues[0]?.summary.reports.orders).toBe(2);
    expect(out.venues[0]?.actions).toEqual([]);
    expect(out.venues[1]?.error).toBeNull();
    expect(out.venues[1]?.summary.complete).toBe(true);
  });
});
