// The legal time and count limits of orders, per jurisdiction: validated once, then frozen.
import { ClawbackError } from '../errors/index.js';
import type { Outcome } from './model.js';
import { fail, failAll, ok } from './outcome.js';

export interface OrderLimits {
  /** A stop_payment lapses this many hours after issue, whatever its state. */
  readonly stopPaymentHours: number;
  /** At most this many stop_payment orders per account per case (rejected ones not counted). */
  readonly stopPaymentsPerAccountPerCase: number;
  /** A freeze lapses this many calendar months (UTC) after execution. */
  readonly freezeMonths: number;
  /** Each renewal extends a freeze's expiry by this many calendar months. */
  readonly freezeRenewalMonths: number;
}

/** orders.md defaults (PRC anti-telecom-fraud law, Art. 20, and its implementing rules). */
export const DEFAULT_ORDER_LIMITS: OrderLimits = Object.freeze({
  stopPaymentHours: 48,
  stopPaymentsPerAccountPerCase: 2,
  freezeMonths: 6,
  freezeRenewalMonths: 6,
});

/** Upper bounds that keep every deadline a safe epoch-ms integer (about 100 years). */
const MAX: Readonly<Record<keyof OrderLimits, number>> = {
  stopPaymentHours: 24 * 366 * 100,
  stopPaymentsPerAccountPerCase: 1_000_000,
  freezeMonths: 1200,
  freezeRenewalMonths: 1200,
};

const KEYS = Object.keys(DEFAULT_ORDER_LIMITS) as readonly (keyof OrderLimits)[];

/**
 * Validates limits from configuration (a partial object; missing keys take the defaults).
 * Every limit must be an integer from 1 up to a sane bound; unknown keys are errors (typos).
 * Example: parseOrderLimits({ stopPaymentHours: 72 }) -> ok, frozen, other limits default.
 */
export function parseOrderLimits(input: unknown): Outcome<OrderLimits> {
  if (input === undefined) return ok(DEFAULT_ORDER_LIMITS);
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return fail('CB_E_ORDER_LIMITS', { field: '$', detail: 'must be an object' });
  }
  const errors: ClawbackError[] = [];
  const known = new Set<string>(KEYS);
  for (const key of Object.keys(input)) {
    if (!known.has(key)) {
      errors.push(
        new ClawbackError('CB_E_ORDER_LIMITS', {
          field: key,
          detail: `unknown limit; expected one of ${KEYS.join(', ')}`,
        }),
      );
    }
  }
  const out: Record<keyof OrderLimits, number> = { ...DEFAULT_ORDER_LIMITS };
  const given = input as Readonly<Record<string, unknown>>;
  for (const key of KEYS) {
    const v = given[key];
    if (v === undefined) continue;
    const max = MAX[key];
    if (typeof v !== 'number' || !Number.isInteger(v)) {
      errors.push(
        new ClawbackError('CB_E_ORDER_LIMITS', { field: key, detail: 'must be an integer' }),
      );
    } else if (v < 1 || v > max) {
      errors.push(
        new ClawbackError('CB_E_ORDER_LIMITS', {
          field: key,
          detail: `must be between 1 and ${max}, got ${v}`,
        }),
      );
    } else {
      out[key] = v;
    }
  }
  return failAll(errors) ?? ok(Object.freeze(out));
}
