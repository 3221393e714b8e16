import { describe, expect, it } from 'vitest';
import {
  isAllowedTransition,
  ORDER_ACTIONS,
  ORDER_KINDS,
  ORDER_STATES,
  type Order,
  type OrderAction,
  type OrderState,
  unwrap,
} from './index.js';
import { act, codes, executed, HOUR, issued, T0 } from './test-support/fixtures.js';

const DECISION = { id: 'd1', caseId: 'c1', approved: true };
const MONTH_LATER = T0 + 24 * 30 * HOUR;

describe('the happy path of every kind', () => {
  it('acknowledge, then execute, with one event each', () => {
    for (const kind of ['query', 'stop_payment', 'freeze'] as const) {
      const o = issued(kind);
      const ack = unwrap(act(o, 'acknowledge'));
      expect(ack.order.state).toBe('acknowledged');
      expect(ack.order.acknowledgedAt).toBe(T0 + HOUR);
      expect(ack.event).toMatchObject({ from: 'issued', to: 'acknowledged', actor: 'clerk-1' });
      const held = kind === 'query' ? {} : { held: 1000_00 };
      const ex = unwrap(act(ack.order, 'execute', held, T0 + 2 * HOUR));
      expect(ex.order.state).toBe('executed');
      expect(ex.order.executedAt).toBe(T0 + 2 * HOUR);
      expect(ex.event).toMatchObject({ action: 'execute', from: 'acknowledged', to: 'executed' });
    }
  });
  it('a freeze lasts 6 calendar months from execution; a stop_payment keeps 48 h from issue', () => {
    const at = Date.parse('2026-08-31T09:00:00Z');
    const f = executed('freeze', {}, { now: at - HOUR }, undefined, at);
    expect(f.expiresAt).toBe(Date.parse('2027-02-28T09:00:00Z'));
    const s = executed('stop_payment', {}, {}, undefined, T0 + 47 * HOUR);
    expect(s.expiresAt).toBe(T0 + 48 * HOUR);
  });
});

describe('execute', () => {
  const ack = unwrap(act(issued('freeze'), 'acknowledge')).order;
  it('records a partial execution', () => {
    const r = unwrap(act(ack, 'execute', { held: 250_00 }));
    expect(r.order).toMatchObject({ held: 250_00, heldAtExecution: 250_00, amount: 1000_00 });
    expect(r.event.details).toMatchObject({ held: 250_00, ordered: 1000_00, partial: 1 });
  });
  it('needs 0 < held <= ordered', () => {
    expect(codes(act(ack, 'execute', { held: 0 }))).toEqual(['CB_E_NONPOSITIVE_AMOUNT']);
    expect(codes(act(ack, 'execute', {}))).toEqual(['CB_E_BAD_AMOUNT']);
    expect(codes(act(ack, 'execute', { held: 1000_01 }))).toEqual(['CB_E_ORDER_AMOUNT_EXCEEDS']);
    expect(unwrap(act(ack, 'execute', { held: 1000_00 })).order.held).toBe(1000_00);
  });
  it('needs an acknowledgement first', () => {
    const r = act(issued('freeze'), 'execute', { held: 1 });
    expect(codes(r)).toEqual(['CB_E_ORDER_TRANSITION']);
    expect(r.ok ? '' : r.errors[0].message).toBe(
      'cannot execute freeze order o1 in state issued: acknowledge it first',
    );
  });
  it('a query holds nothing', () => {
    const q = unwrap(act(issued('query'), 'acknowledge')).order;
    expect(codes(act(q, 'execute', { held: 5 }))).toEqual(['CB_E_ORDER_INPUT']);
  });
});

describe('reject', () => {
  it('needs a reason, from issued or acknowledged', () => {
    const o = issued('stop_payment');
    expect(codes(act(o, 'reject', {}))).toEqual(['CB_E_ORDER_INPUT']);
    expect(codes(act(o, 'reject', { reason: '  ' }))).toEqual(['CB_E_ORDER_INPUT']);
    const r = unwrap(act(o, 'reject', { reason: 'account closed' }));
    expect(r.order).toMatchObject({ state: 'rejected', rejection: 'account closed' });
    expect(r.event.reason).toBe('account closed');
    const ack = unwrap(act(o, 'acknowledge')).order;
    expect(unwrap(act(ack, 'reject', { reason: 'no such account' })).order.state).toBe('rejected');
    expect(codes(act(executed('freeze'), 'reject', { reason: 'x' }))).toEqual([
      'CB_E_ORDER_TRANSITION',
    ]);
  });
});

