import { describe, expect, it } from 'vitest';
import { activeHolds, checkPayment, holdsOn, unwrap } from './index.js';
import { act, executed, HOUR, issued, T0 } from './test-support/fixtures.js';

describe('holds', () => {
  const f = executed('freeze', {}, { id: 'f1' }, 300_00);
  const s = executed('stop_payment', { amount: 200_00 }, { id: 's1' });
  const other = executed('freeze', { account: 'B' }, { id: 'f2' });
  const pending = issued('freeze', {}, { id: 'f3' });
  const all = [f, s, other, pending];
  it('add up over executed stop_payments and freezes of the account', () => {
    expect(holdsOn('A', all, T0 + 2 * HOUR)).toBe(500_00);
    expect(holdsOn('B', all, T0 + 2 * HOUR)).toBe(1000_00);
    expect(holdsOn('C', all, T0 + 2 * HOUR)).toBe(0);
    expect(activeHolds('A', all, T0 + 2 * HOUR).map((h) => h.orderId)).toEqual(['f1', 's1']);
  });
  it('drop a stop_payment at 48 h and follow partial releases', () => {
    expect(holdsOn('A', all, T0 + 48 * HOUR)).toBe(300_00);
    const part = unwrap(act(f, 'release', { amount: 100_00 })).order;
    expect(holdsOn('A', [part, s], T0 + 2 * HOUR)).toBe(400_00);
    const gone = unwrap(act(part, 'release', {})).order;
    expect(holdsOn('A', [gone, s], T0 + 2 * HOUR)).toBe(200_00);
  });
  it('block a payment that would leave the balance below the holds', () => {
    const now = T0 + 2 * HOUR;
    expect(checkPayment('A', 500_00, all, now)).toEqual({ decision: 'allow', held: 500_00 });
    expect(checkPayment('A', 499_99, all, now)).toEqual({
      decision: 'block',
      reasons: ['hold:f1', 'hold:s1'],
      held: 500_00,
      shortfall: 1,
    });
    expect(checkPayment('C', -5, all, now)).toEqual({ decision: 'allow', held: 0 });
    expect(checkPayment('A', 300_00, all, T0 + 48 * HOUR)).toEqual({
      decision: 'allow',
      held: 300_00,
    });
  });
});
