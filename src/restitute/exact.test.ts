import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareRatios, mulDivMod, quotRem } from './exact.js';
import { select } from './leftover.js';

const MAX = Number.MAX_SAFE_INTEGER;

describe('mulDivMod', () => {
  const check = (a: number, b: number, d: number) => {
    const out = quotRem();
    mulDivMod(a, b, d, out);
    const p = BigInt(a) * BigInt(b);
    expect([out.q, out.r]).toEqual([Number(p / BigInt(d)), Number(p % BigInt(d))]);
  };

  it('is exact on the fast path, at its bounds and beyond them', () => {
    check(1_000_000, 3_000_000, 6_500_000);
    check(2 ** 50, 2 ** 50, 2 ** 50);
    check(2 ** 50 - 1, 2 ** 50 - 1, 2 ** 50);
    check(2 ** 50 - 3, 2 ** 50, 2 ** 50 - 1);
    check(MAX - 1, 2 ** 50, MAX);
    check(0, 12345, 7);
    check(7, 0, 7);
  });

  it('agrees with BigInt everywhere', () => {
    const big = fc.oneof(
      fc.integer({ min: 0, max: 1000 }),
      fc.integer({ min: 0, max: 2 ** 50 }),
      fc.integer({ min: 0, max: MAX }),
    );
    fc.assert(
      fc.property(big, big, big, (x, y, z) => {
        const d = Math.max(x, z, 1);
        check(Math.min(x, z), Math.min(y, 2 ** 50), d);
      }),
      { numRuns: 5000 },
    );
  });
});

describe('compareRatios', () => {
  it('compares exactly where floats cannot', () => {
    expect(compareRatios(1, 3, 2, 6)).toBe(0);
    expect(compareRatios(2 ** 50 + 1, 2 ** 50, 2 ** 50, 2 ** 50 - 1)).toBe(-1);
    fc.assert(
      fc.property(
        fc.nat(),
        fc.integer({ min: 1 }),
        fc.nat(),
        fc.integer({ min: 1 }),
        (a, b, c, d) => {
          const l = BigInt(a) * BigInt(d);
          const r = BigInt(c) * BigInt(b);
          expect(compareRatios(a, b, c, d)).toBe(l < r ? -1 : l > r ? 1 : 0);
        },
      ),
    );
  });
});

describe('select', () => {
  it('finds the k-th smallest, with many duplicates too', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 200 }),
        fc.nat(),
        (xs, k0) => {
          const k = k0 % xs.length;
          const sorted = [...xs].sort((a, b) => a - b);
          expect(select(Float64Array.from(xs), xs.length, k)).toBe(sorted[k]);
        },
      ),
    );
  });
});
