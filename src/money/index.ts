// Money: integer minor units with ISO 4217 digits, decimal parse/format, exact splits.
export {
  type AmountProblem,
  type AmountResult,
  describeAmountProblem,
  formatMinor,
  MAX_MINOR,
  parseAmount,
  parseAmountBytes,
} from './amount.js';
export { type Currency, currencyOf, knownCurrency } from './currency.js';
export { ExactSplitter, kthLargest, splitExact } from './split.js';
