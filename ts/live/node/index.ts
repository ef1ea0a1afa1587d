/**
 * The live trading node: lifecycle, pluggable clients, the bounded execution queue.
 *
 * @module
 */
export {
  type ClientFactories,
  type ClientFactoryContext,
  type DataClientFactory,
  type ExecClientFactory,
  type LiveExecutionClient,
  mergeClientFactories,
} from './clients.js';
export {
  LiveNode,
  NODE_STATE_TOPIC,
  type NodeStateChanged,
  type TradingNodeOptions,
} from './node.js';
export {
  type ExecutionItem,
  ExecutionQueue,
  type ExecutionQueueOptions,
  type ExecutionSink,
} from './queue.js';
export {
  describeStopReason,
  type NodeRunning,
  type NodeStartResult,
  type NodeStep,
  type NodeStopped,
  type NodeStopReason,
} from './result.js';
export {
  NODE_TRANSITIONS,
  NodeState,
  NodeStateError,
  type NodeTransition,
  NodeTrigger,
  nextNodeState,
  transitionNodeState,
} from './state.js';
export { isNodeStrategy, loadStrategy, type NodeStrategy, type StrategyDeps } from './strategies.js';
