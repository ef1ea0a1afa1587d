/**
 * What tests need to build Kairos engines in isolation (`kairos-trader/testkit`).
 */
export { TestClock, type TestClockOptions } from '../common/clock/index.js';
