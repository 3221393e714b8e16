// Building and unwrapping Outcomes: errors are data in the core, thrown only at the edge.
import { ClawbackError, type ErrorCode, InputRejected, type Place } from '../errors/index.js';
import type { Failure, Outcome } from './model.js';

export function ok<T>(value: T): Outcome<T> {
  return { ok: true, value };
}

export function fail(
  code: ErrorCode,
  params: Readonly<Record<string, string | number>> = {},
  place: Place = {},
): Failure {
  return { ok: false, errors: [new ClawbackError(code, params, place)] };
}

/** A Failure with these errors, or undefined when there are none. */
export function failAll(errors: readonly ClawbackError[]): Failure | undefined {
  const [first, ...rest] = errors;
  return first === undefined ? undefined : { ok: false, errors: [first, ...rest] };
}

/**
 * The value, or throws: the one ClawbackError, or InputRejected when there are several.
 * For edges (HTTP handlers, CLI) that render thrown errors.
 */
export function unwrap<T>(outcome: Outcome<T>): T {
  if (outcome.ok) return outcome.value;
  const [first, ...rest] = outcome.errors;
  if (rest.length === 0) throw first;
  throw new InputRejected(outcome.errors, false);
}
