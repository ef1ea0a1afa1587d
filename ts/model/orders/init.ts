/**
 * Building and checking an order's definition (its `OrderInitialized` event).
 *
 * # Rules per type
 * | type                  | price    | trigger price | offsets                    | post-only | display qty |
 * |-----------------------|----------|---------------|----------------------------|-----------|-------------|
 * | MARKET                | no       | no            | no                         | no        | no          |
 * | LIMIT                 | required | no            | no                         | yes       | yes         |
 * | STOP_MARKET           | no       | required      | no                         | no        | no          |
 * | STOP_LIMIT            | required | required      | no                         | yes       | yes         |
 * | MARKET_TO_LIMIT       | no       | no            | no                         | no        | yes         |
 * | MARKET_IF_TOUCHED     | no       | required      | no                         | no        | no          |
 * | LIMIT_IF_TOUCHED      | required | required      | no                         | yes       | yes         |
 * | TRAILING_STOP_MARKET  | no       | optional      | trailing                   | no        | no          |
 * | TRAILING_STOP_LIMIT   | optional | optional      | trailing + limit           | yes       | yes         |
 *
 * Also: quantity positive; display quantity at most the quantity; GTD needs `expireTimeNs` and
 * only GTD may have one; MARKET cannot be GTD; a trigger price comes with a trigger type (default
 * `DEFAULT`), and no trigger price means `NO_TRIGGER`; a contingency needs linked orders, none of
 * them the order itself; exec spawn id and params need an exec algorithm id; a trigger
 * instrument needs an emulation trigger. A price may be negative (spreads); offsets may not.
 */
import { Decimal } from 'decimal.js';

import type { ContingencyType, OrderSide, OrderType, TimeInForce, TriggerType } from '../enums.js';
import {
  ContingencyType as Contingency,
  OrderSide as Side,
  TimeInForce as Tif,
  TriggerType as Trigger,
  OrderType as Type,
} from '../enums.js';
import type { OrderEventHeader, OrderInitialized } from '../events/order.js';
import { orderEventFields } from '../events/order.js';
import type { ClientOrderId, InstrumentId, OrderListId } from '../identifiers/index.js';
import type { Price, Quantity } from '../values/index.js';
import { invalidOrder } from './errors.js';
import { TrailingOffsetType } from './kinds.js';

type Need = 'required' | 'optional' | 'forbidden';

interface TypeRule {
  readonly price: Need;
  readonly trigger: Need;
  readonly trailing: boolean;
  readonly limitOffset: boolean;
  readonly postOnly: boolean;
  readonly displayQty: boolean;
}

const RULES: Readonly<Record<OrderType, TypeRule>> = {
  MARKET: {
    price: 'forbidden',
    trigger: 'forbidden',
    trailing: false,
    limitOffset: false,
    postOnly: false,
    displayQty: false,
  },
  LIMIT: {
    price: 'required',
    trigger: 'forbidden',
    trailing: false,
    limitOffset: false,
    postOnly: true,
    displayQty: true,
  },
  STOP_MARKET: {
    price: 'forbidden',
    trigger: 'required',
    trailing: false,
    limitOffset: false,
    postOnly: false,
    displayQty: false,
  },
  STOP_LIMIT: {
    price: 'required',
    trigger: 'required',
    trailing: false,
    limitOffset: false,
    postOnly: true,
    displayQty: true,
  },
  MARKET_TO_LIMIT: {
    price: 'forbidden',
    trigger: 'forbidden',
    trailing: false,
    limitOffset: false,
    postOnly: false,
    displayQty: true,
  },
  MARKET_IF_TOUCHED: {
    price: 'forbidden',
    trigger: 'required',
    trailing: false,
    limitOffset: false,
    postOnly: false,
    displayQty: false,
  },
  LIMIT_IF_TOUCHED: {
    price: 'required',
    trigger: 'required',
    trailing: false,
    limitOffset: false,
    postOnly: true,
    displayQty: true,
  },
  TRAILING_STOP_MARKET: {
    price: 'forbidden',
    trigger: 'optional',
    trailing: true,
    limitOffset: false,
    postOnly: false,
    displayQty: false,
  },
  TRAILING_STOP_LIMIT: {
    price: 'optional',
    trigger: 'optional',
    trailing: true,
    limitOffset: true,
    postOnly: true,
    displayQty: true,
  },
};

/** Whether a type has a trigger (stop, touched and trailing kinds). */
export function hasTrigger(orderType: OrderType): boolean {
  return RULES[orderType].trigger !== 'forbidden';
}

