import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

import { BinanceDataClient } from '../../ts/adapters/binance/data.js';
import type { MarketDataItem } from '../../ts/adapters/binance/interfaces.js';
import { BinanceDataClientConfig } from '../../ts/config/binance.js';
import { InstrumentId } from '../../ts/model/identifiers/index.js';
import { VenueConfig } from '../../ts/venue/config.js';
import { VenueExchange } from '../../ts/venue/exchange.js';
import { cleanup, keys, onCleanup, realPayload, startVenue, until } from './helpers.js';

afterEach(cleanup);

const BTC = InstrumentId.from('BTCUSDT-PERP.BINANCE');

/** A local L2 book kept from the data client's deltas (price text -> size text per side). */
class LocalBook {
  readonly bids = new Map<string, string>();
  readonly asks = new Map<string, string>();
  snapshots = 0;

  apply(item: MarketDataItem): void {
    if (item.type !== 'OrderBookDeltas') return;
    for (const d of item.deltas) {
      if (d.action === 'CLEAR') {
        this.bids.clear();
        this.asks.clear();
        this.snapshots++;
        continue;
      }
      const o = d.order!;
      const side = o.side === 'BUY' ? this.bids : this.asks;
      if (d.action === 'DELETE') side.delete(o.price.toDecimal().toString());
      else side.set(o.price.toDecimal().toString(), o.size.toDecimal().toString());
    }
  }

  top(n: number) {
    const sort = (m: Map<string, string>, dir: number) =>
      [...m.entries()].sort((a, b) => (Number(a[0]) - Number(b[0])) * dir).slice(0, n);
    return { bids: sort(this.bids, -1), asks: sort(this.asks, 1) };
  }
}

function venueTop(venue: Awaited<ReturnType<typeof startVenue>>, n: number) {
  const inst = venue.exchange.instrument('BTCUSDT');
  const { bids, asks } = inst.market.levels(n);
  const f = (l: [number, number]) => [
    Number(inst.tick.format(l[0])).toString(),
    Number(inst.lot.format(l[1])).toString(),
  ];
  return { bids: bids.map(f), asks: asks.map(f) };
}

async function dataClient(venue: Awaited<ReturnType<typeof startVenue>>) {
  const items: MarketDataItem[] = [];
  const book = new LocalBook();
  const client = new BinanceDataClient({
    config: BinanceDataClientConfig.parse({
      type: 'BINANCE',
      accountType: 'USDT_FUTURE',
      baseUrlHttp: venue.url,
      baseUrlWs: venue.wsUrl,
      maxRetries: 0,
    }),
    onData: (i) => {
      items.push(i);
      book.apply(i);
    },
    backoff: { initialMs: 10, maxMs: 50 },
  });
  onCleanup(() => client.disconnect());
  await client.connect();
  return { client, items, book };
}

describe('venue market streams through the real data client', () => {
  it('book sync: snapshot + depth diffs keep the local book equal to the venue', async () => {
    const venue = await startVenue();
    const { client, book } = await dataClient(venue);
    await client.subscribeBook(BTC);
    await until(() => book.snapshots === 1, 'the snapshot');
    for (let i = 0; i < 30; i++) venue.step(1, 'BTCUSDT');
    const lastId = venue.exchange.instrument('BTCUSDT').market.lastUpdateId;
    await until(
      () => JSON.stringify(book.top(20)) === JSON.stringify(venueTop(venue, 20)),
      'the book to catch up',
    );
    expect(book.snapshots).toBe(1);
    expect(lastId).toBeGreaterThan(0);
  });

  it('a dropped depth diff is a gap: the client resyncs from a new snapshot and is equal again', async () => {
    const venue = await startVenue();
    const { client, book } = await dataClient(venue);
    await client.subscribeBook(BTC);
    await until(() => book.snapshots === 1, 'the snapshot');
    venue.step(3, 'BTCUSDT');
    venue.setFaults({ marketDrop: 1, maxFaults: 1 });
    venue.step(1, 'BTCUSDT'); // dropped
    venue.step(1, 'BTCUSDT'); // pu does not chain: resync
    await until(() => book.snapshots === 2, 'the resync snapshot');
    expect(venue.stats().faults.marketDrop).toBe(1);
    venue.step(5, 'BTCUSDT');
    await until(
      () => JSON.stringify(book.top(20)) === JSON.stringify(venueTop(venue, 20)),
      'the book after resync',
    );
  });

  it('quotes and trades arrive parsed; a forced disconnect reconnects, resubscribes and resyncs the book', async () => {
    const venue = await startVenue({ market: { tradeProbability: 1 } });
    const { client, items, book } = await dataClient(venue);
    await client.subscribeQuotes(BTC);
    await client.subscribeTrades(BTC);
    await client.subscribeBook(BTC);
    await until(() => book.snapshots === 1, 'the snapshot');
    venue.step(2, 'BTCUSDT');
    await until(
      () => items.some((i) => i.type === 'QuoteTick') && items.some((i) => i.type === 'TradeTick'),
      'a quote and a trade',
    );
    expect(venue.disconnect('market')).toBe(1);
    await until(
      () => book.snapshots === 2 && venue.stats().connections.market === 1,
      'the reconnect and resync',
    );
    const before = items.filter((i) => i.type === 'QuoteTick').length;
    await new Promise((r) => setTimeout(r, 50));
    venue.step(2, 'BTCUSDT');
    await until(
      () => items.filter((i) => i.type === 'QuoteTick').length > before,
      'quotes after the reconnect',
    );
  });

  it('raw /ws/<stream> and combined /stream?streams= serve the real payload shapes; SUBSCRIBE and LIST_SUBSCRIPTIONS answer', async () => {
    const venue = await startVenue({ market: { tradeProbability: 1 } });
    const rawMsgs: Record<string, unknown>[] = [];
    const ws1 = new WebSocket(`${venue.wsUrl}/ws/btcusdt@depth@100ms`);
    ws1.on('message', (d) => rawMsgs.push(JSON.parse(d.toString())));
    const combined: { stream: string; data: Record<string, unknown> }[] = [];
    const ws2 = new WebSocket(`${venue.wsUrl}/stream?streams=btcusdt@bookTicker/btcusdt@trade`);
    const replies: unknown[] = [];
    ws2.on('message', (d) => {
      const m = JSON.parse(d.toString());
      if ('id' in m) replies.push(m);
      else combined.push(m);
    });
    onCleanup(async () => {
      ws1.terminate();
      ws2.terminate();
    });
    await Promise.all([ws1, ws2].map((w) => new Promise((r) => w.once('open', r))));
    ws2.send(JSON.stringify({ method: 'SUBSCRIBE', params: ['btcusdt@aggTrade'], id: 7 }));
    ws2.send(JSON.stringify({ method: 'LIST_SUBSCRIPTIONS', id: 8 }));
    ws2.send(JSON.stringify({ method: 'SUBSCRIBE', params: ['nonsense'], id: 9 }));
    await until(() => replies.length === 3, 'three replies');
    expect(replies).toEqual([
      { result: null, id: 7 },
      { result: ['btcusdt@aggTrade', 'btcusdt@bookTicker', 'btcusdt@trade'], id: 8 },
      { error: expect.objectContaining({ code: 2 }), id: 9 },
    ]);
    venue.step(1, 'BTCUSDT');
    await until(() => rawMsgs.length === 1 && combined.length === 3, 'the messages');
    expect(keys(rawMsgs[0])).toEqual(
      keys(realPayload('futures/market/depth_update_stream.json')).filter((k) => k !== 'ps' && k !== 'st'),
    );
    const byStream = Object.fromEntries(combined.map((m) => [m.stream, m.data]));
    expect(keys(byStream['btcusdt@bookTicker'])).toEqual(
      keys(realPayload('futures/market/book_ticker_stream.json')).filter((k) => k !== 'ps' && k !== 'st'),
    );
    expect(keys(byStream['btcusdt@trade'])).toEqual(
      expect.arrayContaining(keys(realPayload('futures/market/trade_stream.json'))),
    );
    expect(keys(byStream['btcusdt@aggTrade'])).toEqual(
      keys(realPayload('futures/market/agg_trade_stream.json')).filter((k) => k !== 'st'),
    );
  });
});

