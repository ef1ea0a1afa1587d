/**
 * The closed sets of the domain as const objects of their wire names (the spec's upper-case
 * spelling). The native core owns the lists; a test checks these match it exactly.
 */

function enumOf<const T extends readonly string[]>(...names: T): { readonly [K in T[number]]: K } {
  return Object.freeze(Object.fromEntries(names.map((n) => [n, n]))) as { readonly [K in T[number]]: K };
}

export const OrderSide = enumOf('BUY', 'SELL');
export type OrderSide = keyof typeof OrderSide;

export const OrderType = enumOf(
  'MARKET',
  'LIMIT',
  'STOP_MARKET',
  'STOP_LIMIT',
  'MARKET_TO_LIMIT',
  'MARKET_IF_TOUCHED',
  'LIMIT_IF_TOUCHED',
  'TRAILING_STOP_MARKET',
  'TRAILING_STOP_LIMIT',
);
export type OrderType = keyof typeof OrderType;

export const OrderStatus = enumOf(
  'INITIALIZED',
  'DENIED',
  'EMULATED',
  'RELEASED',
  'SUBMITTED',
  'ACCEPTED',
  'REJECTED',
  'CANCELED',
  'EXPIRED',
  'TRIGGERED',
  'PENDING_UPDATE',
  'PENDING_CANCEL',
  'PARTIALLY_FILLED',
  'FILLED',
);
export type OrderStatus = keyof typeof OrderStatus;

export const TimeInForce = enumOf('GTC', 'IOC', 'FOK', 'GTD', 'DAY', 'AT_THE_OPEN', 'AT_THE_CLOSE');
export type TimeInForce = keyof typeof TimeInForce;

export const OmsType = enumOf('UNSPECIFIED', 'NETTING', 'HEDGING');
export type OmsType = keyof typeof OmsType;

export const ContingencyType = enumOf('NO_CONTINGENCY', 'OCO', 'OTO', 'OUO');
export type ContingencyType = keyof typeof ContingencyType;

export const BookType = enumOf('L1_MBP', 'L2_MBP', 'L3_MBO');
export type BookType = keyof typeof BookType;

export const BookAction = enumOf('ADD', 'UPDATE', 'DELETE', 'CLEAR');
export type BookAction = keyof typeof BookAction;

export const AggressorSide = enumOf('NO_AGGRESSOR', 'BUYER', 'SELLER');
export type AggressorSide = keyof typeof AggressorSide;

export const LiquiditySide = enumOf('NO_LIQUIDITY_SIDE', 'MAKER', 'TAKER');
export type LiquiditySide = keyof typeof LiquiditySide;

export const PositionSide = enumOf('FLAT', 'LONG', 'SHORT');
export type PositionSide = keyof typeof PositionSide;

export const TriggerType = enumOf(
  'NO_TRIGGER',
  'DEFAULT',
  'LAST_PRICE',
  'BID_ASK',
  'MARK_PRICE',
  'INDEX_PRICE',
);
export type TriggerType = keyof typeof TriggerType;

export const AccountType = enumOf('CASH', 'MARGIN');
export type AccountType = keyof typeof AccountType;
