// Legal time limits: a stop_payment or freeze whose deadline passed lapses by itself.
// Lapsing is a function of time, so it is computed (effectiveState) and, to record it in the
// audit log, turned into an event by the system (expireDue).
import { addMonthsUtc } from './calendar.js';
import type { OrderLimits } from './limits.js';
import {
  type Order,
  type OrderEvent,
  type OrderKind,
  type OrderState,
  SYSTEM_ACTOR,
} from './model.js';

const LAPSABLE: ReadonlySet<OrderState> = new Set(['issued', 'acknowledged', 'executed']);

/**
 * The deadline a new order gets at issue: a stop_payment 48 h (by default) after issue; a
 * freeze that is not executed within its term (6 months after issue by default) lapses too.
 * Queries, releases and returns have no deadline.
 */
export function deadlineAtIssue(
  kind: OrderKind,
  issuedAt: number,
  limits: OrderLimits,
): number | null {
  switch (kind) {
    case 'stop_payment':
      return issuedAt + limits.stopPaymentHours * 3_600_000;
    case 'freeze':
      return addMonthsUtc(issuedAt, limits.freezeMonths);
    case 'query':
    case 'release':
    case 'return':
      return null;
  }
}

/** When the order lapses (or lapsed) if nothing else happens, or null if it cannot. */
export function lapsesAt(order: Order): number | null {
  return LAPSABLE.has(order.state) ? order.expiresAt : null;
}

/**
 * The state at `now`: the stored state, or `expired` once the deadline is reached
 * (the deadline instant itself is already expired: 48 h after 10:00 is 10:00 two days later).
 */
export function effectiveState(order: Order, now: number): OrderState {
  const at = lapsesAt(order);
  return at !== null && now >= at ? 'expired' : order.state;
}

/** The expired order and its system event, or undefined if the order has not lapsed at `now`. */
export function expireOrder(
  order: Order,
  now: number,
): { readonly order: Order; readonly event: OrderEvent } | undefined {
  const at = lapsesAt(order);
  if (at === null || now < at) return undefined;
  const expired: Order = { ...order, state: 'expired', endedAt: at, held: 0 };
  const event: OrderEvent = {
    orderId: order.id,
    action: 'expire',
    from: order.state,
    to: 'expired',
    actor: SYSTEM_ACTOR,
    at,
    reason: `${order.kind} time limit reached`,
    details: { expiresAt: at, heldBefore: order.held, renewals: order.renewals },
  };
  return { order: expired, event };
}

/**
 * Every order in `orders` that has lapsed at `now`, expired, in input order; each event is
 * dated at the deadline, not at `now`, so running this late records the same history.
 */
export function expireDue(
  orders: readonly Order[],
  now: number,
): readonly { readonly order: Order; readonly event: OrderEvent }[] {
  const out: { order: Order; event: OrderEvent }[] = [];
  for (const o of orders) {
    const e = expireOrder(o, now);
    if (e !== undefined) out.push(e);
  }
  return out;
}
