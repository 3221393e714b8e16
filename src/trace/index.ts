// Tracing stolen money (tracing.md): the engines, the result model and its outputs.

export { csvField, csvLine } from './csvout.js';
export {
  ACCOUNT_KINDS,
  type AccountFacts,
  type AccountKind,
  type AmountAccount,
  type AmountTraceResult,
  type AmountVictim,
  type ExitKind,
  type Flow,
  isAccountKind,
  type PoisonAccount,
  type PoisonTraceResult,
  type PoisonVictim,
  type TracedView,
  type TraceResult,
} from './model.js';
export { PoisonTracer } from './poison.js';
export { factsFromTransfers, type PreparedTrace, readAccounts, readLosses } from './prepare.js';
export {
  accountsCsv,
  collect,
  FLOWS_HEADER,
  FlowsCsv,
  flowLine,
  freezeCsv,
  freezeRows,
  traceJson,
  traceJsonChunks,
} from './report.js';
export { type AmountRule, DEFAULT_RULE, DOCTRINE, isRule, RULES, type Rule } from './rules.js';
export { type RunOptions, runTrace, timeOrder } from './run.js';
export { tracedOf } from './summarize.js';
export { traceTable } from './table.js';
export { AmountTracer, type FlowSink, type TraceEngine } from './tracer.js';
