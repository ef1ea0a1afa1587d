export { transition } from './fsm.js';
export { checkOrderInitialized, type OrderParams, orderInitialized } from './init.js';
export { OrderEventKind, TrailingOffsetType } from './kinds.js';
export { Order } from './order.js';
export type { OrderSnapshot } from './snapshot.js';
