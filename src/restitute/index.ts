// Returning frozen money to victims (restitution.md): pro_rata, rising_tide and
// traced_first, exact to the minor unit, with a per-victim explanation and statement.

export { resolveTraced } from './attribute.js';
export { compareRatios, mulDivMod, type QuotRem, quotRem } from './exact.js';
export {
  AmountReader,
  CLAIMS_SPEC,
  type ClaimsInput,
  type CurrencyRule,
  claimsFromRows,
  FROZEN_SPEC,
  type FrozenRow,
  frozenFromRows,
} from './input.js';
export { explanationLine } from './line.js';
export {
  type AccountOutcome,
  type AccountPart,
  type Claim,
  type ClaimPart,
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
  type ResolvedAccount,
  type Restitution,
  type RisingTideExplanation,
  type RisingTideResult,
  type SharedPart,
  type ShareStatus,
  type TracedFirstExplanation,
  type TracedFirstResult,
  type TracedPart,
} from './model.js';
export { exactAmount, grouped, percent } from './numbers.js';
export { proRata } from './pro-rata.js';
export { statementHtml, statementText } from './render.js';
export {
  type JsonParts,
  noteText,
  RESTITUTION_FORMAT_VERSION,
  type ReportContext,
  restitutionCsv,
  restitutionJson,
  restitutionJsonText,
} from './report.js';
export { risingTide } from './rising-tide.js';
export { type Row, type Section, type Statement, statement } from './statement.js';
export { StatementNames } from './statement-names.js';
export { restitutionTable } from './table.js';
export { pathOf, type TraceInput, traceFromJson, traceWithoutAmounts } from './trace-input.js';
export { traceFromChunks } from './trace-stream.js';
export { type TracedFirstOptions, tracedFirst } from './traced-first.js';
