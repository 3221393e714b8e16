// Issuing an order: validates an authority's request against orders.md and the orders that
// already exist in the case, and returns the new order (state issued) with its event.
import { ClawbackError } from '../errors/index.js';
import { currencyOf } from '../money/index.js';
import { absent, amountProblem, instantProblem, textProblem } from './checks.js';
import { deadlineAtIssue, effectiveState } from './expiry.js';
import type { OrderLimits } from './limits.js';
import {
  isOrderKind,
  ORDER_KINDS,
  type Order,
  type OrderEvent,
  type OrderKind,
  type Outcome,
  type Period,
} from './model.js';
import { failAll, ok } from './outcome.js';

/** What an authority asks for. Untrusted: every field is checked. */
export interface IssueInput {
  readonly kind: string;
  readonly caseId: string;
  readonly account: string;
  readonly institution: string;
  /** Minor units. Required for stop_payment and freeze; optional (partial) for release and return; absent for query. */
  readonly amount?: number | null;
  /** ISO 4217. Required with an amount for stop_payment and freeze; release and return take the target's. */
  readonly currency?: string | null;
  readonly reason: string;
  /** Query only, required. */
  readonly period?: Period | null;
  /** Release and return: the stop_payment or freeze acted on. */
  readonly target?: string | null;
  /** Return only: the approved return decision. */
  readonly returnDecision?: string | null;
}

/** What the store knows about a return decision (restitution.md). */
export interface ReturnDecisionFacts {
  readonly id: string;
  readonly caseId: string;
  readonly approved: boolean;
}

export interface IssueContext {
  /** The new order's id (the store makes ids). */
  readonly id: string;
  readonly now: number;
  /** Who issues (person or token id). */
  readonly actor: string;
  /** The authority whose case `caseId` is. */
  readonly authority: string;
  /** The case's existing orders: at least those on the account and the target. */
  readonly orders: readonly Order[];
  /** Return decisions the input may name (only returns need them). */
  readonly returnDecisions?: ReadonlyMap<string, ReturnDecisionFacts>;
  readonly limits: OrderLimits;
}

/**
 * A new order in state `issued` and its `issue` event, or every reason why not.
 * Example: issueOrder({ kind: 'freeze', caseId: 'c1', account: 'A', institution: 'bank',
 *   amount: 500_00, currency: 'CNY', reason: 'fraud' }, ctx)
 */
export function issueOrder(
  input: IssueInput,
  ctx: IssueContext,
): Outcome<{ readonly order: Order; readonly event: OrderEvent }> {
  const errors: ClawbackError[] = [];
  const add = (e: ClawbackError | undefined): void => {
    if (e !== undefined) errors.push(e);
  };
  add(textProblem(ctx.id, 'id'));
  add(textProblem(ctx.actor, 'actor'));
  add(textProblem(ctx.authority, 'authority'));
  add(instantProblem(ctx.now, 'now'));
  add(textProblem(input.caseId, '$.caseId'));
  add(textProblem(input.account, '$.account'));
  add(textProblem(input.institution, '$.institution'));
  add(textProblem(input.reason, '$.reason'));
  if (ctx.orders.some((o) => o.id === ctx.id)) {
    add(new ClawbackError('CB_E_ORDER_DUPLICATE', { id: ctx.id }));
  }
  if (!isOrderKind(input.kind)) {
    add(
      new ClawbackError(
        'CB_E_ORDER_KIND',
        { expected: ORDER_KINDS.join(', ') },
        { path: '$.kind', value: String(input.kind) },
      ),
    );
    return failAll(errors) ?? unreachable();
  }
  const kind: OrderKind = input.kind;
  const shaped = checkShape(kind, input);
  errors.push(...shaped.errors);
  const bad = failAll(errors);
  if (bad !== undefined) return bad;

  const related = checkAgainstCase(kind, input, ctx);
  if (related.errors.length > 0) return failAll(related.errors) ?? unreachable();

  const order: Order = {
    id: ctx.id,
    kind,
    caseId: input.caseId,
    authority: ctx.authority,
    issuedBy: ctx.actor,
    account: input.account,
    institution: input.institution,
    amount: absent(input.amount) ? null : (input.amount ?? null),
    currency: related.currency,
    reason: input.reason,
    state: 'issued',
    issuedAt: ctx.now,
    acknowledgedAt: null,
    executedAt: null,
    expiresAt: deadlineAtIssue(kind, ctx.now, ctx.limits),
    endedAt: null,
    held: 0,
    heldAtExecution: 0,
    released: 0,
    returned: 0,
    renewals: 0,
    target: kind === 'release' || kind === 'return' ? (input.target ?? null) : null,
    returnDecision: kind === 'return' ? (input.returnDecision ?? null) : null,
    period: kind === 'query' ? (input.period ?? null) : null,
    rejection: null,
  };
  const event: OrderEvent = {
    orderId: order.id,
    action: 'issue',
    from: null,
    to: 'issued',
    actor: ctx.actor,
    at: ctx.now,
    reason: input.reason,
    details: {
      kind,
      caseId: order.caseId,
      account: order.account,
      institution: order.institution,
      amount: order.amount,
      currency: order.currency,
      expiresAt: order.expiresAt,
      target: order.target,
      returnDecision: order.returnDecision,
      periodFrom: order.period?.from ?? null,
      periodTo: order.period?.to ?? null,
    },
  };
  return ok({ order, event });
}