/** The definition of a new order. Omitted fields take the defaults of `OrderInitialized`. */
export interface OrderParams extends Omit<OrderEventHeader, 'venueOrderId' | 'accountId' | 'tsEvent'> {
  readonly side: OrderSide;
  readonly orderType: OrderType;
  readonly quantity: Quantity;
  /** Default GTC. */
  readonly timeInForce?: TimeInForce;
  readonly price?: Price | null;
  readonly triggerPrice?: Price | null;
  /** Default `DEFAULT` when the type has a trigger, else `NO_TRIGGER`. */
  readonly triggerType?: TriggerType;
  readonly limitOffset?: Decimal | string | null;
  readonly trailingOffset?: Decimal | string | null;
  readonly trailingOffsetType?: TrailingOffsetType;
  readonly expireTimeNs?: bigint | null;
  readonly postOnly?: boolean;
  readonly reduceOnly?: boolean;
  readonly quoteQuantity?: boolean;
  readonly displayQty?: Quantity | null;
  readonly emulationTrigger?: TriggerType;
  readonly triggerInstrumentId?: InstrumentId | null;
  readonly contingencyType?: ContingencyType;
  readonly orderListId?: OrderListId | null;
  readonly linkedOrderIds?: readonly ClientOrderId[];
  readonly parentOrderId?: ClientOrderId | null;
  readonly execAlgorithmId?: string | null;
  readonly execAlgorithmParams?: Readonly<Record<string, string>> | null;
  readonly execSpawnId?: ClientOrderId | null;
  readonly tags?: readonly string[];
  /** Default `tsInit`. */
  readonly tsEvent?: bigint;
}

function offset(
  v: Decimal | string | null | undefined,
  id: string,
  type: string,
  field: string,
): Decimal | null {
  if (v == null) return null;
  try {
    return new Decimal(v);
  } catch {
    throw invalidOrder(id, type, `${field} '${String(v)}' is not a decimal number`);
  }
}

/** Builds the `OrderInitialized` event of a new order, validated by {@link checkOrderInitialized}. */
export function orderInitialized(p: OrderParams): OrderInitialized {
  const id = p.clientOrderId.value;
  const hasTrig = RULES[p.orderType]?.trigger !== 'forbidden';
  const trailing = RULES[p.orderType]?.trailing === true;
  const e: OrderInitialized = {
    type: 'OrderInitialized',
    ...orderEventFields({ ...p, tsEvent: p.tsEvent ?? p.tsInit }),
    side: p.side,
    orderType: p.orderType,
    quantity: p.quantity,
    timeInForce: p.timeInForce ?? Tif.GTC,
    price: p.price ?? null,
    triggerPrice: p.triggerPrice ?? null,
    triggerType: p.triggerType ?? (hasTrig ? Trigger.DEFAULT : Trigger.NO_TRIGGER),
    limitOffset: offset(p.limitOffset, id, p.orderType, 'limitOffset'),
    trailingOffset: offset(p.trailingOffset, id, p.orderType, 'trailingOffset'),
    trailingOffsetType:
      p.trailingOffsetType ?? (trailing ? TrailingOffsetType.PRICE : TrailingOffsetType.NO_TRAILING_OFFSET),
    expireTimeNs: p.expireTimeNs ?? null,
    postOnly: p.postOnly ?? false,
    reduceOnly: p.reduceOnly ?? false,
    quoteQuantity: p.quoteQuantity ?? false,
    displayQty: p.displayQty ?? null,
    emulationTrigger: p.emulationTrigger ?? Trigger.NO_TRIGGER,
    triggerInstrumentId: p.triggerInstrumentId ?? null,
    contingencyType: p.contingencyType ?? Contingency.NO_CONTINGENCY,
    orderListId: p.orderListId ?? null,
    linkedOrderIds: p.linkedOrderIds ?? [],
    parentOrderId: p.parentOrderId ?? null,
    execAlgorithmId: p.execAlgorithmId ?? null,
    execAlgorithmParams: p.execAlgorithmParams ?? null,
    execSpawnId: p.execSpawnId ?? null,
    tags: p.tags ?? [],
  };
  checkOrderInitialized(e);
  return e;
}

function need(id: string, type: string, field: string, rule: Need, present: boolean): void {
  if (rule === 'required' && !present) throw invalidOrder(id, type, `${field} is required`);
  if (rule === 'forbidden' && present) throw invalidOrder(id, type, `${field} is not allowed`);
}

/**
 * Checks an order definition against the rules of its type (see the module doc); throws
 * `INVALID_ORDER` naming the order, its type and the broken rule.
 */
