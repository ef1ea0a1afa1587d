import { describe, expect, it } from 'vitest';

import {
  type DataRequestFailed,
  type DataResponse,
  type DataSpec,
  dataRequest,
  Endpoint,
  subscribe,
  Topics,
  unsubscribe,
} from '../../ts/engine/index.js';
import {
  type Bar,
  bar,
  type ClientId,
  CurrencyPair,
  InstrumentId,
  OrderBook,
  type OrderBookDeltas,
  orderBookDelta,
  Price,
  parseBarType,
  Quantity,
  type QuoteTick,
  RecordFlag,
  type TradeTick,
} from '../../ts/model/index.js';
import {
  BINANCE,
  BTCUSDT,
  BYBIT,
  Desk,
  type DeskOptions,
  ETHPERP,
  FakeDataClient,
  quote,
  SEC,
  trade,
} from './fixtures.js';
import { TinyBook } from './tiny-book.js';

function desk(o: DeskOptions = {}): Desk {
  return new Desk({ bookFactory: () => new TinyBook(), ...o });
}

function sub(d: Desk, spec: DataSpec, clientId: ClientId | null = null): void {
  d.bus.send(Endpoint.DATA_EXECUTE, subscribe({ spec, clientId, tsInit: d.now() }));
}
function unsub(d: Desk, spec: DataSpec): void {
  d.bus.send(Endpoint.DATA_EXECUTE, unsubscribe({ spec, tsInit: d.now() }));
}

function delta(
  action: 'ADD' | 'UPDATE' | 'DELETE',
  side: 'BUY' | 'SELL',
  px: string,
  size: string,
  flags = 0,
) {
  return orderBookDelta({
    instrumentId: BTCUSDT.id,
    action,
    order: { side, price: Price.from(px), size: Quantity.from(size), orderId: 0n },
    flags,
    tsEvent: 1n,
    tsInit: 1n,
  });
}

describe('DataEngine: subscriptions', () => {
  it('asks the venue client once per stream and tells it on the last unsubscribe', () => {
    const d = desk();
    const q: DataSpec = { kind: 'QUOTES', instrumentId: BTCUSDT.id };
    sub(d, q);
    sub(d, q);
    sub(d, { kind: 'TRADES', instrumentId: BTCUSDT.id });
    unsub(d, q);
    expect(d.binanceData.calls).toEqual([
      'subscribeQuotes BTCUSDT.BINANCE',
      'subscribeTrades BTCUSDT.BINANCE',
    ]);
    unsub(d, q);
    unsub(d, q); // nothing left: ignored
    expect(d.binanceData.calls.at(-1)).toBe('unsubscribeQuotes BTCUSDT.BINANCE');
    expect(d.data.subscriptions()).toEqual([['TRADES:BTCUSDT.BINANCE', 1]]);
  });

  it('routes by explicit client id, then venue, then the default client; counts commands nobody takes', () => {
    const d = desk();
    sub(d, { kind: 'QUOTES', instrumentId: ETHPERP.id }); // BYBIT: no client, no default
    expect(d.data.errorCounts.ENGINE_NO_CLIENT).toBe(1);
    const fallback = new FakeDataClient(d.bus, 'AGGREGATOR', null);
    d.data.registerClient(fallback, { isDefault: true });
    sub(d, { kind: 'QUOTES', instrumentId: ETHPERP.id });
    expect(fallback.calls).toEqual(['subscribeQuotes ETHUSDT-PERP.BYBIT']);
    sub(d, { kind: 'INSTRUMENTS', venue: BINANCE }, fallback.clientId);
    expect(fallback.calls.at(-1)).toBe('subscribeInstruments BINANCE');
    expect(() => d.data.registerClient(fallback)).toThrow(/already registered/);
    expect(BYBIT.value).toBe('BYBIT');
  });
});

