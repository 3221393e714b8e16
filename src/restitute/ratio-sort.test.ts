import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareRatios } from './exact.js';
import { sortByRatio } from './ratio-sort.js';

describe('sortByRatio', () => {
  it('orders exactly, also ratios a double cannot tell apart', () => {
    // 2^52+1 / 2^52 and 2^52+2 / (2^52+1) are equal as doubles
    const x = Float64Array.from([2 ** 52 + 2, 2 ** 52 + 1, 0, 3, 1]);
    const y = Float64Array.from([2 ** 52 + 1, 2 ** 52, 5, 3, 3]);
    const m = Int32Array.from([0, 1, 2, 3, 4]);
    sortByRatio(m, 5, x, y);
    expect(Array.from(m)).toEqual([2, 4, 3, 0, 1]);
  });

  it('agrees with an exact comparison sort', () => {
    const ratio = fc.tuple(
      fc.oneof(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 2 ** 53 - 1 })),
      fc.oneof(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 2 ** 53 - 1 })),
    );
    fc.assert(
      fc.property(fc.array(ratio, { maxLength: 60 }), (rs) => {
        const x = Float64Array.from(rs, (r) => r[0]);
        const y = Float64Array.from(rs, (r) => r[1]);
        const m = Int32Array.from(rs, (_, i) => i);
        sortByRatio(m, rs.length, x, y);
        for (let j = 1; j < rs.length; j++) {
          expect(
            compareRatios(x[m[j - 1]!]!, y[m[j - 1]!]!, x[m[j]!]!, y[m[j]!]!),
          ).toBeLessThanOrEqual(0);
        }
        expect(Array.from(m).sort((a, b) => a - b)).toEqual(rs.map((_, i) => i));
      }),
    );
  });
});
