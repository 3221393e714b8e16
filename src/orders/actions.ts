// Actions on an existing order (acknowledge, execute, reject, renew, release, return): each
// checks orders.md's state machine and limits and yields the changed order and one event.
import { formatTimestamp } from '../time/index.js';
import { addMonthsUtc } from './calendar.js';
import { absent, amountProblem, instantProblem, textProblem } from './checks.js';
import { effectiveState } from './expiry.js';
import { decisionProblem, type ReturnDecisionFacts } from './issue.js';
import type { OrderLimits } from './limits.js';
import type { Failure, Order, OrderAction, OrderEvent, OrderState, Outcome } from './model.js';
import { fail, ok } from './outcome.js';
import { transitionFor } from './transitions.js';

/** What an action needs besides the order; which fields depend on the action. */
export interface ActionInput {
  /** execute (stop_payment, freeze): the amount actually held, 0 < held <= amount. */
  readonly held?: number | null;
  /** release, return: how much (absent = everything held). */
  readonly amount?: number | null;
  /** reject: required. Others: optional note for the audit log. */
  readonly reason?: string | null;
  /** execute of a release or return order: the stop_payment or freeze it acts on. */
  readonly target?: Order | null;
  /** return on a freeze directly: the approved return decision. */
  readonly returnDecision?: ReturnDecisionFacts | null;
}

export interface Changed {
  readonly order: Order;
  readonly event: OrderEvent;
}

/** The changed order and its event; executing a release or return also changes its target. */
export interface Applied extends Changed {
  readonly target?: Changed;
}

/**
 * Applies `action` by `actor` at `now`. Refuses (409) what orders.md does not allow from the
 * order's state, and anything on an order that has lapsed (run expireDue to record that).
 * Example: applyAction(freeze, 'execute', 'bank-clerk-7', { held: 300_00 }, now, limits)
 */
export function applyAction(
  order: Order,
  action: OrderAction,
  actor: string,
  input: ActionInput,
  now: number,
  limits: OrderLimits,
): Outcome<Applied> {
  const basic = textProblem(actor, 'actor') ?? instantProblem(now, 'now');
  if (basic !== undefined) return { ok: false, errors: [basic] };
  const refused = checkTransition(order, action, now);
  if (refused !== undefined) return refused;
  const reason = absent(input.reason) ? null : String(input.reason);
  const step = { actor, now, reason };
  switch (action) {
    case 'acknowledge':
      return ok(change(order, action, step, 'acknowledged', { acknowledgedAt: now }, {}));
    case 'reject': {
      if (textProblem(input.reason, '$.reason') !== undefined) {
        return fail(
          'CB_E_ORDER_INPUT',
          { detail: 'a rejection needs a reason' },
          { path: '$.reason' },
        );
      }
      return ok(change(order, action, step, 'rejected', { rejection: reason, endedAt: now }, {}));
    }
    case 'execute':
      return execute(order, input, step, limits);
    case 'renew': {
      const from = order.expiresAt ?? now;
      const expiresAt = addMonthsUtc(from, limits.freezeRenewalMonths);
      return ok(
        change(
          order,
          action,
          step,
          'executed',
          { expiresAt, renewals: order.renewals + 1 },
          {
            previousExpiry: from,
            expiresAt,
          },
        ),
      );
    }
    case 'release':
    case 'return': {
      if (action === 'return') {
        if (absent(input.returnDecision)) {
          return fail(
            'CB_E_ORDER_INPUT',
            { detail: 'a return needs an approved return decision' },
            { path: '$.returnDecision' },
          );
        }
        const d = input.returnDecision!;
        const e = decisionProblem(d.id, order.caseId, new Map([[d.id, d]]));
        if (e !== undefined) return { ok: false, errors: [e] };
      }
      return takeFromHold(order, action, input.amount, step, null);
    }
  }
}

interface Step {
  readonly actor: string;
  readonly now: number;
  readonly reason: string | null;
}

/** The kind/state check of the transition table, and the lapse check. */
function checkTransition(order: Order, action: OrderAction, now: number): Failure | undefined {
  const t = transitionFor(action);
  const params = { action, kind: order.kind, id: order.id, state: order.state };
  if (t === undefined || !t.kinds.includes(order.kind)) {
    return fail('CB_E_ORDER_TRANSITION', {
      ...params,
      why: `${action} applies to ${t?.kinds.join(' and ') ?? 'no'} orders only`,
    });
  }
  if (!t.from.includes(order.state)) {
    return fail('CB_E_ORDER_TRANSITION', { ...params, why: whyNot(action, order.state) });
  }
  if (effectiveState(order, now) === 'expired') {
    return fail('CB_E_ORDER_LAPSED', {
      action,
      kind: order.kind,
      id: order.id,
      at: formatTimestamp(order.expiresAt ?? now),
    });
  }
  return undefined;
}

