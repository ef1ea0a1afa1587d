export { type FillReport, type FillReportParams, fillReport } from './fill.js';
export { ExecutionMassStatus } from './mass-status.js';
export { type OrderStatusReport, type OrderStatusReportParams, orderStatusReport } from './order-status.js';
export {
  type PositionStatusReport,
  type PositionStatusReportParams,
  positionStatusReport,
} from './position-status.js';
