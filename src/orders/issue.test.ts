import { describe, expect, it } from 'vitest';
import { DEFAULT_ORDER_LIMITS, issueOrder, type ReturnDecisionFacts } from './index.js';
import { codes, context, executed, HOUR, input, issued, T0 } from './test-support/fixtures.js';

describe('issueOrder', () => {
  it('issues a freeze with its event', () => {
    const r = issueOrder(input('freeze'), context());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const { order, event } = r.value;
    expect(order).toMatchObject({
      id: 'o1',
      kind: 'freeze',
      state: 'issued',
      amount: 1000_00,
      currency: 'CNY',
      authority: 'police-1',
      issuedBy: 'officer-9',
      issuedAt: T0,
      held: 0,
      renewals: 0,
    });
    expect(event).toMatchObject({ orderId: 'o1', action: 'issue', from: null, to: 'issued' });
    expect(event.actor).toBe('officer-9');
    expect(event.at).toBe(T0);
  });
  it('gives a stop_payment its 48 h deadline at issue', () => {
    expect(issued('stop_payment').expiresAt).toBe(T0 + 48 * HOUR);
    expect(issued('query').expiresAt).toBeNull();
  });
  it('needs a positive integer amount and a known currency for holds', () => {
    expect(codes(issueOrder(input('freeze', { amount: 0 }), context()))).toEqual([
      'CB_E_NONPOSITIVE_AMOUNT',
    ]);
    expect(codes(issueOrder(input('freeze', { amount: -5 }), context()))).toEqual([
      'CB_E_NONPOSITIVE_AMOUNT',
    ]);
    expect(codes(issueOrder(input('stop_payment', { amount: 1.5 }), context()))).toEqual([
      'CB_E_BAD_AMOUNT',
    ]);
    expect(codes(issueOrder(input('stop_payment', { amount: 2 ** 60 }), context()))).toEqual([
      'CB_E_BAD_AMOUNT',
    ]);
    expect(codes(issueOrder(input('freeze', { amount: null }), context()))).toEqual([
      'CB_E_ORDER_INPUT',
    ]);
    expect(codes(issueOrder(input('freeze', { currency: 'XYZ' }), context()))).toEqual([
      'CB_E_UNKNOWN_CURRENCY',
    ]);
  });
  it('needs a period and no amount for a query', () => {
    expect(codes(issueOrder(input('query', { period: null }), context()))).toEqual([
      'CB_E_ORDER_INPUT',
    ]);
    expect(
      codes(issueOrder(input('query', { amount: 5, period: { from: T0, to: T0 } }), context())),
    ).toEqual(['CB_E_ORDER_INPUT', 'CB_E_ORDER_INPUT']);
    expect(codes(issueOrder(input('query', { period: { from: 1.5, to: T0 } }), context()))).toEqual(
      ['CB_E_BAD_TIMESTAMP'],
    );
    expect(issued('query').period).toEqual({ from: T0 - 30 * 24 * HOUR, to: T0 });
  });
  it('rejects unknown kinds, blank fields and reused ids, naming the field', () => {
    const r = issueOrder(input('seize'), context());
    expect(codes(r)).toEqual(['CB_E_ORDER_KIND']);
    const blank = issueOrder(input('freeze', { reason: ' ', account: '' }), context());
    expect(blank.ok ? [] : blank.errors.map((e) => e.place.path)).toEqual([
      '$.account',
      '$.reason',
    ]);
    const first = issued('freeze');
    expect(codes(issueOrder(input('freeze'), context({ orders: [first] })))).toEqual([
      'CB_E_ORDER_DUPLICATE',
    ]);
  });
  it('allows at most 2 stop_payments per account per case, not counting rejected ones', () => {
    const a = issued('stop_payment', {}, { id: 's1' });
    const b = issued('stop_payment', {}, { id: 's2' });
    const third = issueOrder(input('stop_payment'), context({ id: 's3', orders: [a, b] }));
    expect(codes(third)).toEqual(['CB_E_ORDER_LIMIT_REACHED']);
    expect(third.ok ? '' : third.errors[0].message).toBe(
      'account A already has 2 stop-payment orders in case c1; the limit is 2',
    );
    // other case, other account: not counted
    expect(
      issueOrder(input('stop_payment', { caseId: 'c2' }), context({ orders: [a, b] })).ok,
    ).toBe(true);
    expect(
      issueOrder(input('stop_payment', { account: 'B' }), context({ orders: [a, b] })).ok,
    ).toBe(true);
    const rejected = { ...b, state: 'rejected' as const };
    expect(issueOrder(input('stop_payment'), context({ orders: [a, rejected] })).ok).toBe(true);
    const three = { ...DEFAULT_ORDER_LIMITS, stopPaymentsPerAccountPerCase: 3 };
    expect(issueOrder(input('stop_payment'), context({ orders: [a, b], limits: three })).ok).toBe(
      true,
    );
  });
  it('keeps the holds of an account in one currency', () => {
    const a = issued('freeze', {}, { id: 'f1' });
    expect(
      codes(issueOrder(input('stop_payment', { currency: 'USD' }), context({ orders: [a] }))),
    ).toEqual(['CB_E_CURRENCY_MISMATCH']);
  });
});

