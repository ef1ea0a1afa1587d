/**
 * The venue's clock jumps while the node runs: signed requests are refused -1021 until the client
 * resynchronises. Nothing is lost and nothing is taken for rejected when it executed.
 */
import { afterEach, describe, expect, it } from 'vitest';

import {
  auditor,
  buildNode,
  cleanup,
  converge,
  primeQuotes,
  px,
  startRunning,
  startVenue,
  touch,
  until,
} from './harness.js';

afterEach(cleanup);

describe('clock skew', () => {
  it('the venue clock jumps 20 s ahead mid-run: submits resync and go through; the cache equals the venue', async () => {
    const venue = await startVenue({ seed: 31, faults: { clockOffsetMs: -3_000 } });
    const setup = await buildNode(venue);
    await startRunning(setup);
    await primeQuotes(venue, setup.node);
    const before = setup.strategy.limit('BUY', '0.010', px(touch(venue).bid, -300));
    await until(() => before.status === 'ACCEPTED', 'the first order');

    venue.server.setFaults({ clockOffsetMs: 20_000 });
    const after = setup.strategy.limit('BUY', '0.010', px(touch(venue).bid, -301));
    const taker = setup.strategy.market('BUY', '0.010');
    await until(() => after.status === 'ACCEPTED' && taker.status === 'FILLED', 'the orders after the jump');
    const audit = await auditor(venue); // synchronised after the jump
    const { cache, venue: truth } = await converge(setup.node, audit);
    expect(cache).toEqual(truth);
    expect(truth.openOrders).toEqual([before.clientOrderId.value, after.clientOrderId.value].sort());
    expect(setup.lines.some((l) => /-1021/.test(l.msg))).toBe(true);
    expect(setup.errors()).toEqual([]);
  });
});
