import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Claim } from './model.js';
import { risingTide } from './rising-tide.js';
import { claims as arbClaims, pool as arbPool } from './test-support/arbitraries.js';
import { referenceRisingTide } from './test-support/reference.js';

const claim = (victim: string, loss: number, recovered = 0): Claim => ({ victim, loss, recovered });

describe('rising_tide', () => {
  it('brings everybody to the same level, counting what they recovered', () => {
    const r = risingTide([claim('A', 100, 50), claim('B', 100)], 100);
    expect(Array.from(r.amounts)).toEqual([25, 75]);
    expect(r.level).toEqual({ numerator: 150, denominator: 200 });
    expect(r.explain(0)).toMatchObject({ status: 'share', share: { floor: 25, roundedUp: false } });
  });

  it('drops whoever already has the level and recomputes (SEC v. Huber)', () => {
    // L0 = (60 + 90) / 300 = 0.5: A has 0.9 and waits; L1 = 60 / 200 = 0.3
    const r = risingTide([claim('A', 100, 90), claim('B', 100), claim('C', 100)], 60);
    expect(Array.from(r.amounts)).toEqual([0, 30, 30]);
    expect(r.level).toEqual({ numerator: 60, denominator: 200 });
    expect(r.explain(0).status).toBe('above_level');
  });

  it('makes everybody whole when it can, and leaves the rest unallocated', () => {
    const r = risingTide([claim('A', 100, 40), claim('B', 50), claim('C', 10, 30)], 1000);
    expect(Array.from(r.amounts)).toEqual([60, 50, 0]);
    expect(r.unallocated).toBe(890);
    expect(r.explain(0).status).toBe('made_whole');
    expect(r.explain(2).status).toBe('no_net_loss');
  });

  it('rounds by largest remainder with the tie rule', () => {
    // 100.00 three equal ways
    const r = risingTide([claim('c', 5000), claim('b', 5000), claim('a', 5000)], 10000);
    expect(Array.from(r.amounts)).toEqual([3333, 3333, 3334]);
  });

  it('gives nothing when the pool is empty', () => {
    const r = risingTide([claim('A', 100), claim('B', 100, 10)], 0);
    expect(Array.from(r.amounts)).toEqual([0, 0]);
    expect(r.unallocated).toBe(0);
  });
});

describe('rising_tide: properties', () => {
  const input = arbClaims().chain((cs) => fc.tuple(fc.constant(cs), arbPool(cs)));

  it('matches the literal reference exactly, by passes or by sorting', () => {
    fc.assert(
      fc.property(input, ([cs, pool]) => {
        const ref = referenceRisingTide(cs, pool);
        for (const maxPasses of [0, 1, 32]) {
          const r = risingTide(cs, pool, { maxPasses });
          expect(Array.from(r.amounts, BigInt)).toEqual(ref.amounts);
          expect(BigInt(r.unallocated)).toBe(ref.unallocated);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('adds up, caps at net loss, and is independent of order', () => {
    fc.assert(
      fc.property(
        input.chain(([cs, pool]) =>
          fc.tuple(
            fc.constant(cs),
            fc.constant(pool),
            fc.shuffledSubarray(cs, { minLength: cs.length }),
          ),
        ),
        ([cs, pool, shuffled]) => {
          const r = risingTide(cs, pool);
          expect(r.amounts.reduce((a, b) => a + b, 0) + r.unallocated).toBe(pool);
          cs.forEach((c, i) => {
            expect(r.amounts[i]).toBeGreaterThanOrEqual(0);
            expect(r.amounts[i]).toBeLessThanOrEqual(Math.max(0, c.loss - c.recovered));
          });
          const s = risingTide(shuffled, pool);
          const amountOf = (cl: readonly Claim[], a: Float64Array) =>
            new Map(cl.map((c, i) => [c.victim, a[i]]));
          expect(amountOf(shuffled, s.amounts)).toEqual(amountOf(cs, r.amounts));
        },
      ),
    );
  });

  it('gives nothing to a victim who already has the level, and brings the others to it', () => {
    fc.assert(
      fc.property(input, ([cs, pool]) => {
        const r = risingTide(cs, pool);
        const { numerator: n, denominator: d } = r.level;
        cs.forEach((c, i) => {
          const have = BigInt(c.recovered) * BigInt(d);
          const level = BigInt(n) * BigInt(c.loss);
          if (have >= level) expect(r.amounts[i]).toBe(0);
          else {
            // within one unit of L * loss once the share is added
            const after = (BigInt(c.recovered) + BigInt(r.amounts[i]!)) * BigInt(d);
            expect(after > level - BigInt(d) && after < level + BigInt(d)).toBe(true);
          }
        });
      }),
    );
  });
});

describe('rising_tide: large inputs (histogram selection, radix sort of the ratios)', () => {
  it('matches the reference on hundreds of claims, by passes or by sorting', () => {
    const claim = fc.record({
      loss: fc.integer({ min: 1, max: 2 ** 40 }),
      back: fc.double({ min: 0, max: 1.2, noNaN: true }),
    });
    fc.assert(
      fc.property(
        fc.array(claim, { minLength: 300, maxLength: 500 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (raw, f) => {
          const cs = raw.map((c, i) => ({
            victim: `v${i}`,
            loss: c.loss,
            recovered: c.back < 0.5 ? 0 : Math.floor(c.loss * c.back),
          }));
          const pool = Math.floor(cs.reduce((s, c) => s + c.loss, 0) * f * 0.5);
          const ref = referenceRisingTide(cs, pool);
          for (const maxPasses of [0, 32]) {
            expect(Array.from(risingTide(cs, pool, { maxPasses }).amounts, BigInt)).toEqual(
              ref.amounts,
            );
          }
        },
      ),
      { numRuns: 10 },
    );
  });
});
