import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sortByHopThenId } from './order.js';

const byHopThenId = (a: { hop: number; account: string }, b: { hop: number; account: string }) =>
  a.hop - b.hop || (a.account < b.account ? -1 : a.account > b.account ? 1 : 0);

// Ids that share long prefixes (card numbers of one bank), prefixes of each other and
// repeats; `wide` adds code units above 255, which take the comparator path.
const narrow = fc.oneof(
  fc.string({ unit: fc.constantFrom('6', '2', '0', '9'), maxLength: 22 }).map((s) => `622202${s}`),
  fc.string({ unit: fc.constantFrom('a', 'b', 'A', ' ', ',', '\u00ff', '\u0000'), maxLength: 4 }),
  // Around the widest id the byte matrix takes (64 code units); longer ones go to Array#sort.
  fc
    .string({ unit: fc.constantFrom('1', '2'), minLength: 0, maxLength: 8 })
    .map((s) => `${'9'.repeat(58)}${s}`),
);
const wide = fc.oneof(narrow, fc.string({ unit: 'grapheme', maxLength: 5 }));

describe('sortByHopThenId', () => {
  it.each([
    ['code units below 256 (radix)', narrow, 3],
    ['any code units', wide, 12],
  ] as const)(
    'orders as a stable sort by hop, then id by code unit: %s (property)',
    (_, id, hops) => {
      fc.assert(
        fc.property(
          fc.array(fc.record({ hop: fc.nat(hops), account: id, tag: fc.nat() }), {
            maxLength: 400,
            size: 'max',
          }),
          (items) => {
            const want = [...items].sort(byHopThenId);
            const got = [...items];
            sortByHopThenId(got);
            expect(got).toEqual(want);
            // Same objects, in the same order for equal keys (stability).
            got.forEach((x, i) => {
              expect(x).toBe(want[i]);
            });
          },
        ),
        { numRuns: 300 },
      );
    },
  );

  it('sorts many card numbers of a few banks', () => {
    const items = Array.from({ length: 5000 }, (_, i) => ({
      hop: i % 7,
      account: `6222${(i * 7919) % 3}${String((i * 104729) % 1e9).padStart(14, '0')}`,
    }));
    const want = [...items].sort(byHopThenId);
    sortByHopThenId(items);
    expect(items).toEqual(want);
  });

  it('puts an id before the same id followed by NUL code units, in groups the radix sorts', () => {
    // Ended keys and a code unit 0 must not tie: past its end an id has no unit at all.
    const items = Array.from({ length: 300 }, (_, i) => ({
      hop: 1,
      account: `x${'\u0000'.repeat((i * 7) % 5)}${i % 3 === 0 ? '' : 'y'}`,
      tag: i,
    }));
    const want = [...items].sort(byHopThenId);
    sortByHopThenId(items);
    expect(items).toEqual(want);
  });
});
