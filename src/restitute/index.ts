// Returning frozen money to victims (restitution.md): pro_rata, rising_tide and
// traced_first, exact to the minor unit, with a per-victim explanation and statement.
export { netLosses } from './claims.js';
export { compareRatios, mulDivMod, type QuotRem, quotRem } from './exact.js';
export {
  type AccountOutcome,
  type AccountPart,
  type Claim,
  type ExactShare,
  type Explanation,
  type FrozenAccount,
  isMethod,
  METHODS,
  type Method,
  type Note,
  type ProRataExplanation,
  type ProRataResult,
  type Rational,
  type Restitution,
  type RisingTideExplanation,
  type RisingTideResult,
  type SharedPart,
  type ShareStatus,
  type TracedFirstExplanation,
  type TracedFirstResult,
  type TracedPart,
} from './model.js';
export { proRata } from './pro-rata.js';
export { risingTide } from './rising-tide.js';
export { tracedFirst } from './traced-first.js';