describe('renew', () => {
  const f = executed('freeze');
  it('extends the expiry by 6 months from the current expiry, before it', () => {
    const before = f.expiresAt! - 1;
    const r = unwrap(act(f, 'renew', {}, before));
    expect(r.order.renewals).toBe(1);
    expect(r.order.expiresAt).toBe(Date.parse('2027-01-10T11:00:00Z'));
    expect(r.event).toMatchObject({ from: 'executed', to: 'executed', action: 'renew' });
    const again = unwrap(act(r.order, 'renew', {}, before + HOUR));
    expect(again.order).toMatchObject({
      renewals: 2,
      expiresAt: Date.parse('2027-07-10T11:00:00Z'),
    });
  });
  it('is refused at and after the expiry, and for anything but an executed freeze', () => {
    const r = act(f, 'renew', {}, f.expiresAt!);
    expect(codes(r)).toEqual(['CB_E_ORDER_LAPSED']);
    expect(r.ok ? '' : r.errors[0].message).toBe(
      'cannot renew freeze order o1: it lapsed at 2026-07-10T11:00:00.000Z',
    );
    expect(codes(act(f, 'renew', {}, f.expiresAt! + 1))).toEqual(['CB_E_ORDER_LAPSED']);
    expect(codes(act(issued('freeze'), 'renew'))).toEqual(['CB_E_ORDER_TRANSITION']);
    expect(codes(act(executed('stop_payment'), 'renew'))).toEqual(['CB_E_ORDER_TRANSITION']);
  });
  it('counts a renewal from a clamped expiry', () => {
    const at = Date.parse('2026-08-31T00:00:00Z');
    const g = executed('freeze', {}, { now: at }, undefined, at);
    expect(g.expiresAt).toBe(Date.parse('2027-02-28T00:00:00Z'));
    const r = unwrap(act(g, 'renew', {}, at + HOUR));
    expect(r.order.expiresAt).toBe(Date.parse('2027-08-28T00:00:00Z'));
  });
});

describe('release and return on the hold itself', () => {
  const f = executed('freeze', {}, {}, 600_00);
  it('releases partly, then fully', () => {
    const part = unwrap(act(f, 'release', { amount: 200_00 }, MONTH_LATER));
    expect(part.order).toMatchObject({ state: 'executed', held: 400_00, released: 200_00 });
    expect(part.event.details).toMatchObject({ amount: 200_00, heldAfter: 400_00, partial: 1 });
    const rest = unwrap(act(part.order, 'release', {}, MONTH_LATER + 1));
    expect(rest.order).toMatchObject({ state: 'released', held: 0, released: 600_00 });
    expect(rest.order.endedAt).toBe(MONTH_LATER + 1);
  });
  it('a partial release of everything held ends the hold', () => {
    expect(unwrap(act(f, 'release', { amount: 600_00 })).order.state).toBe('released');
    expect(codes(act(f, 'release', { amount: 600_01 }))).toEqual(['CB_E_ORDER_AMOUNT_EXCEEDS']);
    expect(codes(act(f, 'release', { amount: 0 }))).toEqual(['CB_E_NONPOSITIVE_AMOUNT']);
  });
  it('releases a stop_payment, only within its 48 h', () => {
    const s = executed('stop_payment');
    expect(unwrap(act(s, 'release', {}, T0 + 48 * HOUR - 1)).order.state).toBe('released');
    expect(codes(act(s, 'release', {}, T0 + 48 * HOUR))).toEqual(['CB_E_ORDER_LAPSED']);
  });
  it('returns from a freeze with an approved decision', () => {
    const part = unwrap(act(f, 'return', { amount: 100_00, returnDecision: DECISION }));
    expect(part.order).toMatchObject({ state: 'executed', held: 500_00, returned: 100_00 });
    expect(unwrap(act(part.order, 'return', { returnDecision: DECISION })).order).toMatchObject({
      state: 'returned',
      held: 0,
      returned: 600_00,
    });
    expect(codes(act(f, 'return', {}))).toEqual(['CB_E_ORDER_INPUT']);
    expect(codes(act(f, 'return', { returnDecision: { ...DECISION, approved: false } }))).toEqual([
      'CB_E_ORDER_DECISION',
    ]);
    expect(codes(act(executed('stop_payment'), 'return', { returnDecision: DECISION }))).toEqual([
      'CB_E_ORDER_TRANSITION',
    ]);
  });
});

