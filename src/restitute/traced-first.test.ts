import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveTraced } from './attribute.js';
import type { Claim, FrozenAccount } from './model.js';
import { frozenAccounts as arbAccounts, claims as arbClaims } from './test-support/arbitraries.js';
import { referenceTracedFirst } from './test-support/reference.js';
import { tracedFirst as tracedFirstById } from './traced-first.js';

/** tracedFirst with the victims named by id, as a reader would resolve them. */
const tracedFirst = (cs: readonly Claim[], accounts: readonly FrozenAccount[], options = {}) =>
  tracedFirstById(cs, resolveTraced(cs, accounts), options);

const claim = (victim: string, loss: number, recovered = 0): Claim => ({ victim, loss, recovered });
const acct = (account: string, frozen: number, traced?: Record<string, number>): FrozenAccount => ({
  account,
  frozen,
  traced:
    traced === undefined
      ? undefined
      : Object.entries(traced).map(([victim, amount]) => ({ victim, amount })),
});

describe('traced_first', () => {
  const claims = [claim('A', 1000), claim('B', 1000), claim('C', 1000)];

  it('returns by tracing first, then shares what tracing cannot attribute pro rata on net loss', () => {
    const r = tracedFirst(claims, [
      acct('M1', 300, { A: 300 }),
      acct('M2', 600, { A: 500, B: 500 }), // holds less than traced: 300 / 300
      acct('M3', 500, { B: 200 }), // 300 more than traced: shared
      acct('M9', 300), // not in the trace: shared
    ]);
    // traced: A 600, B 500, C 0; shared 600 over net 1000 each -> 200 each
    expect(Array.from(r.traced)).toEqual([600, 500, 0]);
    expect(Array.from(r.shared)).toEqual([200, 200, 200]);
    expect(Array.from(r.amounts)).toEqual([800, 700, 200]);
    expect(r.pool).toBe(1700);
    expect(r.sharedRemainder).toBe(600);
    expect(r.notes).toEqual([
      { kind: 'account_scaled', account: 'M2', frozen: 600, traced: 1000 },
      { kind: 'account_not_traced', account: 'M9', frozen: 300, inTrace: false },
    ]);
    const a = r.explain(0);
    expect(a.accounts.map((p) => [p.account, p.traced, p.attributed, p.returned])).toEqual([
      ['M1', 300, 300, 300],
      ['M2', 500, 300, 300],
    ]);
    expect(a.shared).toMatchObject({ status: 'share', amount: 200, missing: 400 });
    expect(r.accounts.find((o) => o.account === 'M3')).toEqual({
      account: 'M3',
      frozen: 500,
      inTrace: true,
      traced: 200,
      returned: 200,
    });
  });

  it('caps the shared part at what tracing left missing and shares the rest among the others', () => {
    // A is almost whole by tracing; the remainder 900 would give A 300 (net 1000 of 3000)
    const r = tracedFirst(claims, [acct('M1', 950, { A: 950 }), acct('M2', 900)]);
    expect(Array.from(r.amounts)).toEqual([1000, 425, 425]);
    expect(r.explain(0).shared).toMatchObject({ status: 'made_whole', amount: 50 });
    expect(r.explain(1).shared.rate).toEqual({ numerator: 850, denominator: 2000 });
  });

  it('never returns more than the net loss by tracing; the excess is shared (accounts in id order)', () => {
    const r = tracedFirst(
      [claim('A', 1000, 700), claim('B', 1000)],
      [acct('M2', 200, { A: 200 }), acct('M1', 200, { A: 200 })],
    );
    // A's net loss is 300: M1 200 then M2 100; the other 100 of M2 goes to the shared remainder
    expect(Array.from(r.amounts)).toEqual([300, 100]);
    expect(r.explain(0).accounts.map((p) => [p.account, p.returned])).toEqual([
      ['M1', 200],
      ['M2', 100],
    ]);
    expect(r.notes).toContainEqual({ kind: 'traced_beyond_net_loss', victim: 'A', excess: 100 });
  });

  it('leaves money unallocated only when every victim is whole', () => {
    const r = tracedFirst([claim('A', 100), claim('B', 50, 60)], [acct('M1', 500, { A: 80 })]);
    expect(Array.from(r.amounts)).toEqual([100, 0]);
    expect(r.unallocated).toBe(400);
    expect(r.notes).toContainEqual({ kind: 'unallocated', amount: 400 });
  });

  it('scales a short account by largest remainder with the tie rule', () => {
    // 1.00 frozen over equal traced amounts: a tie; the larger net loss wins, then the smaller id
    const r = tracedFirst(
      [claim('b', 500), claim('a', 500), claim('c', 900)],
      [acct('M1', 1, { a: 10, b: 10, c: 10 })],
    );
    expect(Array.from(r.traced)).toEqual([0, 0, 1]);
    const s = tracedFirst([claim('b', 500), claim('a', 500)], [acct('M1', 1, { a: 10, b: 10 })]);
    expect(Array.from(s.traced)).toEqual([0, 1]);
  });

  it('rejects a victim listed twice in one account, in small and large accounts', () => {
    const cs = Array.from({ length: 30 }, (_, i) => claim(`v${i}`, 100));
    const parts = (claims: number[]) => claims.map((c) => ({ claim: c, amount: 1 }));
    expect(() =>
      tracedFirstById(cs, [{ account: 'M1', frozen: 1, traced: parts([0, 1, 0]) }]),
    ).toThrow(/twice/);
    const many = Array.from({ length: 25 }, (_, i) => i);
    expect(() =>
      tracedFirstById(cs, [{ account: 'M1', frozen: 1, traced: parts([...many, 3]) }]),
    ).toThrow(/twice/);
    expect(() =>
      tracedFirstById(cs, [
        { account: 'M1', frozen: 1, traced: parts(many) },
        { account: 'M2', frozen: 1, traced: parts(many) },
      ]),
    ).not.toThrow();
    expect(() => tracedFirstById(cs, [{ account: 'M1', frozen: 1, traced: parts([30]) }])).toThrow(
      /out of range/,
    );
  });

  it('rejects a traced victim without a claim', () => {
    expect(() => tracedFirst([claim('A', 10)], [acct('M1', 5, { Z: 5 })])).toThrow(/no claim/);
  });
});

