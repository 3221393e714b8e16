// ClawbackError carries a code from the catalogue and, for input problems, where it happened
// (file:line, column, value) so one renderer can say exactly what is wrong and where.
import { ERRORS, type ErrorCode, renderMessage } from './catalogue.js';

/** Where a problem sits: a file and 1-based line (header = line 1), or a JSON path. */
export interface Place {
  readonly file?: string;
  readonly line?: number;
  readonly column?: string;
  readonly value?: string;
  readonly path?: string;
}

export class ClawbackError extends Error {
  readonly code: ErrorCode;
  readonly place: Place;
  readonly reason: string;

  constructor(
    code: ErrorCode,
    params: Readonly<Record<string, string | number>> = {},
    place: Place = {},
  ) {
    const reason = renderMessage(code, params);
    super(formatProblem(place, reason));
    this.name = 'ClawbackError';
    this.code = code;
    this.place = place;
    this.reason = reason;
  }

  get exitCode(): 0 | 1 | 2 {
    return ERRORS[this.code].exit;
  }

  get httpStatus(): number {
    return ERRORS[this.code].status;
  }
}

/** Several input errors found together; nothing was written. */
export class InputRejected extends Error {
  readonly errors: readonly ClawbackError[];
  readonly truncated: boolean;

  constructor(errors: readonly ClawbackError[], truncated: boolean) {
    super(
      errors.map((e) => e.message).join('\n') +
        (truncated ? `\n(stopped after ${errors.length} errors)` : ''),
    );
    this.name = 'InputRejected';
    this.errors = errors;
    this.truncated = truncated;
  }
}

const MAX_VALUE_SHOWN = 60;

/**
 * `transfers.csv:17: amount "12.345": CNY has 2 decimal places`
 * `msg.json: $.a[0].b: missing`
 */
export function formatProblem(place: Place, reason: string): string {
  let head = '';
  if (place.file !== undefined) head += place.file;
  if (place.line !== undefined) head += `:${place.line}`;
  if (place.path !== undefined) head += head ? `: ${place.path}` : place.path;
  let what = '';
  if (place.column !== undefined) what += place.column;
  if (place.value !== undefined) {
    const v =
      place.value.length > MAX_VALUE_SHOWN
        ? `${place.value.slice(0, MAX_VALUE_SHOWN)}…`
        : place.value;
    what += `${what ? ' ' : ''}${JSON.stringify(v)}`;
  }
  const parts = [head, what, reason].filter((p) => p !== '');
  return parts.join(': ');
}