function unreachable(): never {
  throw new Error('an error list that was checked non-empty is empty');
}

/** Which fields each kind needs and forbids, independent of other orders. */
function checkShape(kind: OrderKind, input: IssueInput): { errors: ClawbackError[] } {
  const errors: ClawbackError[] = [];
  const forbid = (field: keyof IssueInput, why: string): void => {
    if (!absent(input[field])) {
      errors.push(new ClawbackError('CB_E_ORDER_INPUT', { detail: why }, { path: `$.${field}` }));
    }
  };
  const require = (field: keyof IssueInput, why: string): boolean => {
    if (!absent(input[field])) return true;
    errors.push(new ClawbackError('CB_E_ORDER_INPUT', { detail: why }, { path: `$.${field}` }));
    return false;
  };
  if (kind !== 'query') forbid('period', `a ${kind} order takes no period`);
  if (kind !== 'release' && kind !== 'return') forbid('target', `a ${kind} order takes no target`);
  if (kind !== 'return') forbid('returnDecision', `a ${kind} order takes no return decision`);
  switch (kind) {
    case 'query': {
      forbid('amount', 'a query takes no amount');
      forbid('currency', 'a query takes no currency');
      if (require('period', 'a query needs a period { from, to }')) {
        const p = input.period;
        const fromBad = instantProblem(p?.from, '$.period.from');
        const toBad = instantProblem(p?.to, '$.period.to');
        if (fromBad !== undefined) errors.push(fromBad);
        if (toBad !== undefined) errors.push(toBad);
        if (fromBad === undefined && toBad === undefined && p !== null && p !== undefined) {
          if (p.from >= p.to) {
            errors.push(
              new ClawbackError(
                'CB_E_ORDER_INPUT',
                { detail: 'period.from must be before period.to' },
                { path: '$.period' },
              ),
            );
          }
        }
      }
      break;
    }
    case 'stop_payment':
    case 'freeze': {
      if (require('amount', `a ${kind} needs an amount`)) {
        const e = amountProblem(input.amount, '$.amount');
        if (e !== undefined) errors.push(e);
      }
      if (require('currency', `a ${kind} needs a currency`)) {
        if (currencyOf(String(input.currency)) === undefined) {
          errors.push(
            new ClawbackError(
              'CB_E_UNKNOWN_CURRENCY',
              {},
              { path: '$.currency', value: String(input.currency) },
            ),
          );
        }
      }
      break;
    }
    case 'release':
    case 'return': {
      if (!absent(input.amount)) {
        const e = amountProblem(input.amount, '$.amount');
        if (e !== undefined) errors.push(e);
      }
      if (require('target', `a ${kind} order needs the id of the order it acts on`)) {
        const e = textProblem(input.target, '$.target');
        if (e !== undefined) errors.push(e);
      }
      if (
        kind === 'return' &&
        require('returnDecision', 'a return needs an approved return decision')
      ) {
        const e = textProblem(input.returnDecision, '$.returnDecision');
        if (e !== undefined) errors.push(e);
      }
      break;
    }
  }
  return { errors };
}

/** Checks against the case's other orders; also settles the new order's currency. */
function checkAgainstCase(
  kind: OrderKind,
  input: IssueInput,
  ctx: IssueContext,
): { errors: ClawbackError[]; currency: string | null } {
  switch (kind) {
    case 'query':
      return { errors: [], currency: null };
    case 'stop_payment':
    case 'freeze':
      return { errors: checkHoldLimits(kind, input, ctx), currency: input.currency ?? null };
    case 'release':
    case 'return':
      return checkTarget(kind, input, ctx);
  }
}

