/**
 * Live execution: reconciliation at start-up and the continuous checks, as modules the
 * TradingNode wires. Imports model, common, cache and config only (never an adapter or an
 * engine): execution clients are seen through {@link ReconciliationClient}.
 *
 * # Wiring (what the TradingNode does)
 * ```ts
 * const reconciler = new Reconciler({
 *   cache, clock, log, msgbus, traderId,
 *   config: nodeConfig.execEngine,                        // LiveExecEngineConfig
 *   timeoutReconciliationSecs: nodeConfig.timeoutReconciliation,
 *   claims: strategies.map((s) => ({ strategyId: s.id, instrumentIds: s.config.externalOrderClaims ?? [] })),
 *   omsTypes: { BINANCE: 'NETTING' },
 * });
 * const { strategiesMayStart, summary } = await reconciler.reconcileAll(execClients);
 * if (!strategiesMayStart) stop(summary.reasons);          // one line per reason, per venue
 * const checks = new LiveChecks({ cache, clock, log, msgbus, reconciler, clients: execClients },
 *                               { config: nodeConfig.execEngine });
 * checks.start();                                          // timers on `clock`
 * // runtime reports outside the event stream:
 * checks.handleOrderReport(client, report); checks.handleFillReport(client, fill);
 * // on stop:
 * checks.stop();
 * ```
 *
 * # Topics
 * - `events.reconciliation`: one {@link ReconciliationSummary} per `reconcileAll` run.
 * - `events.order.<strategyId>`: every order event reconciliation or a check applies
 *   (`reconciliation: true`).
 * - `events.position.<strategyId>`: one event per position a reconciliation changed.
 *
 * @module
 */
export * from './checks/index.js';
// The live node (it wires the engines; `ts/trading-node.ts` adds the built-in client types).
export * from './node/index.js';
export * from './reconciliation/index.js';
