import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AliasTable, mix32, Rng, Weighted } from './random.js';

describe('Rng', () => {
  it('gives the same sequence for the same seed and stream, another for another', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (seed, stream) => {
        const a = new Rng(seed, stream);
        const b = new Rng(seed, stream);
        const c = new Rng(seed, `${stream}x`);
        const xs = Array.from({ length: 8 }, () => a.next());
        expect(Array.from({ length: 8 }, () => b.next())).toEqual(xs);
        expect(Array.from({ length: 8 }, () => c.next())).not.toEqual(xs);
        expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
      }),
      { numRuns: 50 },
    );
  });

  it('draws uniform, normal, Poisson and log-normal numbers with the right moments', () => {
    const r = new Rng('1', 'moments');
    const n = 100_000;
    let u = 0;
    let z = 0;
    let z2 = 0;
    let k = 0;
    const ln: number[] = [];
    for (let i = 0; i < n; i++) {
      u += r.next();
      const g = r.normal();
      z += g;
      z2 += g * g;
      k += r.poisson(3.5);
      ln.push(r.logNormal(85, 1.1));
    }
    expect(u / n).toBeCloseTo(0.5, 2);
    expect(z / n).toBeCloseTo(0, 1);
    expect(z2 / n).toBeCloseTo(1, 1);
    expect(k / n).toBeCloseTo(3.5, 1);
    ln.sort((a, b) => a - b);
    expect(ln[n / 2]! / 85).toBeCloseTo(1, 1);
    let big = 0;
    for (let i = 0; i < 10_000; i++) big += r.poisson(400);
    expect(big / 10_000).toBeCloseTo(400, 0);
  });
});

describe('AliasTable and Weighted', () => {
  it('draw each index in proportion to its weight', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 1, maxLength: 6 }),
        (w) => {
          const r = new Rng('w', w.join());
          const alias = new AliasTable(w);
          const small = new Weighted(w);
          const n = 20_000;
          const a = new Array<number>(w.length).fill(0);
          const b = new Array<number>(w.length).fill(0);
          for (let i = 0; i < n; i++) {
            a[alias.sample(r)]!++;
            b[small.pick(r)]!++;
          }
          const total = w.reduce((s, x) => s + x, 0);
          w.forEach((x, i) => {
            expect(Math.abs(a[i]! / n - x / total)).toBeLessThan(0.02);
            expect(Math.abs(b[i]! / n - x / total)).toBeLessThan(0.02);
          });
        },
      ),
      { numRuns: 20 },
    );
  });
});

describe('mix32', () => {
  it('is a bijection (distinct inputs, distinct outputs)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        (a, b) => {
          expect(mix32(a) === mix32(b)).toBe(a === b);
        },
      ),
    );
    const seen = new Set<number>();
    for (let i = 0; i < 100_000; i++) seen.add(mix32(i));
    expect(seen.size).toBe(100_000);
  });
});
