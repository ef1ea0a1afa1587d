/**
 * The portfolio: balances, PnL and exposure. It reads the cache and converts no currency (every
 * figure is per currency), so it has no exchange-rate settings.
 */
import { z } from 'zod';

/** The portfolio. */
export const PortfolioConfig = z.strictObject({
  /** Value open positions at mark prices (else at the last quote or trade). */
  useMarkPrices: z.boolean().default(false),
  /** Value open positions at the newest bar's close when no quote or trade is available. */
  barUpdates: z.boolean().default(true),
});
export type PortfolioConfig = z.infer<typeof PortfolioConfig>;
export type PortfolioConfigInput = z.input<typeof PortfolioConfig>;