describe('DataEngine: data into the cache, then onto the bus', () => {
  it('publishes quotes and trades on data.<kind>.<VENUE>.<SYMBOL>; the cache is updated first', () => {
    const d = desk();
    const seen: string[] = [];
    d.bus.subscribe('data.quotes.BINANCE.*', (q: QuoteTick) => {
      seen.push(`quote ${q.bidPrice} cached=${d.cache.quote(BTCUSDT.id) === q}`);
    });
    d.bus.subscribe('data.trades.BINANCE.BTCUSDT', (t: TradeTick) => seen.push(`trade ${t.price}`));
    d.binanceData.emit(quote(BTCUSDT.id, '100.00', '100.01', d.now()));
    d.binanceData.emit(trade(BTCUSDT.id, '100.01', '0.500', d.now()));
    expect(seen).toEqual(['quote 100.00 cached=true', 'trade 100.01']);
    expect(d.cache.price(BTCUSDT.id, 'LAST')?.toString()).toBe('100.01');
    expect(Topics.quotes(BTCUSDT.id)).toBe('data.quotes.BINANCE.BTCUSDT');
    expect(d.data.processedCount).toBe(2);
  });

  it('with validateDataSequence drops data older than the last of its kind', () => {
    const d = desk({ data: { validateDataSequence: true } });
    d.data.process(quote(BTCUSDT.id, '100.00', '100.01', 10n));
    d.data.process(quote(BTCUSDT.id, '99.00', '99.01', 9n));
    d.data.process(quote(BTCUSDT.id, '101.00', '101.01', 10n)); // same time: kept
    expect(d.cache.quotes(BTCUSDT.id).map((q) => q.bidPrice.toString())).toEqual(['101.00', '100.00']);
    expect(d.data.errorCounts.ENGINE_INVALID_DATA).toBe(1);
  });

  it('adds instruments to the cache and publishes them', () => {
    const d = desk();
    const sol = CurrencyPair.create({
      id: 'SOLUSDT.BINANCE',
      baseCurrency: 'SOL',
      quoteCurrency: 'USDT',
      pricePrecision: 2,
      priceIncrement: '0.01',
      sizePrecision: 2,
      sizeIncrement: '0.01',
    });
    const got: unknown[] = [];
    d.bus.subscribe('data.instrument.BINANCE.SOLUSDT', (i) => got.push(i));
    d.binanceData.emit(sol);
    expect(got).toEqual([sol]);
    expect(d.cache.instrument(sol.id)).toBe(sol);
  });
});

describe('DataEngine: bars', () => {
  it('aggregates INTERNAL bars from the stream it subscribes for them, into the cache and onto data.bars.<barType>', () => {
    const d = desk();
    const barType = parseBarType('BTCUSDT.BINANCE-2-TICK-LAST-INTERNAL');
    const got: Bar[] = [];
    d.bus.subscribe(Topics.bars(barType), (b: Bar) => got.push(b));
    sub(d, { kind: 'BARS', barType });
    expect(d.binanceData.calls).toEqual(['subscribeTrades BTCUSDT.BINANCE']);
    for (const [px, size] of [
      ['100.00', '1.000'],
      ['101.00', '2.000'],
      ['99.00', '0.500'],
    ] as const) {
      d.binanceData.emit(trade(BTCUSDT.id, px, size, d.now()));
    }
    expect(got.map((b) => `${b.open} ${b.high} ${b.low} ${b.close} ${b.volume}`)).toEqual([
      '100.00 101.00 100.00 101.00 3.000',
    ]);
    expect(d.cache.bar(barType)).toBe(got[0]);
    expect(Topics.bars(barType)).toBe('data.bars.BTCUSDT.BINANCE-2-TICK-LAST-INTERNAL');
    unsub(d, { kind: 'BARS', barType });
    expect(d.binanceData.calls.at(-1)).toBe('unsubscribeTrades BTCUSDT.BINANCE');
    d.binanceData.emit(trade(BTCUSDT.id, '1.00', '1.000', d.now()));
    d.binanceData.emit(trade(BTCUSDT.id, '1.00', '1.000', d.now()));
    expect(got).toHaveLength(1);
  });

  it('time bars run on the engine clock', () => {
    const d = desk();
    const barType = parseBarType('BTCUSDT.BINANCE-10-SECOND-MID-INTERNAL');
    sub(d, { kind: 'BARS', barType });
    expect(d.binanceData.calls).toEqual(['subscribeQuotes BTCUSDT.BINANCE']);
    d.binanceData.emit(quote(BTCUSDT.id, '100.00', '100.02', d.now() + 1n));
    d.advance(10n * SEC);
    const b = d.cache.bar(barType);
    expect(`${b?.open} ${b?.close} ${b?.volume}`).toBe('100.010 100.010 1.0000');
  });

  it('passes EXTERNAL bar subscriptions to the client and its bars through', () => {
    const d = desk();
    const barType = parseBarType('BTCUSDT.BINANCE-1-MINUTE-LAST-EXTERNAL');
    sub(d, { kind: 'BARS', barType });
    expect(d.binanceData.calls).toEqual(['subscribeBars BTCUSDT.BINANCE']);
    const b = bar({
      barType,
      open: Price.from('1.00'),
      high: Price.from('2.00'),
      low: Price.from('1.00'),
      close: Price.from('2.00'),
      volume: Quantity.from('3.000'),
      tsEvent: 60n * SEC,
      tsInit: 60n * SEC,
    });
    d.binanceData.emit(b);
    expect(d.cache.bar(barType)).toBe(b);
  });

  it('refuses to aggregate bars of an unknown instrument (counted, nothing subscribed)', () => {
    const d = desk();
    sub(d, { kind: 'BARS', barType: parseBarType('XRPUSDT.BINANCE-5-TICK-LAST-INTERNAL') });
    expect(d.data.errorCounts.ENGINE_UNKNOWN_INSTRUMENT).toBe(1);
    expect(d.binanceData.calls).toEqual([]);
    expect(InstrumentId.from('XRPUSDT.BINANCE').venue.value).toBe('BINANCE');
  });
});

