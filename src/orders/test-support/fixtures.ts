// Builders for order tests: a case 'c1' of authority 'police-1' on account 'A' at 'bank-a'.
import {
  type ActionInput,
  type Applied,
  applyAction,
  DEFAULT_ORDER_LIMITS,
  type IssueContext,
  type IssueInput,
  issueOrder,
  type Order,
  type OrderAction,
  type OrderLimits,
  type Outcome,
  unwrap,
} from '../index.js';

export const HOUR = 3_600_000;
export const T0 = Date.UTC(2026, 0, 10, 10, 0, 0);

export function input(kind: string, over: Partial<IssueInput> = {}): IssueInput {
  const base: IssueInput = {
    kind,
    caseId: 'c1',
    account: 'A',
    institution: 'bank-a',
    reason: 'telecom fraud case c1',
  };
  if (kind === 'stop_payment' || kind === 'freeze') {
    return { ...base, amount: 1000_00, currency: 'CNY', ...over };
  }
  if (kind === 'query') return { ...base, period: { from: T0 - 30 * 24 * HOUR, to: T0 }, ...over };
  return { ...base, ...over };
}

export function context(over: Partial<IssueContext> = {}): IssueContext {
  return {
    id: 'o1',
    now: T0,
    actor: 'officer-9',
    authority: 'police-1',
    orders: [],
    limits: DEFAULT_ORDER_LIMITS,
    ...over,
  };
}

export function issued(
  kind: string,
  over: Partial<IssueInput> = {},
  ctx: Partial<IssueContext> = {},
): Order {
  return unwrap(issueOrder(input(kind, over), context(ctx))).order;
}

export function act(
  order: Order,
  action: OrderAction,
  extra: ActionInput = {},
  now = T0 + HOUR,
  limits: OrderLimits = DEFAULT_ORDER_LIMITS,
): Outcome<Applied> {
  return applyAction(order, action, 'clerk-1', extra, now, limits);
}

/** Issued, acknowledged and executed (holding `held`, default all) at `at`. */
export function executed(
  kind: 'stop_payment' | 'freeze',
  over: Partial<IssueInput> = {},
  ctx: Partial<IssueContext> = {},
  held?: number,
  at = T0 + HOUR,
): Order {
  const o = issued(kind, over, ctx);
  const ack = unwrap(act(o, 'acknowledge', {}, at)).order;
  return unwrap(act(ack, 'execute', { held: held ?? o.amount ?? 0 }, at)).order;
}

/** The error codes of a failed outcome (fails the test if it succeeded). */
export function codes<T>(outcome: Outcome<T>): string[] {
  if (outcome.ok) throw new Error('expected a failure, got success');
  return outcome.errors.map((e) => e.code);
}
