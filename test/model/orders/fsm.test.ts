import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OrderStatus } from '../../../ts/model/enums.js';
import type { KairosError } from '../../../ts/model/errors.js';
import { type Order, OrderEventKind, transition } from '../../../ts/model/orders/index.js';
import { Price } from '../../../ts/model/values/index.js';
import { native } from '../../../ts/native.js';
import { eventOf, limitOrder } from './fixtures.js';

/** How to bring a fresh STOP_LIMIT order (qty 10) into each status. */
const PATHS: Record<OrderStatus, OrderEventKind[]> = {
  INITIALIZED: [],
  DENIED: ['DENIED'],
  EMULATED: ['EMULATED'],
  RELEASED: ['EMULATED', 'RELEASED'],
  SUBMITTED: ['SUBMITTED'],
  ACCEPTED: ['SUBMITTED', 'ACCEPTED'],
  REJECTED: ['SUBMITTED', 'REJECTED'],
  CANCELED: ['SUBMITTED', 'ACCEPTED', 'CANCELED'],
  EXPIRED: ['SUBMITTED', 'ACCEPTED', 'EXPIRED'],
  TRIGGERED: ['SUBMITTED', 'ACCEPTED', 'TRIGGERED'],
  PENDING_UPDATE: ['SUBMITTED', 'ACCEPTED', 'PENDING_UPDATE'],
  PENDING_CANCEL: ['SUBMITTED', 'ACCEPTED', 'PENDING_CANCEL'],
  PARTIALLY_FILLED: ['SUBMITTED', 'ACCEPTED', 'FILL_PARTIAL'],
  FILLED: ['SUBMITTED', 'ACCEPTED', 'FILL_COMPLETE'],
};

function orderIn(status: OrderStatus): Order {
  const order = limitOrder({ orderType: 'STOP_LIMIT', triggerPrice: Price.from('100.00') });
  for (const kind of PATHS[status]) order.apply(eventOf(order, kind));
  expect(order.status).toBe(status);
  return order;
}

const nativeRows = new Map(
  native.orderTransitionTable().map((r) => [`${r.status} x ${r.event}`, r.outcome] as const),
);

describe('order state machine', () => {
  it('has the native table exactly: every status x event pair agrees', () => {
    for (const status of Object.keys(OrderStatus) as OrderStatus[]) {
      for (const event of Object.keys(OrderEventKind) as OrderEventKind[]) {
        expect(transition(status, event), `${status} x ${event}`).toBe(
          nativeRows.get(`${status} x ${event}`) ?? null,
        );
      }
    }
  });

  describe.each(Object.keys(OrderStatus) as OrderStatus[])('from %s', (status) => {
    it.each(Object.keys(OrderEventKind) as OrderEventKind[])(
      '%s transitions as the native table says',
      (kind) => {
        const order = orderIn(status);
        const expected = nativeRows.get(`${status} x ${kind}`);
        const event = eventOf(order, kind);
        if (expected === undefined) {
          const before = order.toSnapshot();
          const count = order.events.length;
          let err: KairosError | undefined;
          try {
            order.apply(event);
          } catch (e) {
            err = e as KairosError;
          }
          expect(err?.code).toBe('INVALID_TRANSITION');
          expect(err?.message).toContain(order.clientOrderId.value);
          expect(err?.message).toContain(status);
          // With nothing left to fill, any fill is a complete one (or an overfill).
          expect(err?.message).toContain(
            status === 'FILLED' && kind === 'FILL_PARTIAL' ? 'FILL_COMPLETE' : kind,
          );
          expect(order.toSnapshot()).toEqual(before);
          expect(order.events.length).toBe(count);
        } else {
          order.apply(event);
          // Every path into a pending status passes through ACCEPTED.
          expect(order.status).toBe(expected === 'PREVIOUS' ? 'ACCEPTED' : expected);
          expect(order.lastEvent).toBe(event);
        }
      },
    );
  });

  it('returns to the status before the first pending request, across both pending kinds', () => {
    const order = orderIn('PARTIALLY_FILLED');
    order.apply(eventOf(order, 'PENDING_UPDATE'));
    order.apply(eventOf(order, 'PENDING_CANCEL'));
    expect(order.previousStatus).toBe('PARTIALLY_FILLED');
    order.apply(eventOf(order, 'CANCEL_REJECTED'));
    expect(order.status).toBe('PARTIALLY_FILLED');
  });

  it('takes a late fill after a cancel (the fill crossed the cancel on the wire)', () => {
    const order = orderIn('CANCELED');
    order.apply(eventOf(order, 'FILL_PARTIAL'));
    expect(order.status).toBe('PARTIALLY_FILLED');
  });
});

describe('order state machine properties', () => {
  const KINDS = Object.keys(OrderEventKind) as OrderEventKind[];

  it('any sequence of events follows the native table; refused events change nothing', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...KINDS), { maxLength: 40 }), (kinds) => {
        const order = limitOrder({ orderType: 'STOP_LIMIT', triggerPrice: Price.from('100.00') });
        let expected: OrderStatus = 'INITIALIZED';
        let beforePending: OrderStatus | null = null;
        for (const requested of kinds) {
          const event = eventOf(order, requested);
          // A fill is complete when it takes the rest, whatever was asked for.
          const kind: OrderEventKind =
            event.type === 'OrderFilled'
              ? event.lastQty.raw >= order.leavesQty.raw
                ? 'FILL_COMPLETE'
                : 'FILL_PARTIAL'
              : requested;
          const outcome = nativeRows.get(`${expected} x ${kind}`);
          const before = order.toSnapshot();
          let refused = false;
          try {
            order.apply(event);
          } catch {
            refused = true;
          }
          if (outcome === undefined) {
            expect(refused).toBe(true);
            expect(order.toSnapshot()).toEqual(before);
            continue;
          }
          expect(refused).toBe(false);
          const next: OrderStatus = outcome === 'PREVIOUS' ? beforePending! : (outcome as OrderStatus);
          const pending = (s: OrderStatus) => s === 'PENDING_UPDATE' || s === 'PENDING_CANCEL';
          if (pending(next) && !pending(expected)) beforePending = expected;
          expected = next;
          expect(order.status).toBe(expected);
          expect(order.filledQty.add(order.leavesQty).eq(order.quantity)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});
