import { describe, expect, it } from 'vitest';

import { Cache } from '../../ts/cache/index.js';
import { createSilentLogger, MessageBus } from '../../ts/common/index.js';
import { DataEngine, Endpoint, subscribe, unsubscribe } from '../../ts/engine/index.js';
import { type QuoteTick, quoteTick } from '../../ts/model/data/index.js';
import { Venue } from '../../ts/model/identifiers/index.js';
import { Price, Quantity } from '../../ts/model/values/index.js';
import { MockDataClient, TestClock } from '../../ts/testkit/index.js';
import { BTC, ETH, T0 } from '../live/fixtures.js';

function desk() {
  const clock = new TestClock({ startNs: T0 });
  const bus = new MessageBus({ clock, logger: createSilentLogger() });
  const cache = new Cache();
  cache.addInstrument(BTC);
  const engine = new DataEngine({ bus, cache, clock });
  const client = new MockDataClient({ clientId: 'BINANCE', venue: 'BINANCE', clock, bus });
  engine.registerClient(client);
  return { clock, bus, cache, engine, client };
}

function quote(bid: string): QuoteTick {
  return quoteTick({
    instrumentId: BTC.id,
    bidPrice: Price.from(bid),
    askPrice: Price.from('101.00'),
    bidSize: Quantity.from('1.000'),
    askSize: Quantity.from('1.000'),
    tsEvent: T0,
    tsInit: T0,
  });
}

describe('MockDataClient', () => {
  it('records subscriptions made through the DataEngine, and their removal', async () => {
    const { bus, client } = desk();
    bus.send(
      Endpoint.DATA_EXECUTE,
      subscribe({ spec: { kind: 'QUOTES', instrumentId: BTC.id }, tsInit: T0 }),
    );
    await new Promise((r) => setImmediate(r));
    expect(client.isSubscribed('quotes', BTC.id)).toBe(true);
    expect(client.isSubscribed('quotes', ETH.id)).toBe(false);
    bus.send(
      Endpoint.DATA_EXECUTE,
      unsubscribe({ spec: { kind: 'QUOTES', instrumentId: BTC.id }, tsInit: T0 }),
    );
    await new Promise((r) => setImmediate(r));
    expect(client.isSubscribed('quotes', BTC.id)).toBe(false);
    expect(client.script.callsOf('subscribe')).toHaveLength(1);
  });

  it('pushed quotes reach the cache and the quote topic', () => {
    const { bus, cache, client } = desk();
    const seen: QuoteTick[] = [];
    bus.subscribe('data.quotes.BINANCE.BTCUSDT', (q) => void seen.push(q as QuoteTick));
    const q = quote('100.00');
    client.pushQuote(q);
    expect(seen).toEqual([q]);
    expect(cache.quote(BTC.id)).toBe(q);
    expect(client.pushed).toEqual([q]);
  });

  it('answers instrument and history requests from what the test set', async () => {
    const { client } = desk();
    client.setInstruments([BTC, ETH]);
    expect(await client.requestInstrument(ETH.id)).toBe(ETH);
    expect(await client.requestInstruments(Venue.from('BINANCE'))).toEqual([BTC, ETH]);
    client.setHistory({ quotes: [quote('99.00'), quote('100.00')] });
    const got = await client.requestQuotes(BTC.id, { startNs: T0, endNs: T0, limit: null });
    expect(got).toHaveLength(2);
  });

  it('connect can fail once or answer late on the clock', async () => {
    const { client, clock } = desk();
    client.failNext('connect', new Error('ECONNREFUSED'));
    await expect(client.connect()).rejects.toThrow('ECONNREFUSED');
    expect(client.isConnected).toBe(false);
    client.delay('connect', 100);
    const p = client.connect();
    clock.advanceTime(T0 + 100_000_000n);
    await p;
    expect(client.isConnected).toBe(true);
  });
});
