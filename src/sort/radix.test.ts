import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { radixOrder } from './radix.js';

describe('radixOrder', () => {
  it('orders positions as a stable sort by key does, for any digit width (property)', () => {
    fc.assert(
      fc.property(
        fc
          .constantFrom(3, 8, 17, 31, 32)
          .chain((b) => fc.array(fc.nat(2 ** b - 1), { maxLength: 300, size: 'max' })),
        fc.constantFrom(1, 5, 8, 11, 16),
        fc.boolean(),
        (values, bits, shuffled) => {
          const n = values.length;
          const keys = Uint32Array.from(values);
          // Any starting order: stability is relative to it.
          const start = Array.from({ length: n }, (_, i) => (shuffled ? (i * 7 + 3) % n : i));
          if (shuffled && new Set(start).size !== n) return;
          const order = Uint32Array.from(start);
          const max = values.reduce((m, x) => Math.max(m, x), 0);
          const got = radixOrder(
            keys,
            order,
            new Uint32Array(n),
            n,
            max,
            bits,
            new Uint32Array(1 << bits),
          );
          const want = [...start].sort((a, b) => keys[a]! - keys[b]!); // stable
          expect([...got.subarray(0, n)]).toEqual(want);
        },
      ),
      { numRuns: 300 },
    );
  });
});
