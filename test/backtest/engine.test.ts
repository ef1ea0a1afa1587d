import { describe, expect, it } from 'vitest';

import { BacktestEngine } from '../../ts/backtest/engine.js';
import type { StrategyConfig } from '../../ts/config/index.js';
import {
  CurrencyPair,
  InstrumentId,
  Money,
  Price,
  Quantity,
  type QuoteTick,
  quoteTick,
} from '../../ts/model/index.js';
import { Strategy } from '../../ts/trading/strategy.js';

const SEC = 1_000_000_000n;
const T0 = 1_700_000_000n * SEC;
const ID = InstrumentId.from('BTCUSDT.SIM');

/** Spot on SIM: 0.01 tick, 0.001 lot, maker 0.1%, taker 0.2%. */
const BTCUSDT = CurrencyPair.create({
  id: 'BTCUSDT.SIM',
  baseCurrency: 'BTC',
  quoteCurrency: 'USDT',
  pricePrecision: 2,
  priceIncrement: '0.01',
  sizePrecision: 3,
  sizeIncrement: '0.001',
  makerFee: '0.001',
  takerFee: '0.002',
});

function q(bid: string, ask: string, ts: bigint, size = '10.000'): QuoteTick {
  return quoteTick({
    instrumentId: ID,
    bidPrice: Price.from(bid),
    askPrice: Price.from(ask),
    bidSize: Quantity.from(size),
    askSize: Quantity.from(size),
    tsEvent: ts,
    tsInit: ts,
  });
}

/** Buys 2 at market on the first quote, offers 2 at 102.00 on the second. */
class Scripted extends Strategy {
  n = 0;
  protected override onStart(): void {
    this.subscribeQuoteTicks(ID);
  }
  protected override onReset(): void {
    this.n = 0;
  }
  override onQuoteTick(): void {
    this.n += 1;
    if (this.n === 1) {
      this.submitOrder(
        this.orderFactory.market({ instrumentId: ID, side: 'BUY', quantity: Quantity.from('2.000') }),
      );
    } else if (this.n === 2) {
      this.submitOrder(
        this.orderFactory.limit({
          instrumentId: ID,
          side: 'SELL',
          quantity: Quantity.from('2.000'),
          price: Price.from('102.00'),
        }),
      );
    }
  }
}

function build(strategy: Strategy = new Scripted()): BacktestEngine {
  const engine = new BacktestEngine();
  engine.addVenue({
    venue: 'SIM',
    omsType: 'NETTING',
    accountType: 'CASH',
    startingBalances: [Money.from('10000', 'USDT')],
  });
  engine.addInstrument(BTCUSDT);
  // Given out of order: the engine sorts by tsInit.
  engine.addData([q('102.00', '102.10', T0 + 3n * SEC), q('100.00', '100.10', T0 + SEC)]);
  engine.addData([q('101.00', '101.10', T0 + 2n * SEC)]);
  engine.addStrategy(strategy);
  return engine;
}