export function checkOrderInitialized(e: OrderInitialized): void {
  const id = e.clientOrderId.value;
  const type = e.orderType;
  const rule = RULES[type];
  if (rule === undefined) throw invalidOrder(id, String(type), `unknown order type '${String(type)}'`);
  if (e.side !== Side.BUY && e.side !== Side.SELL)
    throw invalidOrder(id, type, `unknown side '${String(e.side)}'`);
  if (!(e.timeInForce in Tif))
    throw invalidOrder(id, type, `unknown time in force '${String(e.timeInForce)}'`);
  if (!e.quantity.isPositive()) throw invalidOrder(id, type, `quantity must be positive, was ${e.quantity}`);

  need(id, type, 'price', rule.price, e.price !== null);
  need(id, type, 'triggerPrice', rule.trigger, e.triggerPrice !== null);
  if (rule.trigger === 'forbidden') {
    if (e.triggerType !== Trigger.NO_TRIGGER)
      throw invalidOrder(id, type, `triggerType ${e.triggerType} is not allowed`);
  } else if (e.triggerType === Trigger.NO_TRIGGER) {
    throw invalidOrder(id, type, 'triggerType must not be NO_TRIGGER');
  } else if (!(e.triggerType in Trigger)) {
    throw invalidOrder(id, type, `unknown triggerType '${String(e.triggerType)}'`);
  }

  if (rule.trailing) {
    if (e.trailingOffset === null) throw invalidOrder(id, type, 'trailingOffset is required');
    if (
      e.trailingOffsetType === TrailingOffsetType.NO_TRAILING_OFFSET ||
      !(e.trailingOffsetType in TrailingOffsetType)
    ) {
      throw invalidOrder(id, type, `trailingOffsetType '${String(e.trailingOffsetType)}' is not valid`);
    }
    if (!e.trailingOffset.isFinite() || e.trailingOffset.isNegative()) {
      throw invalidOrder(id, type, `trailingOffset must not be negative, was ${e.trailingOffset}`);
    }
  } else {
    if (e.trailingOffset !== null) throw invalidOrder(id, type, 'trailingOffset is not allowed');
    if (e.trailingOffsetType !== TrailingOffsetType.NO_TRAILING_OFFSET) {
      throw invalidOrder(id, type, `trailingOffsetType ${e.trailingOffsetType} is not allowed`);
    }
  }
  if (rule.limitOffset) {
    if (e.limitOffset === null) throw invalidOrder(id, type, 'limitOffset is required');
    if (!e.limitOffset.isFinite() || e.limitOffset.isNegative()) {
      throw invalidOrder(id, type, `limitOffset must not be negative, was ${e.limitOffset}`);
    }
  } else if (e.limitOffset !== null) {
    throw invalidOrder(id, type, 'limitOffset is not allowed');
  }

  if (e.postOnly && !rule.postOnly) throw invalidOrder(id, type, 'postOnly is not allowed');
  if (e.displayQty !== null) {
    if (!rule.displayQty) throw invalidOrder(id, type, 'displayQty is not allowed');
    if (e.displayQty.gt(e.quantity)) {
      throw invalidOrder(id, type, `displayQty ${e.displayQty} exceeds quantity ${e.quantity}`);
    }
  }

  if (e.timeInForce === Tif.GTD) {
    if (type === Type.MARKET) throw invalidOrder(id, type, 'timeInForce GTD is not allowed');
    if (e.expireTimeNs === null || e.expireTimeNs <= 0n) {
      throw invalidOrder(id, type, 'GTD needs expireTimeNs (UNIX ns, positive)');
    }
  } else if (e.expireTimeNs !== null) {
    throw invalidOrder(id, type, `expireTimeNs is only for GTD, timeInForce is ${e.timeInForce}`);
  }

  if (!(e.emulationTrigger in Trigger)) {
    throw invalidOrder(id, type, `unknown emulationTrigger '${String(e.emulationTrigger)}'`);
  }
  if (e.triggerInstrumentId !== null && e.emulationTrigger === Trigger.NO_TRIGGER) {
    throw invalidOrder(id, type, 'triggerInstrumentId needs an emulationTrigger');
  }

  if (!(e.contingencyType in Contingency)) {
    throw invalidOrder(id, type, `unknown contingencyType '${String(e.contingencyType)}'`);
  }
  if (e.contingencyType !== Contingency.NO_CONTINGENCY && e.linkedOrderIds.length === 0) {
    throw invalidOrder(id, type, `contingency ${e.contingencyType} needs linkedOrderIds`);
  }
  if (e.linkedOrderIds.some((l) => l.value === id))
    throw invalidOrder(id, type, 'linkedOrderIds must not contain the order itself');
  if (e.parentOrderId !== null && e.parentOrderId.value === id) {
    throw invalidOrder(id, type, 'parentOrderId must not be the order itself');
  }

  if (e.execAlgorithmId === null && (e.execAlgorithmParams !== null || e.execSpawnId !== null)) {
    throw invalidOrder(id, type, 'execAlgorithmParams and execSpawnId need an execAlgorithmId');
  }
  if (e.execAlgorithmId !== null && e.execAlgorithmId.length === 0) {
    throw invalidOrder(id, type, 'execAlgorithmId must not be empty');
  }
  for (const tag of e.tags) {
    if (typeof tag !== 'string' || tag.length === 0)
      throw invalidOrder(id, type, 'tags must be non-empty strings');
  }
}
