export { Account, CashAccount, MarginAccount } from './account.js';
export { type AccountBalance, accountBalance, type MarginBalance, marginBalance } from './balance.js';
