// Holds on accounts (orders.md "Holds"): what executed stop_payment and freeze orders keep
// in an account, and whether a payment would take the balance below it.
import { effectiveState } from './expiry.js';
import type { Order } from './model.js';

export interface Hold {
  readonly orderId: string;
  readonly kind: 'stop_payment' | 'freeze';
  readonly amount: number;
  /** When the hold lapses unless renewed (epoch ms). */
  readonly expiresAt: number | null;
}

/** The holds in force on `account` at `now`, in input order. */
export function activeHolds(account: string, orders: readonly Order[], now: number): Hold[] {
  const out: Hold[] = [];
  for (const o of orders) {
    if (o.account !== account || o.held <= 0) continue;
    if (o.kind !== 'stop_payment' && o.kind !== 'freeze') continue;
    if (effectiveState(o, now) !== 'executed') continue;
    out.push({ orderId: o.id, kind: o.kind, amount: o.held, expiresAt: o.expiresAt });
  }
  return out;
}

/**
 * The total held on `account` at `now`: holds from several orders add up. Capped at
 * Number.MAX_SAFE_INTEGER (more than any balance, so the cap blocks the same payments).
 */
export function holdsOn(account: string, orders: readonly Order[], now: number): number {
  return total(activeHolds(account, orders, now));
}

function total(holds: readonly Hold[]): number {
  let sum = 0;
  for (const h of holds) sum = Math.min(sum + h.amount, Number.MAX_SAFE_INTEGER);
  return sum;
}

export type PaymentCheck =
  | { readonly decision: 'allow'; readonly held: number }
  | {
      readonly decision: 'block';
      /** `hold:<order id>` for every hold on the account, in input order. */
      readonly reasons: readonly string[];
      readonly held: number;
      /** How far below the holds the payment would take the balance. */
      readonly shortfall: number;
    };

/**
 * Whether an outgoing payment from `account` may leave `balanceAfter` (minor units, the
 * balance once the payment is made): no payment may leave the balance below the holds.
 * Example: holds 300 + 200, balanceAfter 450 -> block, reasons ['hold:f1', 'hold:s2'].
 */
export function checkPayment(
  account: string,
  balanceAfter: number,
  orders: readonly Order[],
  now: number,
): PaymentCheck {
  const holds = activeHolds(account, orders, now);
  const held = total(holds);
  // no hold, nothing to enforce: overdrafts are the institution's business, not an order's
  if (holds.length === 0 || balanceAfter >= held) return { decision: 'allow', held };
  return {
    decision: 'block',
    reasons: holds.map((h) => `hold:${h.orderId}`),
    held,
    shortfall: held - balanceAfter,
  };
}
