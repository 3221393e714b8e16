// Public surface of the error catalogue.
export { ERRORS, type ErrorCode, renderMessage } from './catalogue.js';
export { ErrorCollector } from './collector.js';
export { ClawbackError, formatProblem, InputRejected, type Place } from './error.js';

/** For exhaustive switches: a new union member is a compile error where this is reached. */
export function assertNever(x: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(x)}`);
}
