import { describe, expect, it } from 'vitest';
import { addMonthsUtc, DEFAULT_ORDER_LIMITS, parseOrderLimits } from './index.js';
import { codes } from './test-support/fixtures.js';

describe('parseOrderLimits', () => {
  it('fills defaults and freezes', () => {
    const r = parseOrderLimits({ stopPaymentHours: 72 });
    expect(r.ok && r.value).toEqual({ ...DEFAULT_ORDER_LIMITS, stopPaymentHours: 72 });
    expect(r.ok && Object.isFrozen(r.value)).toBe(true);
    expect(Object.isFrozen(DEFAULT_ORDER_LIMITS)).toBe(true);
    expect(parseOrderLimits(undefined)).toEqual({ ok: true, value: DEFAULT_ORDER_LIMITS });
    expect(parseOrderLimits({})).toEqual({ ok: true, value: DEFAULT_ORDER_LIMITS });
  });
  it('rejects nonsense, every problem at once', () => {
    const r = parseOrderLimits({
      stopPaymentHours: -1,
      freezeMonths: 1.5,
      freezeRenewalMonths: '6',
      stopPaymentsPerAccountPerCase: 0,
      freezeDays: 180,
    });
    expect(codes(r)).toEqual(Array(5).fill('CB_E_ORDER_LIMITS'));
    expect(r.ok ? [] : r.errors.map((e) => e.message)).toEqual([
      'order limit freezeDays: unknown limit; expected one of stopPaymentHours, stopPaymentsPerAccountPerCase, freezeMonths, freezeRenewalMonths',
      'order limit stopPaymentHours: must be between 1 and 878400, got -1',
      'order limit stopPaymentsPerAccountPerCase: must be between 1 and 1000000, got 0',
      'order limit freezeMonths: must be an integer',
      'order limit freezeRenewalMonths: must be an integer',
    ]);
    expect(codes(parseOrderLimits(null))).toEqual(['CB_E_ORDER_LIMITS']);
    expect(codes(parseOrderLimits([]))).toEqual(['CB_E_ORDER_LIMITS']);
    expect(codes(parseOrderLimits({ freezeMonths: Number.NaN }))).toEqual(['CB_E_ORDER_LIMITS']);
    expect(codes(parseOrderLimits({ freezeMonths: 100_000 }))).toEqual(['CB_E_ORDER_LIMITS']);
  });
});

describe('addMonthsUtc', () => {
  const at = (s: string): number => Date.parse(s);
  it('clamps the day to the end of a shorter month', () => {
    expect(addMonthsUtc(at('2025-08-31T10:15:00Z'), 6)).toBe(at('2026-02-28T10:15:00Z'));
    expect(addMonthsUtc(at('2027-08-31T00:00:00Z'), 6)).toBe(at('2028-02-29T00:00:00Z'));
    expect(addMonthsUtc(at('2026-03-31T23:59:59.999Z'), 6)).toBe(at('2026-09-30T23:59:59.999Z'));
    expect(addMonthsUtc(at('2026-05-31T12:00:00Z'), 1)).toBe(at('2026-06-30T12:00:00Z'));
  });
  it('crosses years and keeps days that exist', () => {
    expect(addMonthsUtc(at('2026-09-15T08:00:00Z'), 6)).toBe(at('2027-03-15T08:00:00Z'));
    expect(addMonthsUtc(at('2026-01-31T00:00:00Z'), 12)).toBe(at('2027-01-31T00:00:00Z'));
    expect(addMonthsUtc(at('2026-02-28T00:00:00Z'), 6)).toBe(at('2026-08-28T00:00:00Z'));
  });
  it('counts in UTC, not in local time', () => {
    // 2026-02-28T20:00-05:00 is 1 March in UTC: six months later is 1 September UTC
    expect(addMonthsUtc(at('2026-02-28T20:00:00-05:00'), 6)).toBe(at('2026-09-01T01:00:00Z'));
  });
});
