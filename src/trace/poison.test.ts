import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PoisonTracer } from './index.js';
import { expectSet } from './test-support/victim-sets.js';
import { VictimSpace } from './victim-set.js';

/** The poison rule in its plainest form: a Set per account, the payer's victims sorted. */
class ReferencePoison {
  readonly sets: (Set<number> | undefined)[];
  readonly hop: number[];
  readonly flows: [number, number, number][] = [];

  constructor(accounts: number) {
    this.sets = new Array<Set<number> | undefined>(accounts).fill(undefined);
    this.hop = new Array<number>(accounts).fill(0);
  }

  apply(t: number, from: number, to: number, victim: number): void {
    if (victim >= 0) {
      this.taint(to).add(victim);
      this.hop[to] = 1;
      this.flows.push([t, victim, 1]);
      return;
    }
    const s = this.sets[from];
    if (s === undefined) return;
    const h = this.hop[from]! + 1;
    const payer = [...s].sort((a, b) => a - b);
    const into = this.taint(to);
    for (const v of payer) into.add(v);
    if (this.hop[to] === 0 || this.hop[to]! > h) this.hop[to] = h;
    for (const v of payer) this.flows.push([t, v, h]);
  }

  private taint(a: number): Set<number> {
    const s = this.sets[a] ?? new Set<number>();
    this.sets[a] = s;
    return s;
  }
}

// Few accounts and many victims: sets grow past victimCount/32 members and turn into bitsets.
const run = fc
  .record({
    victims: fc.integer({ min: 40, max: 300 }),
    accounts: fc.integer({ min: 2, max: 12 }),
    steps: fc.array(
      fc.record({
        from: fc.nat(),
        to: fc.nat(),
        loss: fc.option(fc.nat(), { freq: 2 }),
      }),
      { minLength: 1, maxLength: 300, size: 'max' },
    ),
  })
  .map(({ victims, accounts, steps }) => ({
    victims,
    accounts,
    steps: steps.map((s) => {
      const from = s.from % accounts;
      let to = s.to % accounts;
      if (to === from) to = (to + 1) % accounts;
      return { from, to, victim: s.loss === null ? -1 : s.loss % victims };
    }),
  }));

describe('PoisonTracer', () => {
  it('matches a Set-per-account reference: victims, hops and every flow, in order', () => {
    let bitsets = 0;
    let sortedSets = 0;
    fc.assert(
      fc.property(run, ({ victims, accounts, steps }) => {
        const flows: [number, number, number][] = [];
        const t = new PoisonTracer(accounts, victims, undefined, {
          flow(transfer, v, hop, amount) {
            expect(amount).toBeUndefined();
            flows.push([transfer, v, hop]);
          },
        });
        const ref = new ReferencePoison(accounts);
        steps.forEach(({ from, to, victim }, i) => {
          t.apply(i, from, to, 1, victim);
          ref.apply(i, from, to, victim);
          expectSet(t.sets[from], ref.sets[from], victims);
          expectSet(t.sets[to], ref.sets[to], victims);
          const n = t.sets[to]?.size ?? 0;
          if (n > new VictimSpace(victims).words) bitsets++;
          else if (n > 1) sortedSets++;
        });
        for (let a = 0; a < accounts; a++) expectSet(t.sets[a], ref.sets[a], victims);
        expect(Array.from(t.hop)).toEqual(ref.hop);
        expect(flows.join(' ')).toBe(ref.flows.join(' '));
      }),
      { numRuns: 120 },
    );
    // Receivers of both forms, or the comparison proves little.
    expect(bitsets).toBeGreaterThan(3000);
    expect(sortedSets).toBeGreaterThan(300);
  });
});
