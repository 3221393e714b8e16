import { describe, expect, it } from 'vitest';
import { effectiveState, expireDue, expireOrder, unwrap } from './index.js';
import { act, executed, HOUR, issued, T0 } from './test-support/fixtures.js';

describe('stop_payment lapses 48 h after issue, whatever its state', () => {
  it('is active one millisecond before the boundary and expired exactly at it', () => {
    const boundary = T0 + 48 * HOUR;
    for (const o of [
      issued('stop_payment'),
      unwrap(act(issued('stop_payment'), 'acknowledge')).order,
      executed('stop_payment'),
    ]) {
      expect(effectiveState(o, boundary - 1)).toBe(o.state);
      expect(effectiveState(o, boundary)).toBe('expired');
      expect(expireOrder(o, boundary - 1)).toBeUndefined();
      const e = expireOrder(o, boundary + 5 * HOUR);
      expect(e?.order).toMatchObject({ state: 'expired', held: 0, endedAt: boundary });
      expect(e?.event).toMatchObject({
        action: 'expire',
        from: o.state,
        to: 'expired',
        actor: 'system',
        at: boundary,
      });
    }
  });
});

describe('freeze', () => {
  it('lapses at its expiry unless renewed before it', () => {
    const f = executed('freeze');
    const expiry = f.expiresAt!;
    expect(effectiveState(f, expiry - 1)).toBe('executed');
    expect(effectiveState(f, expiry)).toBe('expired');
    const renewed = unwrap(act(f, 'renew', {}, expiry - 1)).order;
    expect(effectiveState(renewed, expiry)).toBe('executed');
    expect(effectiveState(renewed, renewed.expiresAt!)).toBe('expired');
  });
  it('an issued freeze never executed lapses one freeze term after issue', () => {
    const f = issued('freeze');
    expect(f.expiresAt).toBe(Date.parse('2026-07-10T10:00:00Z'));
    expect(effectiveState(f, f.expiresAt! - 1)).toBe('issued');
    expect(effectiveState(f, f.expiresAt!)).toBe('expired');
    const late = unwrap(act(f, 'acknowledge', {}, f.expiresAt! - 1)).order;
    expect(act(late, 'execute', { held: 1 }, f.expiresAt!).ok).toBe(false);
  });
});

describe('what never lapses', () => {
  it('final states, queries, releases', () => {
    const far = T0 + 10 * 366 * 24 * HOUR;
    const released = unwrap(act(executed('freeze'), 'release', {})).order;
    const rejected = unwrap(act(issued('stop_payment'), 'reject', { reason: 'x' })).order;
    expect(effectiveState(released, far)).toBe('released');
    expect(effectiveState(rejected, far)).toBe('rejected');
    expect(effectiveState(issued('query'), far)).toBe('issued');
  });
});

describe('expireDue', () => {
  it('expires exactly the lapsed orders, in input order, and is idempotent', () => {
    const s = executed('stop_payment', {}, { id: 's1' });
    const f = executed('freeze', {}, { id: 'f1' });
    const q = issued('query', {}, { id: 'q1' });
    const now = T0 + 49 * HOUR;
    const due = expireDue([q, f, s], now);
    expect(due.map((d) => d.order.id)).toEqual(['s1']);
    expect(expireDue([due[0]!.order, f, q], now)).toEqual([]);
    expect(expireDue([s, f], f.expiresAt!).map((d) => d.order.id)).toEqual(['s1', 'f1']);
  });
});