describe('venue klines', () => {
  it('1s klines close on the bucket boundary; the data client turns them into bars matching the trades', async () => {
    let now = 1_700_000_000_000;
    const { VenueServer } = await import('../../ts/venue/server.js');
    const venue = await new VenueServer({
      config: { market: { rate: 0, tradeProbability: 1 } },
      nowMs: () => now,
    }).start();
    onCleanup(() => venue.stop());
    const { client, items } = await dataClient(venue);
    await client.subscribeTrades(BTC);
    await client.subscribeBars(BTC, 1, 'SECOND');
    for (let i = 0; i < 5; i++) {
      venue.step(1, 'BTCUSDT');
      now += 100;
    }
    now += 1_000;
    venue.step(1, 'BTCUSDT'); // closes the first bucket
    await until(() => items.some((i) => i.type === 'Bar'), 'a bar');
    const bar = items.find((i) => i.type === 'Bar');
    const trades = items.filter(
      (i) => i.type === 'TradeTick' && i.tsEvent < BigInt(1_700_000_001_000) * 1_000_000n,
    );
    expect(trades.length).toBe(5);
    if (bar?.type !== 'Bar') return;
    const sizes = trades.map((t) => (t.type === 'TradeTick' ? t.size.toDecimal() : null)!);
    const prices = trades.map((t) => (t.type === 'TradeTick' ? t.price.toNumber() : 0));
    expect(bar.volume.toDecimal().toString()).toBe(sizes.reduce((a, b) => a.add(b)).toString());
    expect(bar.high.toNumber()).toBeGreaterThanOrEqual(Math.max(...prices));
    expect(bar.low.toNumber()).toBeLessThanOrEqual(Math.min(...prices));
    expect(bar.close.toNumber()).toBe(prices.at(-1));
  });
});

describe('synthetic market', () => {
  it('is deterministic for a seed and different across seeds; ids chain (pu = previous u)', () => {
    const run = (seed: number) => {
      const ex = new VenueExchange(VenueConfig.parse({ seed }));
      return Array.from({ length: 50 }, () => ex.step('BTCUSDT', 1_700_000_000_000).map((m) => m.data));
    };
    const a = run(3);
    expect(run(3)).toEqual(a);
    expect(run(4)).not.toEqual(a);
    const depths = a.map((msgs) => msgs[0] as { U: number; u: number; pu: number });
    for (let i = 1; i < depths.length; i++) {
      expect(depths[i]?.pu).toBe(depths[i - 1]?.u);
      expect(depths[i]?.U).toBe((depths[i - 1]?.u ?? 0) + 1);
    }
  });

  it('keeps a valid book: best bid below best ask, every side at the configured depth', () => {
    const ex = new VenueExchange(VenueConfig.parse({ seed: 9, market: { depth: 7, maxMoveTicks: 5 } }));
    const inst = ex.instrument('ETHUSDT');
    for (let i = 0; i < 500; i++) {
      ex.step('ETHUSDT', 1);
      const { bids, asks } = inst.market.levels(100);
      expect(bids).toHaveLength(7);
      expect(asks).toHaveLength(7);
      expect(bids[0]![0]).toBeLessThan(asks[0]![0]);
    }
  });
});