describe('BacktestEngine: a scripted strategy checked by hand', () => {
  it('fills, commissions, balances and PnL match the hand-computed numbers', async () => {
    const result = await build().run();
    // Buy 2 at the ask 100.10, taker: commission 2 * 100.10 * 0.002 = 0.4004 USDT.
    // Sell 2 at the limit 102.00, maker: commission 2 * 102.00 * 0.001 = 0.204 USDT.
    expect(result.fills.map((f) => [f.side, f.quantity, f.price, f.liquiditySide, f.commission])).toEqual([
      ['BUY', '2.000', '100.10', 'TAKER', '0.40040000 USDT'],
      ['SELL', '2.000', '102.00', 'MAKER', '0.20400000 USDT'],
    ]);
    // USDT: 10000 - 200.20 - 0.4004 + 204.00 - 0.204 = 10003.1956; BTC: +2 - 2 = 0.
    expect(result.accounts[0]!.balances).toEqual([
      {
        currency: 'USDT',
        total: '10003.19560000 USDT',
        locked: '0.00000000 USDT',
        free: '10003.19560000 USDT',
      },
      { currency: 'BTC', total: '0.00000000 BTC', locked: '0.00000000 BTC', free: '0.00000000 BTC' },
    ]);
    // Realized: (102.00 - 100.10) * 2 = 3.80, less 0.6044 of commissions = 3.1956.
    expect(result.positions).toHaveLength(1);
    expect(result.positions[0]!.realizedPnl).toBe('3.19560000 USDT');
    expect(result.positions[0]!.side).toBe('FLAT');
    expect(result.orders.map((o) => o.status)).toEqual(['FILLED', 'FILLED']);
    expect(result.stats.startingEquity).toBe(10000);
    expect(result.stats.totalPnl).toBe(3.1956);
    expect(result.stats.returnPct).toBe(0.031956);
    // After the buy: 9799.3996 USDT + 2 BTC at the mid 100.05 = 9999.4996.
    expect(result.stats.maxDrawdown).toBe(0.5004);
    expect(result.stats.winRate).toBe(1);
    expect(result.dataCount).toBe(3);
  });

  it('the account in the cache took the venue states (AccountState after each fill)', async () => {
    const engine = build();
    await engine.run();
    const account = engine.cache.accountForVenue(BTCUSDT.id.venue)!;
    expect(account.balanceTotal(BTCUSDT.quoteCurrency)?.toString()).toBe('10003.19560000 USDT');
    // Starting state + one per fill.
    expect(account.events).toHaveLength(3);
  });

  it('is deterministic: two runs give byte-identical JSON; reset() runs again the same', async () => {
    const a = JSON.stringify(await build().run());
    const b = JSON.stringify(await build().run());
    expect(a).toBe(b);
    const engine = build();
    const first = JSON.stringify(await engine.run());
    await engine.reset();
    const second = JSON.stringify(await engine.run());
    expect(second).toBe(first);
    await expect(engine.run()).rejects.toThrow(/reset/);
  });

  it('refuses data of an instrument it does not have, and a second venue of the same name', () => {
    const engine = build();
    expect(() =>
      engine.addVenue({
        venue: 'SIM',
        omsType: 'NETTING',
        accountType: 'CASH',
        startingBalances: [Money.from('1', 'USDT')],
      }),
    ).toThrow(/already/);
    const other = quoteTick({
      instrumentId: InstrumentId.from('ETHUSDT.SIM'),
      bidPrice: Price.from('1.00'),
      askPrice: Price.from('1.01'),
      bidSize: Quantity.from('1'),
      askSize: Quantity.from('1'),
      tsEvent: T0,
      tsInit: T0,
    });
    expect(() => engine.addData([other])).toThrow(/not added/);
  });
});

describe('BacktestEngine: time and async strategies', () => {
  it('an async strategy (a slow await in every hook) gives the same result as the synchronous one', async () => {
    class AsyncScripted extends Scripted {
      override async onQuoteTick(): Promise<void> {
        await new Promise((r) => setTimeout(r, 2));
        super.onQuoteTick();
      }
    }
    const sync = await build(new Scripted({ strategyId: 'S-001' } as StrategyConfig)).run();
    const async_ = await build(new AsyncScripted({ strategyId: 'S-001' } as StrategyConfig)).run();
    expect(async_.fills).toHaveLength(2);
    expect(JSON.stringify(async_)).toBe(JSON.stringify(sync));
  });

  it('the clock moves to each data point first; data at t runs before timers at t', async () => {
    class Timed extends Strategy {
      readonly seen: string[] = [];
      protected override onStart(): void {
        this.subscribeQuoteTicks(ID);
        for (const [name, at] of [
          ['t1.5', T0 + 1_500_000_000n],
          ['t2', T0 + 2n * SEC],
        ] as const) {
          this.clock.setTimeAlert({
            name,
            alertTimeNs: at,
            callback: (e) => this.seen.push(`${e.name} @${e.tsEvent - T0}`),
          });
        }
      }
      override onQuoteTick(q: QuoteTick): void {
        this.seen.push(`quote @${q.tsInit - T0} clock ${this.clock.timestampNs() - T0}`);
      }
    }
    const s = new Timed();
    const engine = build(s);
    await engine.run();
    expect(s.seen).toEqual([
      'quote @1000000000 clock 1000000000',
      't1.5 @1500000000',
      'quote @2000000000 clock 2000000000',
      't2 @2000000000',
      'quote @3000000000 clock 3000000000',
    ]);
  });

  it('start/end select the data; the strategy is stopped at the end', async () => {
    const s = new Scripted();
    const engine = build(s);
    const r = await engine.run({ start: T0 + 2n * SEC, end: T0 + 2n * SEC });
    expect(r.dataCount).toBe(1);
    // The only quote is the 101.00/101.10 one: the first-quote market buy fills at its ask.
    expect(r.fills.map((f) => `${f.side} ${f.price}`)).toEqual(['BUY 101.10']);
    expect(s.isStopped).toBe(true);
    await engine.dispose();
    expect(() => engine.addData([])).toThrow(/disposed/);
  });
});
