/**
 * What tests need to build Kairos engines in isolation (`kairos-trader/testkit`): the test clock,
 * and mock data and execution clients whose venue a test scripts (see each class's doc).
 */
export { TestClock, type TestClockOptions } from '../common/clock/index.js';
export {
  MockDataClient,
  type MockDataClientOptions,
  type MockDataMethod,
  type MockSubscriptionKind,
} from './mock-data-client.js';
export {
  MockExecutionClient,
  type MockExecutionClientOptions,
  type MockExecutionMethod,
} from './mock-execution-client.js';
export { type MockCall, MockScript } from './script.js';