function checkHoldLimits(kind: OrderKind, input: IssueInput, ctx: IssueContext): ClawbackError[] {
  const errors: ClawbackError[] = [];
  const onAccount = ctx.orders.filter(
    (o) =>
      o.account === input.account &&
      (o.kind === 'stop_payment' || o.kind === 'freeze') &&
      o.state !== 'rejected',
  );
  // holds on an account add up, so they must be in one currency
  const other = onAccount.find((o) => o.currency !== null && o.currency !== input.currency);
  if (other !== undefined) {
    errors.push(
      new ClawbackError(
        'CB_E_CURRENCY_MISMATCH',
        {
          detail: `account ${input.account} already has holds in ${other.currency} (order ${other.id})`,
        },
        { path: '$.currency', value: String(input.currency) },
      ),
    );
  }
  if (kind === 'stop_payment') {
    const count = onAccount.filter(
      (o) => o.kind === 'stop_payment' && o.caseId === input.caseId,
    ).length;
    const max = ctx.limits.stopPaymentsPerAccountPerCase;
    if (count >= max) {
      errors.push(
        new ClawbackError('CB_E_ORDER_LIMIT_REACHED', {
          account: input.account,
          caseId: input.caseId,
          count,
          max,
        }),
      );
    }
  }
  return errors;
}

function checkTarget(
  kind: 'release' | 'return',
  input: IssueInput,
  ctx: IssueContext,
): { errors: ClawbackError[]; currency: string | null } {
  const targetId = String(input.target);
  const problem = (detail: string): { errors: ClawbackError[]; currency: null } => ({
    errors: [
      new ClawbackError('CB_E_ORDER_TARGET', { target: targetId, detail }, { path: '$.target' }),
    ],
    currency: null,
  });
  const target = ctx.orders.find((o) => o.id === targetId);
  if (target === undefined) return problem(`no such order in case ${input.caseId}`);
  const acceptable = kind === 'release' ? ['stop_payment', 'freeze'] : ['freeze'];
  if (!acceptable.includes(target.kind)) {
    return problem(`is a ${target.kind}; a ${kind} acts on ${acceptable.join(' or ')} orders`);
  }
  if (target.caseId !== input.caseId)
    return problem(`belongs to case ${target.caseId}, not ${input.caseId}`);
  if (target.account !== input.account)
    return problem(`is on account ${target.account}, not ${input.account}`);
  if (target.institution !== input.institution) {
    return problem(`is addressed to ${target.institution}, not ${input.institution}`);
  }
  const state = effectiveState(target, ctx.now);
  if (state !== 'executed') {
    return problem(
      `is ${state}; only an executed ${acceptable.join(' or ')} holds money to ${kind}`,
    );
  }
  const errors: ClawbackError[] = [];
  if (!absent(input.currency) && input.currency !== target.currency) {
    errors.push(
      new ClawbackError(
        'CB_E_CURRENCY_MISMATCH',
        { detail: `target order ${target.id} is in ${target.currency}` },
        { path: '$.currency', value: String(input.currency) },
      ),
    );
  }
  if (typeof input.amount === 'number' && input.amount > target.held) {
    errors.push(
      new ClawbackError(
        'CB_E_ORDER_AMOUNT_EXCEEDS',
        {
          what: `${kind} amount`,
          amount: input.amount,
          limit: target.held,
          why: `the amount order ${target.id} holds`,
        },
        { path: '$.amount' },
      ),
    );
  }
  if (kind === 'return') {
    const e = decisionProblem(String(input.returnDecision), input.caseId, ctx.returnDecisions);
    if (e !== undefined) errors.push(e);
  }
  return { errors, currency: target.currency };
}

/** Why a return decision may not be used for a return in `caseId`, or undefined. */
export function decisionProblem(
  id: string,
  caseId: string,
  decisions: ReadonlyMap<string, ReturnDecisionFacts> | undefined,
): ClawbackError | undefined {
  const d = decisions?.get(id);
  const problem = (detail: string): ClawbackError =>
    new ClawbackError(
      'CB_E_ORDER_DECISION',
      { decision: id, detail },
      { path: '$.returnDecision' },
    );
  if (d === undefined) return problem('not found');
  if (d.caseId !== caseId) return problem(`belongs to case ${d.caseId}, not ${caseId}`);
  if (!d.approved) return problem('is not approved');
  return undefined;
}
