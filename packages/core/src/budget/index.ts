export { BudgetGuard, BudgetExceededError, type BudgetLimits, type CallEstimate } from './budget-guard';
export { RunLedger, type LedgerState } from './ledger';
export { currentRunId, nxCommandLine } from './run-id';
export { DEFAULT_PRICES, priceOf, costOf, type ModelPrice, type PriceTable } from './prices';
