/** The portfolio: balances, PnL and exposure. */
import { z } from 'zod';

/** The portfolio. */
export const PortfolioConfig = z.strictObject({
  /** Value open positions at mark prices (else at the last quote or trade). */
  useMarkPrices: z.boolean().default(false),
  /** Convert between currencies with mark exchange rates (else from quotes). */
  useMarkXrates: z.boolean().default(false),
  /** Update unrealized PnL from bar closes when no quote or trade is available. */
  barUpdates: z.boolean().default(true),
  /** Report PnL and exposure in the account's base currency where it has one. */
  convertToAccountBaseCurrency: z.boolean().default(true),
  /** Log every portfolio update. */
  debug: z.boolean().default(false),
});
export type PortfolioConfig = z.infer<typeof PortfolioConfig>;
export type PortfolioConfigInput = z.input<typeof PortfolioConfig>;
