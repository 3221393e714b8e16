// Small validators shared by issuing and actions; each returns a ClawbackError or undefined.
import { ClawbackError } from '../errors/index.js';
import { MAX_MINOR } from '../money/index.js';

/** A positive integer amount of minor units up to MAX_MINOR. */
export function amountProblem(value: unknown, path: string): ClawbackError | undefined {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    return new ClawbackError(
      'CB_E_BAD_AMOUNT',
      { detail: 'amount must be an integer number of minor units' },
      { path },
    );
  }
  if (value <= 0) return new ClawbackError('CB_E_NONPOSITIVE_AMOUNT', {}, { path });
  if (value > MAX_MINOR) {
    return new ClawbackError(
      'CB_E_BAD_AMOUNT',
      { detail: `amount above the supported maximum ${MAX_MINOR} minor units` },
      { path },
    );
  }
  return undefined;
}

/** A non-empty, non-blank string. */
export function textProblem(value: unknown, path: string): ClawbackError | undefined {
  if (typeof value === 'string' && value.trim() !== '') return undefined;
  return new ClawbackError('CB_E_EMPTY_FIELD', {}, { path });
}

/** An epoch-ms instant. */
export function instantProblem(value: unknown, path: string): ClawbackError | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return undefined;
  return new ClawbackError(
    'CB_E_BAD_TIMESTAMP',
    { detail: 'must be an integer count of epoch milliseconds' },
    { path },
  );
}

export function absent(value: unknown): boolean {
  return value === undefined || value === null;
}
