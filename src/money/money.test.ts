import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { currencyOf, formatMinor, parseAmount, splitExact } from './index.js';

describe('currency', () => {
  it('knows ISO 4217 minor digits', () => {
    expect(currencyOf('CNY')?.digits).toBe(2);
    expect(currencyOf('JPY')?.digits).toBe(0);
    expect(currencyOf('BHD')?.digits).toBe(3);
    expect(currencyOf('XXX1')).toBeUndefined();
  });
});

describe('parseAmount', () => {
  it('parses decimals into minor units', () => {
    expect(parseAmount('12.5', 2)).toEqual({ ok: true, minor: 1250 });
    expect(parseAmount('0.01', 2)).toEqual({ ok: true, minor: 1 });
    expect(parseAmount('.5', 2)).toEqual({ ok: true, minor: 50 });
    expect(parseAmount('7', 0)).toEqual({ ok: true, minor: 7 });
    expect(parseAmount('1.230', 2)).toEqual({ ok: true, minor: 123 });
    expect(parseAmount('1.500', 3)).toEqual({ ok: true, minor: 1500 });
  });
  it('rejects bad amounts with a reason', () => {
    expect(parseAmount('12.345', 2)).toEqual({ ok: false, problem: 'too_many_decimals' });
    expect(parseAmount('-5', 2)).toEqual({ ok: false, problem: 'negative' });
    expect(parseAmount('0.00', 2)).toEqual({ ok: false, problem: 'zero' });
    expect(parseAmount('0', 2, true)).toEqual({ ok: true, minor: 0 });
    expect(parseAmount('', 2)).toEqual({ ok: false, problem: 'empty' });
    for (const s of ['1,5', '1.', '.', 'abc', '1e5', '+1', ' 1', '1.2.3', '１']) {
      expect(parseAmount(s, 2)).toEqual({ ok: false, problem: 'malformed' });
    }
    expect(parseAmount('99999999999999999999', 2)).toEqual({ ok: false, problem: 'too_large' });
  });
  it('round-trips with formatMinor', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 50 }), fc.constantFrom(0, 2, 3), (m, d) => {
        expect(parseAmount(formatMinor(m, d), d)).toEqual({ ok: true, minor: m });
      }),
    );
  });
  it('formats', () => {
    expect(formatMinor(123456, 2)).toBe('1234.56');
    expect(formatMinor(5, 2)).toBe('0.05');
    expect(formatMinor(0, 2)).toBe('0.00');
    expect(formatMinor(-5, 3)).toBe('-0.005');
    expect(formatMinor(42, 0)).toBe('42');
  });
});

describe('splitExact', () => {
  it('follows the largest remainder method with ties to the lower index', () => {
    const out = [0, 0, 0];
    splitExact(10000, [1, 1, 1], 3, out);
    expect(out).toEqual([3334, 3333, 3333]);
    splitExact(70000, [100000, 50000, 0], 150000, out);
    expect(out).toEqual([46667, 23333, 0]);
  });
  it('matches a reference implementation of the tie rule exactly (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 1, maxLength: 200 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.boolean(),
        (small, amountSeed, big) => {
          const weights = small.map((w) => (big ? w * 2 ** 40 + w : w));
          const total = weights.reduce((a, b) => a + b, 0);
          fc.pre(total > 0);
          const amount = amountSeed % (total + 1);
          const out = new Array<number>(weights.length).fill(0);
          splitExact(amount, weights, total, out);
          // Reference: BigInt floors, then sort by (remainder desc, index asc).
          const a = BigInt(amount);
          const t = BigInt(total);
          const ref = weights.map((w) => (a * BigInt(w)) / t);
          const rems = weights.map((w, i) => ({ r: (a * BigInt(w)) % t, i }));
          let left = a - ref.reduce((x, y) => x + y, 0n);
          rems.sort((x, y) => (x.r > y.r ? -1 : x.r < y.r ? 1 : x.i - y.i));
          for (const { i } of rems) {
            if (left-- <= 0n) break;
            ref[i] = ref[i]! + 1n;
          }
          expect(out.map(BigInt)).toEqual(amount === total ? weights.map(BigInt) : ref);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('never creates or loses a unit, and each part is floor or ceil of its quota', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 2 ** 40 }), { minLength: 1, maxLength: 30 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (weights, f) => {
          const total = weights.reduce((a, b) => a + b, 0);
          fc.pre(total > 0);
          const amount = Math.floor(total * f);
          const out = new Array<number>(weights.length).fill(0);
          splitExact(amount, weights, total, out);
          expect(out.reduce((a, b) => a + b, 0)).toBe(amount);
          weights.forEach((w, i) => {
            const quota = (BigInt(amount) * BigInt(w)) / BigInt(total);
            const got = BigInt(out[i]!);
            expect(got === quota || got === quota + 1n).toBe(true);
            expect(out[i]!).toBeLessThanOrEqual(w);
          });
        },
      ),
    );
  });
});