function whyNot(action: OrderAction, state: OrderState): string {
  if (state === 'issued' && action === 'execute') return 'acknowledge it first';
  if (state === 'expired' || state === 'released' || state === 'returned' || state === 'rejected') {
    return `a ${state} order is final`;
  }
  switch (action) {
    case 'acknowledge':
      return 'it was already acknowledged';
    case 'execute':
      return 'it was already executed';
    case 'reject':
      return 'only an order not yet executed can be rejected';
    case 'renew':
      return 'only an executed freeze can be renewed';
    case 'release':
    case 'return':
      return `only an executed order holds money to ${action}`;
  }
}

function execute(
  order: Order,
  input: ActionInput,
  step: Step,
  limits: OrderLimits,
): Outcome<Applied> {
  switch (order.kind) {
    case 'query':
      if (!absent(input.held)) {
        return fail('CB_E_ORDER_INPUT', { detail: 'a query holds nothing' }, { path: '$.held' });
      }
      return ok(change(order, 'execute', step, 'executed', { executedAt: step.now }, {}));
    case 'stop_payment':
    case 'freeze': {
      const ordered = order.amount ?? 0;
      const bad = amountProblem(input.held, '$.held');
      if (bad !== undefined) return { ok: false, errors: [bad] };
      const held = input.held ?? 0;
      if (held > ordered) {
        return fail(
          'CB_E_ORDER_AMOUNT_EXCEEDS',
          { what: 'held amount', amount: held, limit: ordered, why: 'the amount ordered' },
          { path: '$.held' },
        );
      }
      const expiresAt =
        order.kind === 'freeze' ? addMonthsUtc(step.now, limits.freezeMonths) : order.expiresAt;
      return ok(
        change(
          order,
          'execute',
          step,
          'executed',
          { executedAt: step.now, held, heldAtExecution: held, expiresAt },
          { held, ordered, partial: held < ordered ? 1 : 0, expiresAt },
        ),
      );
    }
    case 'release':
    case 'return': {
      const target = input.target;
      if (absent(target) || target?.id !== order.target) {
        return fail(
          'CB_E_ORDER_INPUT',
          { detail: `executing a ${order.kind} needs its target order ${order.target}` },
          { path: '$.target' },
        );
      }
      const sideAction = order.kind;
      const refused = checkTransition(target, sideAction, step.now);
      if (refused !== undefined) return refused;
      const targetStep = { ...step, reason: step.reason ?? order.reason };
      const onTarget = takeFromHold(target, sideAction, order.amount, targetStep, order.id);
      if (!onTarget.ok) return onTarget;
      const moved = onTarget.value.event.details['amount'] ?? null;
      const self = change(
        order,
        'execute',
        step,
        'executed',
        { executedAt: step.now },
        {
          target: target.id,
          amount: moved,
        },
      );
      return ok({ ...self, target: onTarget.value });
    }
  }
}

/** Releases or returns `amount` (all if absent) of a hold; all of it ends the order. */
function takeFromHold(
  order: Order,
  action: 'release' | 'return',
  amount: number | null | undefined,
  step: Step,
  via: string | null,
): Outcome<Applied> {
  if (!absent(amount)) {
    const bad = amountProblem(amount, '$.amount');
    if (bad !== undefined) return { ok: false, errors: [bad] };
  }
  const take = amount ?? order.held;
  if (take > order.held) {
    return fail(
      'CB_E_ORDER_AMOUNT_EXCEEDS',
      {
        what: `${action} amount`,
        amount: take,
        limit: order.held,
        why: `what order ${order.id} holds now`,
      },
      { path: '$.amount' },
    );
  }
  const held = order.held - take;
  const full = held === 0;
  const end: OrderState = action === 'release' ? 'released' : 'returned';
  const counters =
    action === 'release'
      ? { released: order.released + take }
      : { returned: order.returned + take };
  return ok(
    change(
      order,
      action,
      step,
      full ? end : 'executed',
      { ...counters, held, ...(full ? { endedAt: step.now } : {}) },
      { amount: take, heldAfter: held, partial: full ? 0 : 1, via },
    ),
  );
}

function change(
  order: Order,
  action: OrderAction,
  step: Step,
  to: OrderState,
  patch: Partial<Order>,
  details: OrderEvent['details'],
): Changed {
  return {
    order: { ...order, ...patch, state: to },
    event: {
      orderId: order.id,
      action,
      from: order.state,
      to,
      actor: step.actor,
      at: step.now,
      reason: step.reason,
      details,
    },
  };
}