describe('DataEngine: order books', () => {
  const spec: DataSpec = { kind: 'BOOK_DELTAS', instrumentId: BTCUSDT.id, bookType: 'L2_MBP', depth: null };

  it('keeps the book in the cache from deltas and publishes them after applying', () => {
    const d = desk();
    sub(d, spec);
    expect(d.binanceData.calls).toEqual(['subscribeBookDeltas BTCUSDT.BINANCE']);
    const got: string[] = [];
    d.bus.subscribe('data.book.deltas.BINANCE.BTCUSDT', (ds: OrderBookDeltas) =>
      got.push(`${ds.deltas.length} best bid ${(d.cache.orderBook(BTCUSDT.id) as TinyBook).bestBidPrice()}`),
    );
    d.binanceData.emit(delta('ADD', 'BUY', '100.00', '1.000'));
    d.binanceData.emit(delta('ADD', 'BUY', '100.50', '2.000'));
    d.binanceData.emit(delta('ADD', 'SELL', '101.00', '1.000'));
    const book = d.cache.orderBook(BTCUSDT.id) as TinyBook;
    expect(book.bestAskPrice()?.toString()).toBe('101.00');
    expect(got).toEqual(['1 best bid 100.00', '1 best bid 100.50', '1 best bid 100.50']);
    // A delta the book refuses is counted and not published.
    d.binanceData.emit(delta('DELETE', 'SELL', '105.00', '0.000'));
    expect(d.data.errorCounts.ENGINE_INVALID_DATA).toBe(1);
    expect(got).toHaveLength(3);
  });

  it('with bufferDeltas holds deltas until F_LAST, then applies and publishes them together', () => {
    const d = desk({ data: { bufferDeltas: true } });
    sub(d, spec);
    const got: number[] = [];
    d.bus.subscribe('data.book.deltas.*', (ds: OrderBookDeltas) => got.push(ds.deltas.length));
    d.binanceData.emit(delta('ADD', 'BUY', '100.00', '1.000'));
    d.binanceData.emit(delta('ADD', 'SELL', '101.00', '1.000'));
    const book = d.cache.orderBook(BTCUSDT.id) as TinyBook;
    expect(book.applied).toBe(0);
    d.binanceData.emit(delta('UPDATE', 'BUY', '100.00', '3.000', RecordFlag.F_LAST));
    expect(got).toEqual([3]);
    expect(book.bids.get(Price.from('100.00').raw)?.size).toBe('3.000');
  });

  it('publishes the book every intervalMs for a BOOK_SNAPSHOTS subscription', () => {
    const d = desk();
    const snap: DataSpec = {
      kind: 'BOOK_SNAPSHOTS',
      instrumentId: BTCUSDT.id,
      bookType: 'L2_MBP',
      depth: 10,
      intervalMs: 1000,
    };
    sub(d, snap);
    const got: unknown[] = [];
    d.bus.subscribe('data.book.snapshots.BINANCE.BTCUSDT.1000', (b) => got.push(b));
    d.binanceData.emit(delta('ADD', 'BUY', '100.00', '1.000'));
    d.advance(3n * SEC);
    expect(got).toHaveLength(3);
    expect(got[0]).toBe(d.cache.orderBook(BTCUSDT.id));
    unsub(d, snap);
    d.advance(3n * SEC);
    expect(got).toHaveLength(3);
    expect(d.binanceData.calls).toEqual([
      'subscribeBookDeltas BTCUSDT.BINANCE',
      'unsubscribeBookDeltas BTCUSDT.BINANCE',
    ]);
  });
});

