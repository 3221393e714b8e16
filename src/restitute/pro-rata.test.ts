import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Claim } from './model.js';
import { proRata } from './pro-rata.js';
import { claims as arbClaims, pool as arbPool } from './test-support/arbitraries.js';
import { referenceProRata } from './test-support/reference.js';

const claim = (victim: string, loss: number, recovered = 0): Claim => ({ victim, loss, recovered });
const byVictim = (cs: readonly Claim[], amounts: Float64Array) =>
  Object.fromEntries(cs.map((c, i) => [c.victim, amounts[i]]));

describe('pro_rata: the examples of restitution.md', () => {
  it('100.00 three equal ways: 33.34, 33.33, 33.33 (ids a, b, c), whatever the input order', () => {
    const cs = [claim('c', 5000), claim('a', 5000), claim('b', 5000)];
    const r = proRata(cs, 10000);
    expect(byVictim(cs, r.amounts)).toEqual({ a: 3334, b: 3333, c: 3333 });
    expect(r.unallocated).toBe(0);
  });

  it('pool 10,000.00 over losses 30,000 / 20,000 / 15,000: 4,615.39 / 3,076.92 / 2,307.69', () => {
    const cs = [claim('A', 3_000_000), claim('B', 2_000_000), claim('C', 1_500_000)];
    const r = proRata(cs, 1_000_000);
    expect(Array.from(r.amounts)).toEqual([461539, 307692, 230769]);
    const e = r.explain(0);
    expect(e.status).toBe('share');
    expect(e.rate).toEqual({ numerator: 1_000_000, denominator: 6_500_000 });
    expect(e.share).toMatchObject({ floor: 461538, roundedUp: true });
    expect(r.explain(1).share).toMatchObject({ floor: 307692, roundedUp: false });
  });
});

describe('pro_rata: rules', () => {
  it('a tie in remainders goes to the larger net loss before the smaller id', () => {
    // shares 0.5 and 1.5: equal remainders; b has the larger net loss
    const r = proRata([claim('a', 1), claim('b', 3)], 2);
    expect(Array.from(r.amounts)).toEqual([0, 2]);
  });

  it('splits on net loss (loss - recovered)', () => {
    const r = proRata([claim('A', 1000, 600), claim('B', 400)], 400);
    expect(Array.from(r.amounts)).toEqual([200, 200]);
  });

  it('caps at the net loss and leaves the rest unallocated', () => {
    const r = proRata([claim('A', 100, 20), claim('B', 50)], 1000);
    expect(Array.from(r.amounts)).toEqual([80, 50]);
    expect(r.unallocated).toBe(870);
    expect(r.explain(0).status).toBe('made_whole');
    expect(r.notes).toContainEqual({ kind: 'unallocated', amount: 870 });
  });

  it('gives nothing to a victim who recovered more than the loss, and says so', () => {
    const r = proRata([claim('A', 500, 600), claim('B', 1000)], 300);
    expect(Array.from(r.amounts)).toEqual([0, 300]);
    expect(r.explain(0).status).toBe('no_net_loss');
    expect(r.notes).toContainEqual({
      kind: 'recovered_exceeds_loss',
      victim: 'A',
      loss: 500,
      recovered: 600,
    });
  });

  it('rejects amounts that are not whole minor units', () => {
    expect(() => proRata([claim('A', 1.5)], 1)).toThrow(RangeError);
    expect(() => proRata([claim('A', 10)], -1)).toThrow(RangeError);
    expect(() => proRata([claim('A', 10, -1)], 1)).toThrow(RangeError);
    expect(() => proRata([claim('A', 2 ** 52), claim('B', 2 ** 52)], 1)).toThrow(RangeError);
  });
});

describe('pro_rata: properties', () => {
  const input = arbClaims().chain((cs) => fc.tuple(fc.constant(cs), arbPool(cs)));

  it('matches the literal reference exactly (amounts and unallocated)', () => {
    fc.assert(
      fc.property(input, ([cs, pool]) => {
        const r = proRata(cs, pool);
        const ref = referenceProRata(cs, pool);
        expect(Array.from(r.amounts, BigInt)).toEqual(ref.amounts);
        expect(BigInt(r.unallocated)).toBe(ref.unallocated);
      }),
      { numRuns: 500 },
    );
  });

  it('adds up to the pool less the unallocated rest, and nobody gets more than the net loss', () => {
    fc.assert(
      fc.property(input, ([cs, pool]) => {
        const r = proRata(cs, pool);
        expect(r.amounts.reduce((a, b) => a + b, 0) + r.unallocated).toBe(pool);
        cs.forEach((c, i) => {
          expect(r.amounts[i]).toBeGreaterThanOrEqual(0);
          expect(r.amounts[i]).toBeLessThanOrEqual(Math.max(0, c.loss - c.recovered));
        });
      }),
    );
  });

  it('does not depend on the order of the claims', () => {
    const shuffledInput = input.chain(([cs, pool]) =>
      fc.tuple(
        fc.constant(cs),
        fc.constant(pool),
        fc.shuffledSubarray(cs, { minLength: cs.length }),
      ),
    );
    fc.assert(
      fc.property(shuffledInput, ([cs, pool, shuffled]) => {
        expect(byVictim(shuffled, proRata(shuffled, pool).amounts)).toEqual(
          byVictim(cs, proRata(cs, pool).amounts),
        );
      }),
    );
  });

  it('is monotone in net loss (equal net losses differ by at most the one unit of a tie)', () => {
    fc.assert(
      fc.property(input, ([cs, pool]) => {
        const r = proRata(cs, pool);
        const net = cs.map((c) => Math.max(0, c.loss - c.recovered));
        for (let i = 0; i < cs.length; i++) {
          for (let j = 0; j < cs.length; j++) {
            if (net[i]! > net[j]!) expect(r.amounts[i]).toBeGreaterThanOrEqual(r.amounts[j]!);
            if (net[i] === net[j])
              expect(Math.abs(r.amounts[i]! - r.amounts[j]!)).toBeLessThanOrEqual(1);
          }
        }
      }),
    );
  });
});

describe('pro_rata: large inputs (histogram selection of the leftover units)', () => {
  it('matches the reference on hundreds of claims, with and without ties', () => {
    const many = fc.array(fc.integer({ min: 1, max: 2 ** 40 }), {
      minLength: 300,
      maxLength: 1000,
    });
    fc.assert(
      fc.property(many, fc.nat(), fc.boolean(), (losses, p, tied) => {
        const cs = losses.map((l, i) => ({ victim: `v${i}`, loss: tied ? 7 : l, recovered: 0 }));
        const total = cs.reduce((s, c) => s + c.loss, 0);
        const pool = p % total;
        const r = proRata(cs, pool);
        expect(Array.from(r.amounts, BigInt)).toEqual(referenceProRata(cs, pool).amounts);
      }),
      { numRuns: 15 },
    );
  });
});
