/**
 * Live execution: reconciliation at start-up and the continuous checks, as modules the
 * TradingNode wires. Imports model, common, cache and config only.
 *
 * @module
 */

export * from './checks/index.js';
export * from './reconciliation/index.js';