describe('DataEngine: requests', () => {
  it('returns what the client returned and adds instruments to the cache', async () => {
    const d = desk();
    const other = CurrencyPair.create({
      id: 'ETHUSDT.BINANCE',
      baseCurrency: 'ETH',
      quoteCurrency: 'USDT',
      pricePrecision: 2,
      priceIncrement: '0.01',
      sizePrecision: 3,
      sizeIncrement: '0.001',
    });
    d.binanceData.instruments.set(other.id.value, other);
    const r = await d.data.request(
      dataRequest({ spec: { kind: 'INSTRUMENTS', venue: BINANCE }, tsInit: d.now() }),
    );
    expect(r.data).toEqual([other]);
    expect(d.cache.instrument(other.id)).toBe(other);
    d.binanceData.quotes.push(quote(BTCUSDT.id, '1.00', '1.01', 1n), quote(BTCUSDT.id, '1.02', '1.03', 2n));
    const viaBus = await d.bus.request<DataResponse>(
      Endpoint.DATA_REQUEST,
      dataRequest({
        spec: { kind: 'QUOTES', instrumentId: BTCUSDT.id, startNs: null, endNs: null, limit: 1 },
        tsInit: d.now(),
      }),
    );
    expect(viaBus.type).toBe('DataResponse');
    expect((viaBus.data as QuoteTick[]).map((q) => q.tsEvent)).toEqual([2n]);
  });

  it('a failed request rejects (directly) or answers DataRequestFailed (through the bus), never empty data', async () => {
    const d = desk();
    d.binanceData.failRequests = true;
    const req = dataRequest({ spec: { kind: 'INSTRUMENT', instrumentId: BTCUSDT.id }, tsInit: d.now() });
    await expect(d.data.request(req)).rejects.toThrow('venue unreachable');
    const viaBus = await d.bus.request<DataRequestFailed>(Endpoint.DATA_REQUEST, req);
    expect(viaBus.type).toBe('DataRequestFailed');
    await expect(
      d.data.request(dataRequest({ spec: { kind: 'INSTRUMENTS', venue: BYBIT }, tsInit: d.now() })),
    ).rejects.toThrow(/no data client/);
  });
});

describe('DataEngine: ordering', () => {
  it('publishes the trade that closes a bar before the bar', () => {
    const d = new Desk();
    const barType = parseBarType('BTCUSDT.BINANCE-2-TICK-LAST-INTERNAL');
    d.bus.send(Endpoint.DATA_EXECUTE, subscribe({ spec: { kind: 'BARS', barType }, tsInit: d.now() }));
    const seen: string[] = [];
    d.bus.subscribe('data.*', (m: { type: string }) => seen.push(m.type));
    d.binanceData.emit(trade(BTCUSDT.id, '100.00', '1.000', d.now()));
    d.binanceData.emit(trade(BTCUSDT.id, '101.00', '1.000', d.now()));
    expect(seen).toEqual(['TradeTick', 'TradeTick', 'Bar']);
  });
});

