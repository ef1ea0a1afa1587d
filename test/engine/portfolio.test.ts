import { describe, expect, it } from 'vitest';

import { Portfolio } from '../../ts/engine/index.js';
import { bar, Currency, PositionId, Price, parseBarType, Quantity } from '../../ts/model/index.js';
import { BINANCE, BTCUSDT, BYBIT, Desk, ETHPERP, quote } from './fixtures.js';

const USDT = Currency.from('USDT');

describe('Portfolio: hand-computed PnL and exposure', () => {
  function desk(): Desk {
    const d = new Desk();
    d.fundBinance('1000000', '100');
    d.data.process(quote(BTCUSDT.id, '20000.00', '20000.01', d.now()));
    d.data.process(quote(ETHPERP.id, '1000.00', '1000.05', d.now()));
    // BTCUSDT (NETTING, taker fee 0.1%):
    d.trade({ qty: '0.500', px: '20000.00' }); // fee 10.00, avg 20000
    d.trade({ qty: '0.500', px: '21000.00' }); // fee 10.50, avg 20500
    d.trade({ side: 'SELL', qty: '0.400', px: '22000.00' }); // fee 8.80, +600.00 realized
    // ETHUSDT-PERP (HEDGING, taker fee 0.05%): a short and a long side by side.
    d.trade({ instrumentId: ETHPERP.id, side: 'SELL', qty: '2.00', px: '1000.00' }); // fee 1.00
    d.trade({ instrumentId: ETHPERP.id, side: 'BUY', qty: '1.00', px: '1000.00' }); // fee 0.50
    d.data.process(quote(BTCUSDT.id, '21500.00', '21500.50', d.now()));
    d.data.process(quote(ETHPERP.id, '990.00', '990.05', d.now()));
    return d;
  }

  it('per instrument: realized net of fees, unrealized at the bid (long) or ask (short), signed exposure', () => {
    const d = desk();
    const p = d.portfolio;
    // -10.00 - 10.50 + (22000 - 20500) * 0.4 - 8.80 = 570.70
    expect(p.realizedPnl(BTCUSDT.id)?.toString()).toBe('570.70000000 USDT');
    // (21500.00 - 20500) * 0.6 = 600.00
    expect(p.unrealizedPnl(BTCUSDT.id)?.toString()).toBe('600.00000000 USDT');
    expect(p.totalPnl(BTCUSDT.id)?.toString()).toBe('1170.70000000 USDT');
    // 0.6 * 21500.00
    expect(p.netExposure(BTCUSDT.id)?.toString()).toBe('12900.00000000 USDT');
    expect(p.netPosition(BTCUSDT.id).toString()).toBe('0.6');
    expect([p.isNetLong(BTCUSDT.id), p.isNetShort(BTCUSDT.id), p.isFlat(BTCUSDT.id)]).toEqual([
      true,
      false,
      false,
    ]);

    // Short 2 at the ask: (1000 - 990.05) * 2 = 19.90; long 1 at the bid: (990 - 1000) = -10.00
    expect(p.unrealizedPnl(ETHPERP.id)?.toString()).toBe('9.90000000 USDT');
    expect(p.realizedPnl(ETHPERP.id)?.toString()).toBe('-1.50000000 USDT');
    // +990.00 - 2 * 990.05 = -990.10
    expect(p.netExposure(ETHPERP.id)?.toString()).toBe('-990.10000000 USDT');
    expect(p.netPosition(ETHPERP.id).toString()).toBe('-1');
    expect(p.isNetShort(ETHPERP.id)).toBe(true);
  });

  it('per venue: one Money per currency', () => {
    const p = desk().portfolio;
    expect([...p.realizedPnls(BINANCE).values()].map(String)).toEqual(['570.70000000 USDT']);
    expect([...p.realizedPnls(BYBIT).values()].map(String)).toEqual(['-1.50000000 USDT']);
    expect([...(p.unrealizedPnls(BYBIT)?.values() ?? [])].map(String)).toEqual(['9.90000000 USDT']);
    expect([...(p.netExposures(BINANCE)?.values() ?? [])].map(String)).toEqual(['12900.00000000 USDT']);
  });

  it('balances come from the account states the exec engine applied', () => {
    const d = desk();
    expect(d.portfolio.balanceTotal(BINANCE, USDT)?.toString()).toBe('1000000.00000000 USDT');
    expect(d.portfolio.balances(BINANCE).map((b) => b.total.currency.code)).toEqual(['USDT', 'BTC']);
    expect(d.portfolio.account(BYBIT)).toBeNull();
  });

  it('a reopened NETTING id keeps the realized PnL of its closed cycle; flat after closing', () => {
    const d = desk();
    d.trade({ side: 'SELL', qty: '0.600', px: '20500.00' }); // closes at the average: -12.30 fee
    expect(d.portfolio.isFlat(BTCUSDT.id)).toBe(true);
    expect(d.portfolio.realizedPnl(BTCUSDT.id)?.toString()).toBe('558.40000000 USDT');
    d.trade({ qty: '0.100', px: '20000.00' }); // reopens: fee 2.00
    expect(d.cache.positionSnapshots(PositionId.from('BTCUSDT.BINANCE-EMA-001'))).toHaveLength(1);
    expect(d.portfolio.realizedPnl(BTCUSDT.id)?.toString()).toBe('556.40000000 USDT');
    expect(d.portfolio.isCompletelyFlat()).toBe(false);
  });

  it('an open position without any price has unknown (null) unrealized PnL and exposure, never zero', () => {
    const d = new Desk();
    d.trade({ instrumentId: ETHPERP.id, qty: '1.00', px: '1000.00' });
    expect(d.portfolio.unrealizedPnl(ETHPERP.id)).toBeNull();
    expect(d.portfolio.netExposure(ETHPERP.id)).toBeNull();
    expect(d.portfolio.unrealizedPnls(BYBIT)).toBeNull();
    expect(d.portfolio.realizedPnl(ETHPERP.id)?.toString()).toBe('-0.50000000 USDT');
  });

  it('barUpdates: without a quote or trade, an open position is valued at the newest bar close', () => {
    const d = new Desk();
    d.trade({ instrumentId: ETHPERP.id, qty: '1.00', px: '1000.00' });
    const barAt = (spec: string, close: string, tsEvent: bigint) =>
      bar({
        barType: parseBarType(`${ETHPERP.id.value}-${spec}-LAST-EXTERNAL`),
        open: Price.from(close),
        high: Price.from(close),
        low: Price.from(close),
        close: Price.from(close),
        volume: Quantity.from('1.00'),
        tsEvent,
        tsInit: tsEvent,
      });
    d.cache.addBar(barAt('1-MINUTE', '1010.00', d.now() + 60n));
    d.cache.addBar(barAt('5-MINUTE', '1020.00', d.now() + 30n)); // older close: not the newest
    expect(d.portfolio.unrealizedPnl(ETHPERP.id)?.toString()).toBe('10.00000000 USDT');
    const noBars = new Portfolio({ cache: d.cache, config: { barUpdates: false } });
    expect(noBars.unrealizedPnl(ETHPERP.id)).toBeNull();
  });

  it('values at mark prices with useMarkPrices', () => {
    const d = desk();
    d.cache.addMarkPrice(BTCUSDT.id, Price.from('21000.00'));
    const marked = new Portfolio({ cache: d.cache, config: { useMarkPrices: true } });
    expect(marked.unrealizedPnl(BTCUSDT.id)?.toString()).toBe('300.00000000 USDT');
    expect(d.portfolio.unrealizedPnl(BTCUSDT.id)?.toString()).toBe('600.00000000 USDT');
  });
});