describe('traced_first: properties', () => {
  const input = arbClaims(8).chain((cs) => fc.tuple(fc.constant(cs), arbAccounts(cs)));

  it('matches the literal reference exactly', () => {
    fc.assert(
      fc.property(input, ([cs, accounts]) => {
        const ref = referenceTracedFirst(cs, accounts);
        for (const maxPasses of [0, 32]) {
          const r = tracedFirst(cs, accounts, { maxPasses });
          expect(Array.from(r.amounts, BigInt)).toEqual(ref.amounts);
          expect(BigInt(r.unallocated)).toBe(ref.unallocated);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('adds up to the frozen total, nobody above net loss, and order does not matter', () => {
    const shuffled = input.chain(([cs, accounts]) =>
      fc.tuple(
        fc.constant(cs),
        fc.constant(accounts),
        fc.shuffledSubarray(cs, { minLength: cs.length }),
        fc.shuffledSubarray(accounts, { minLength: accounts.length }),
      ),
    );
    fc.assert(
      fc.property(shuffled, ([cs, accounts, cs2, accounts2]) => {
        const r = tracedFirst(cs, accounts);
        const total = accounts.reduce((s, a) => s + a.frozen, 0);
        expect(r.amounts.reduce((a, b) => a + b, 0) + r.unallocated).toBe(total);
        cs.forEach((c, i) => {
          expect(r.amounts[i]).toBeLessThanOrEqual(Math.max(0, c.loss - c.recovered));
          expect(r.amounts[i]).toBe(r.traced[i]! + r.shared[i]!);
          const e = r.explain(i);
          expect(e.accounts.reduce((s, p) => s + p.returned, 0)).toBe(r.traced[i]);
        });
        const reversed = accounts2.map((a) => ({
          ...a,
          traced: a.traced === undefined ? undefined : [...a.traced].reverse(),
        }));
        const s = tracedFirst(cs2, reversed);
        const byVictim = (cl: readonly Claim[], x: Float64Array) =>
          new Map(cl.map((c, i) => [c.victim, x[i]]));
        expect(byVictim(cs2, s.amounts)).toEqual(byVictim(cs, r.amounts));
        expect(byVictim(cs2, s.traced)).toEqual(byVictim(cs, r.traced));
      }),
    );
  });

  it('returns at least what is traced when the accounts hold it and it is within the net loss', () => {
    fc.assert(
      fc.property(input, ([cs, accounts]) => {
        const full = accounts.map((a) => ({
          ...a,
          frozen: Math.max(
            a.frozen,
            (a.traced ?? []).reduce((s, t) => s + t.amount, 0),
          ),
        }));
        const r = tracedFirst(cs, full);
        cs.forEach((c, i) => {
          const t = full
            .flatMap((a) => a.traced ?? [])
            .filter((p) => p.victim === c.victim)
            .reduce((s, p) => s + p.amount, 0);
          expect(r.amounts[i]).toBeGreaterThanOrEqual(
            Math.min(t, Math.max(0, c.loss - c.recovered)),
          );
        });
      }),
    );
  });
});