describe('DataEngine: client failures and external clients', () => {
  it('counts a client whose subscribe throws or rejects, and keeps going', async () => {
    const d = desk();
    class Flaky extends FakeDataClient {
      override subscribeQuotes(): void {
        throw new Error('socket closed');
      }
      override subscribeTrades(): Promise<void> {
        return Promise.reject(new Error('timeout'));
      }
    }
    const flaky = new Flaky(d.bus, 'FLAKY', BYBIT);
    d.data.registerClient(flaky);
    sub(d, { kind: 'QUOTES', instrumentId: ETHPERP.id });
    sub(d, { kind: 'TRADES', instrumentId: ETHPERP.id });
    await Promise.resolve();
    await Promise.resolve();
    expect(d.data.errorCounts.ENGINE_CLIENT_FAILED).toBe(2);
    d.data.process(quote(ETHPERP.id, '1000.00', '1000.05', d.now()));
    expect(d.cache.hasQuotes(ETHPERP.id)).toBe(true);
  });

  it('does not pass subscriptions to external clients (their data arrives from elsewhere)', () => {
    const d = desk({ data: { externalClients: ['BINANCE_DATA'] } });
    sub(d, { kind: 'QUOTES', instrumentId: BTCUSDT.id });
    expect(d.binanceData.calls).toEqual([]);
    expect(d.data.subscriptions()).toEqual([['QUOTES:BTCUSDT.BINANCE', 1]]);
  });

  it('connects and disconnects its clients with its lifecycle', async () => {
    const d = desk();
    d.data.initialize();
    await d.data.start();
    expect(d.binanceData.isConnected).toBe(true);
    await d.data.stop();
    expect(d.binanceData.isConnected).toBe(false);
  });
});

describe('DataEngine: the native OrderBook plugs in as the default book', () => {
  it('maintains an OrderBook at the instrument precisions from deltas and refuses a bad one whole', () => {
    const d = new Desk(); // default book factory
    d.bus.send(
      Endpoint.DATA_EXECUTE,
      subscribe({
        spec: { kind: 'BOOK_DELTAS', instrumentId: BTCUSDT.id, bookType: 'L2_MBP', depth: null },
        tsInit: d.now(),
      }),
    );
    const book = d.cache.orderBook(BTCUSDT.id) as OrderBook;
    expect(book).toBeInstanceOf(OrderBook);
    d.binanceData.emit(delta('ADD', 'BUY', '100.00', '1.000'));
    d.binanceData.emit(delta('ADD', 'BUY', '100.50', '2.000'));
    d.binanceData.emit(delta('ADD', 'SELL', '101.00', '1.500', RecordFlag.F_LAST));
    expect(book.bestBidPrice()?.toString()).toBe('100.50');
    expect(book.bestAskPrice()?.toString()).toBe('101.00');
    expect(book.bids(2).map((l) => `${l.price} ${l.size}`)).toEqual(['100.50 2.000', '100.00 1.000']);
    d.binanceData.emit(delta('ADD', 'BUY', '100.755', '1.000')); // three decimals on a 2-decimal book
    expect(d.data.errorCounts.ENGINE_INVALID_DATA).toBe(1);
    expect(book.bestBidPrice()?.toString()).toBe('100.50');
  });
});

describe('DataEngine: two clients on one venue', () => {
  it('routes a subscription by the instruments a client handles, then by venue', () => {
    const d = desk();
    const futures = new FakeDataClient(d.bus, 'BINANCE_FUTURES_DATA', BINANCE);
    d.data.registerClient(futures, { handles: (id) => id.symbol.value.endsWith('-PERP') });
    sub(d, { kind: 'TRADES', instrumentId: InstrumentId.from('BTCUSDT-PERP.BINANCE') });
    sub(d, { kind: 'TRADES', instrumentId: BTCUSDT.id });
    expect(futures.calls).toEqual(['subscribeTrades BTCUSDT-PERP.BINANCE']);
    expect(d.binanceData.calls).toEqual(['subscribeTrades BTCUSDT.BINANCE']);
  });
});