describe('executing release and return orders', () => {
  const f = executed('freeze', {}, { id: 'f1' }, 600_00);
  const orderFor = (kind: 'release' | 'return', amount?: number): Order => {
    const o = issued(
      kind,
      { target: 'f1', amount: amount ?? null, returnDecision: kind === 'return' ? 'd1' : null },
      {
        id: `${kind}-1`,
        orders: [f],
        now: T0 + 2 * HOUR,
        returnDecisions: new Map([['d1', DECISION]]),
      },
    );
    return unwrap(act(o, 'acknowledge', {}, T0 + 3 * HOUR)).order;
  };
  it('a partial release order reduces the target hold', () => {
    const r = unwrap(act(orderFor('release', 150_00), 'execute', { target: f }, T0 + 4 * HOUR));
    expect(r.order.state).toBe('executed');
    expect(r.event.details).toMatchObject({ target: 'f1', amount: 150_00 });
    expect(r.target?.order).toMatchObject({ id: 'f1', state: 'executed', held: 450_00 });
    expect(r.target?.event).toMatchObject({ orderId: 'f1', action: 'release', from: 'executed' });
    expect(r.target?.event.details['via']).toBe('release-1');
  });
  it('a full return order ends the freeze as returned', () => {
    const r = unwrap(act(orderFor('return'), 'execute', { target: f }, T0 + 4 * HOUR));
    expect(r.target?.order).toMatchObject({ state: 'returned', held: 0, returned: 600_00 });
  });
  it('needs the right target, still holding enough', () => {
    expect(codes(act(orderFor('release'), 'execute', {}))).toEqual(['CB_E_ORDER_INPUT']);
    const other = { ...f, id: 'f9' };
    expect(codes(act(orderFor('release'), 'execute', { target: other }))).toEqual([
      'CB_E_ORDER_INPUT',
    ]);
    const shrunk = unwrap(act(f, 'release', { amount: 500_00 })).order;
    expect(codes(act(orderFor('release', 150_00), 'execute', { target: shrunk }))).toEqual([
      'CB_E_ORDER_AMOUNT_EXCEEDS',
    ]);
    const gone = unwrap(act(f, 'release', {})).order;
    expect(codes(act(orderFor('release'), 'execute', { target: gone }))).toEqual([
      'CB_E_ORDER_TRANSITION',
    ]);
  });
});

describe('every action from every state', () => {
  // a representative order of each kind in each state it can reach
  function inState(kind: (typeof ORDER_KINDS)[number], state: OrderState): Order {
    const o = issued(kind === 'release' || kind === 'return' ? 'query' : kind);
    return { ...o, kind, state, held: state === 'executed' ? 5 : 0, expiresAt: null };
  }
  const extra = {
    held: 5,
    reason: 'r',
    returnDecision: DECISION,
  };
  it('succeeds exactly where the transition table allows, else a 409 code', () => {
    for (const kind of ORDER_KINDS) {
      for (const state of ORDER_STATES) {
        for (const action of ORDER_ACTIONS) {
          const o = inState(kind, state);
          const input =
            (kind === 'release' || kind === 'return') && action === 'execute'
              ? { ...extra, target: null }
              : extra;
          const r = act(o, action as OrderAction, input);
          const legal = (
            ['executed', 'released', 'returned', 'acknowledged', 'rejected'] as const
          ).some((to) => isAllowedTransition(kind, action, state, to));
          if (!legal) {
            expect(codes(r), `${kind} ${state} ${action}`).toEqual(['CB_E_ORDER_TRANSITION']);
            expect(r.ok ? 0 : r.errors[0].httpStatus).toBe(409);
          } else if (r.ok) {
            expect(isAllowedTransition(kind, action, state, r.value.order.state)).toBe(true);
            expect(r.value.event).toMatchObject({ from: state, to: r.value.order.state, action });
          } else {
            // legal but needs a target the generic input does not give
            expect(codes(r)).toEqual(['CB_E_ORDER_INPUT']);
          }
        }
      }
    }
  });
});
