import { describe, expect, it } from 'vitest';

import { BacktestEngine } from '../../ts/backtest/engine.js';
import { FixedFeeModel } from '../../ts/backtest/fee-model.js';
import type { StrategyConfig } from '../../ts/config/index.js';
import { CryptoPerpetual, Money, Price, Quantity, quoteTick } from '../../ts/model/index.js';
import { Strategy } from '../../ts/trading/strategy.js';

const SEC = 1_000_000_000n;
const T0 = 1_700_000_000n * SEC;

/** Linear perpetual: 0.1 tick, 0.001 lot, taker 0.05%, maker 0.02%, margins 5% / 2.5%. */
const PERP = CryptoPerpetual.create({
  id: 'ETHUSDT-PERP.SIM',
  baseCurrency: 'ETH',
  quoteCurrency: 'USDT',
  pricePrecision: 1,
  priceIncrement: '0.1',
  sizePrecision: 3,
  sizeIncrement: '0.001',
  makerFee: '0.0002',
  takerFee: '0.0005',
  marginInit: '0.05',
  marginMaint: '0.025',
});

const q = (bid: string, ask: string, ts: bigint) =>
  quoteTick({
    instrumentId: PERP.id,
    bidPrice: Price.from(bid),
    askPrice: Price.from(ask),
    bidSize: Quantity.from('10.000'),
    askSize: Quantity.from('10.000'),
    tsEvent: ts,
    tsInit: ts,
  });

/** Buys 1 on the first quote, sells 2 on the second (a flip to short 1). */
class Flip extends Strategy {
  n = 0;
  protected override onStart(): void {
    this.subscribeQuoteTicks(PERP.id);
  }
  override onQuoteTick(): void {
    this.n += 1;
    const side = this.n === 1 ? 'BUY' : this.n === 2 ? 'SELL' : null;
    if (side === null) return;
    const quantity = Quantity.from(this.n === 1 ? '1.000' : '2.000');
    this.submitOrder(this.orderFactory.market({ instrumentId: PERP.id, side, quantity }));
  }
}

function engine(feeModel?: FixedFeeModel): BacktestEngine {
  const e = new BacktestEngine();
  e.addVenue({
    venue: 'SIM',
    omsType: 'NETTING',
    accountType: 'MARGIN',
    baseCurrency: 'USDT',
    startingBalances: [Money.from('10000', 'USDT')],
    ...(feeModel === undefined ? {} : { feeModel }),
  });
  e.addInstrument(PERP);
  e.addData([q('99.9', '100.0', T0 + SEC), q('110.0', '110.1', T0 + 2n * SEC)]);
  e.addStrategy(new Flip({ strategyId: 'FLIP-001' } as StrategyConfig));
  return e;
}

describe('BacktestEngine: a margin account checked by hand', () => {
  it('a flip settles realized PnL less commissions and locks the new position margin', async () => {
    const r = await engine().run();
    // Buy 1 @ 100.0 (fee 0.05); sell 2 @ 110.0 (fee 0.11): closes the long (+10.00) and opens a short 1.
    expect(r.fills.map((f) => `${f.side} ${f.quantity}@${f.price} ${f.commission}`)).toEqual([
      'BUY 1.000@100.0 0.05000000 USDT',
      'SELL 2.000@110.0 0.11000000 USDT',
    ]);
    // Two cycles of one NETTING id: the long closed at +10 - 0.05 - 0.055 = 9.895; the short has -0.055.
    expect(r.positions.map((p) => [p.side, p.realizedPnl])).toEqual([
      ['FLAT', '9.89500000 USDT'],
      ['SHORT', '-0.05500000 USDT'],
    ]);
    // 10000 + 9.895 - 0.055 = 10009.84; margin of short 1 @ 110: 5.50 initial + 2.75 maintenance.
    expect(r.accounts[0]!.balances).toEqual([
      {
        currency: 'USDT',
        total: '10009.84000000 USDT',
        locked: '8.25000000 USDT',
        free: '10001.59000000 USDT',
      },
    ]);
  });

  it('a fixed fee model charges its amount per fill', async () => {
    const r = await engine(new FixedFeeModel('1.5')).run();
    expect(r.fills.map((f) => f.commission)).toEqual(['1.50000000 USDT', '1.50000000 USDT']);
    // 10000 + 10 - 1.5 - 1.5 = 10007 (the flip's fee split in half between the two cycles).
    expect(r.accounts[0]!.balances[0]!.total).toBe('10007.00000000 USDT');
  });
});