describe('issueOrder: release', () => {
  const frozen = executed('freeze', {}, { id: 'f1' }, 600_00);
  const at = T0 + 2 * HOUR;
  it('targets an executed stop_payment or freeze of the same case and account', () => {
    const full = issueOrder(
      input('release', { target: 'f1' }),
      context({ now: at, orders: [frozen] }),
    );
    expect(full.ok && full.value.order).toMatchObject({
      kind: 'release',
      target: 'f1',
      amount: null,
      currency: 'CNY',
      expiresAt: null,
    });
    const part = issueOrder(
      input('release', { target: 'f1', amount: 100_00 }),
      context({ now: at, orders: [frozen] }),
    );
    expect(part.ok && part.value.order.amount).toBe(100_00);
  });
  it('refuses more than is held, and bad targets', () => {
    const ctx = context({ now: at, orders: [frozen] });
    expect(codes(issueOrder(input('release', { target: 'f1', amount: 600_01 }), ctx))).toEqual([
      'CB_E_ORDER_AMOUNT_EXCEEDS',
    ]);
    expect(codes(issueOrder(input('release'), ctx))).toEqual(['CB_E_ORDER_INPUT']);
    expect(codes(issueOrder(input('release', { target: 'nope' }), ctx))).toEqual([
      'CB_E_ORDER_TARGET',
    ]);
    expect(codes(issueOrder(input('release', { target: 'f1', account: 'B' }), ctx))).toEqual([
      'CB_E_ORDER_TARGET',
    ]);
    expect(codes(issueOrder(input('release', { target: 'f1', caseId: 'c2' }), ctx))).toEqual([
      'CB_E_ORDER_TARGET',
    ]);
    const pending = issued('freeze', {}, { id: 'f2' });
    const r = issueOrder(input('release', { target: 'f2' }), context({ orders: [pending] }));
    expect(r.ok ? '' : r.errors[0].reason).toBe(
      'target order f2: is issued; only an executed stop_payment or freeze holds money to release',
    );
    const q = issued('query', {}, { id: 'q1' });
    expect(codes(issueOrder(input('release', { target: 'q1' }), context({ orders: [q] })))).toEqual(
      ['CB_E_ORDER_TARGET'],
    );
  });
  it('refuses a target that has lapsed by now', () => {
    const stop = executed('stop_payment', {}, { id: 's1' });
    const ctx = context({ now: T0 + 48 * HOUR, orders: [stop] });
    expect(codes(issueOrder(input('release', { target: 's1' }), ctx))).toEqual([
      'CB_E_ORDER_TARGET',
    ]);
  });
});

describe('issueOrder: return', () => {
  const frozen = executed('freeze', {}, { id: 'f1' }, 600_00);
  const decisions = new Map<string, ReturnDecisionFacts>([
    ['d1', { id: 'd1', caseId: 'c1', approved: true }],
    ['d2', { id: 'd2', caseId: 'c1', approved: false }],
    ['d3', { id: 'd3', caseId: 'c9', approved: true }],
  ]);
  const ctx = context({ now: T0 + 2 * HOUR, orders: [frozen], returnDecisions: decisions });
  it('needs an approved decision of the case and an executed freeze', () => {
    const r = issueOrder(input('return', { target: 'f1', returnDecision: 'd1' }), ctx);
    expect(r.ok && r.value.order).toMatchObject({ returnDecision: 'd1', target: 'f1' });
    for (const d of ['d2', 'd3', 'd4']) {
      expect(codes(issueOrder(input('return', { target: 'f1', returnDecision: d }), ctx))).toEqual([
        'CB_E_ORDER_DECISION',
      ]);
    }
    expect(codes(issueOrder(input('return', { target: 'f1' }), ctx))).toEqual(['CB_E_ORDER_INPUT']);
  });
  it('returns only from a freeze, not from a stop_payment', () => {
    const stop = executed('stop_payment', {}, { id: 's1' });
    const c = context({ orders: [stop], returnDecisions: decisions, now: T0 + 2 * HOUR });
    expect(codes(issueOrder(input('return', { target: 's1', returnDecision: 'd1' }), c))).toEqual([
      'CB_E_ORDER_TARGET',
    ]);
  });
});
