export { Currency, type CurrencyKind } from './currency.js';
export { FIXED_SCALE } from './fixed.js';
export { Money } from './money.js';
export { Price, Quantity, type ValueInput } from './value.js';
