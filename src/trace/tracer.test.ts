import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AmountRule,
  AmountTracer,
  collect,
  PoisonTracer,
  type Rule,
  runTrace,
  timeOrder,
  tracedOf,
  traceJson,
  traceJsonChunks,
} from './index.js';
import { Taken } from './taken.js';
import { build, type T } from './test-support/build.js';
import {
  CLEAN_DEPOSIT_LOSSES,
  CLEAN_DEPOSIT_TRANSFERS,
  EXAMPLE_HOLDINGS,
  EXAMPLE_HOLDINGS_OPENING,
  EXAMPLE_LOSSES,
  EXAMPLE_OPENING,
  EXAMPLE_TRANSFERS,
  Y,
} from './test-support/example.js';

const AMOUNT_RULES: AmountRule[] = ['fifo', 'lifo', 'pro_rata', 'clean_first', 'dirty_first'];

/** Account -> victim -> yuan, for accounts with traced money (and "clean" when non-zero). */
function holdings(rule: Rule, transfers: T[], losses: [string, string][], opening = {}) {
  const r = runTrace(build(transfers, losses, opening), rule);
  if (r.rule === 'poison')
    return Object.fromEntries(
      r.accounts.map((a) => [
        a.account,
        [a.hop, Array.from(a.victims, (v) => r.victimNames[v]).join(',')],
      ]),
    );
  return Object.fromEntries(
    r.accounts.map((a) => [
      a.account,
      Object.fromEntries([
        ...tracedOf(r, a).map((t) => [t.victim, t.amount / Y]),
        ...(a.clean !== 0 ? [['clean', a.clean / Y]] : []),
      ]),
    ]),
  );
}

describe('tracing.md worked example', () => {
  const transfers = [...EXAMPLE_TRANSFERS];
  const losses = [...EXAMPLE_LOSSES];

  it('without an opening balance', () => {
    for (const rule of AMOUNT_RULES)
      expect(holdings(rule, transfers, losses)).toEqual(EXAMPLE_HOLDINGS[rule]);
    expect(holdings('poison', transfers, losses)).toEqual({ M1: [1, 'A,B'], M2: [2, 'A,B'] });
  });

  it('with a clean opening balance of 500 in M1', () => {
    for (const rule of AMOUNT_RULES)
      expect(holdings(rule, transfers, losses, EXAMPLE_OPENING)).toEqual(
        EXAMPLE_HOLDINGS_OPENING[rule],
      );
  });

  it('later clean deposits never restore a claim under clean_first', () => {
    const r = runTrace(build(CLEAN_DEPOSIT_TRANSFERS, CLEAN_DEPOSIT_LOSSES), 'clean_first');
    const m = r.rule === 'poison' ? undefined : r.accounts.find((a) => a.account === 'M');
    expect(r.rule !== 'poison' && m && tracedOf(r, m)).toEqual([{ victim: 'A', amount: 100 }]);
    expect(m?.clean).toBe(0);
  });

  it('splits by the largest remainder with ties to clean money, then victims by id', () => {
    // M holds clean 1, A 1, B 1 (pro_rata); paying 2 leaves one unit: remainders tie, so
    // clean, then A, each give a unit and B keeps its unit.
    const t: T[] = [
      { id: 'o', ts: 0, from: 'S', to: 'M', amount: 1 },
      { id: 'a', ts: 1, from: 'VA', to: 'M', amount: 1 },
      { id: 'b', ts: 2, from: 'VB', to: 'M', amount: 1 },
      { id: 'p', ts: 3, from: 'M', to: 'N', amount: 2 },
    ];
    const h = holdings('pro_rata', t, [
      ['a', 'A'],
      ['b', 'B'],
    ]);
    expect(h['M']).toEqual({ B: 0.01 });
    expect(h['N']).toEqual({ A: 0.01, clean: 0.01 });
  });

  it('records a gap only where traced money was ever received, and hops along the path', () => {
    const t: T[] = [
      { id: 'x', ts: 0, from: 'P', to: 'Q', amount: 700 },
      { id: 'l', ts: 1, from: 'V', to: 'M1', amount: 100 },
      { id: 'y', ts: 2, from: 'M1', to: 'M2', amount: 150 },
      { id: 'z', ts: 3, from: 'M2', to: 'M3', amount: 150 },
    ];
    const r = runTrace(build(t, [['l', 'A']]), 'fifo');
    if (r.rule === 'poison') throw new Error('unexpected');
    expect(r.accounts.map((a) => [a.account, a.hop, a.gap])).toEqual([
      ['M1', 1, 50],
      ['M2', 2, 0],
      ['M3', 3, 0],
    ]);
    expect(r.victims[0]).toMatchObject({ victim: 'A', loss: 100, held: 100, accounts: 1 });
  });

  it('counts exits by kind', () => {
    const t: T[] = [
      { id: 'l', ts: 1, from: 'V', to: 'M1', amount: 1000 },
      { id: 'c', ts: 2, from: 'M1', to: 'ATM', amount: 300 },
      { id: 'k', ts: 3, from: 'M1', to: 'BINANCE', amount: 200 },
    ];
    const r = runTrace(
      build(t, [['l', 'A']], {}, { ATM: 'cash', BINANCE: 'crypto_exchange' }),
      'fifo',
    );
    const j = traceJson(r) as { victims: unknown[] };
    expect(j.victims[0]).toEqual({
      victim: 'A',
      loss: '10.00',
      held: '5.00',
      exited: { cash: '3.00', crypto_exchange: '2.00' },
      absorbed: '0.00',
      accounts: 3,
    });
  });
});

// Random transfer graphs: a few accounts (victims' own accounts among them), several
// victims, opening balances, ties in time.
const graph = fc
  .record({
    accounts: fc.integer({ min: 2, max: 7 }),
    victims: fc.integer({ min: 1, max: 8 }),
    raw: fc.array(
      fc.record({
        from: fc.nat(20),
        to: fc.nat(20),
        amount: fc.integer({ min: 1, max: 100_000 }),
        ts: fc.integer({ min: 0, max: 30 }),
        loss: fc.option(fc.nat(9), { freq: 3 }),
      }),
      { minLength: 1, maxLength: 40 },
    ),
    opening: fc.array(fc.integer({ min: 0, max: 50_000 }), { minLength: 7, maxLength: 7 }),
  })
  .map(({ accounts, victims, raw, opening }) => {
    const transfers: T[] = [];
    const losses: [string, string][] = [];
    raw.forEach((r, i) => {
      const from = r.from % accounts;
      let to = r.to % accounts;
      if (to === from) to = (to + 1) % accounts;
      const id = `t${i}`;
      transfers.push({ id, ts: r.ts, from: `a${from}`, to: `a${to}`, amount: r.amount });
      if (r.loss !== null) losses.push([id, `v${r.loss % victims}`]);
    });
    const open: Record<string, number> = {};
    for (let a = 0; a < accounts; a++) open[`a${a}`] = opening[a]!;
    return { transfers, losses, opening: open };
  });

describe('properties', () => {
  it("conserves every victim's money after every transfer, under every amount rule", () => {
    fc.assert(
      fc.property(
        graph,
        fc.constantFrom(...AMOUNT_RULES),
        ({ transfers, losses, opening }, rule) => {
          const p = build(transfers, losses, opening);
          const t = new AmountTracer(rule, p.transfers.accounts.size, p.victims.length, p.opening);
          const scratch = new Taken(p.victims.length);
          const order = timeOrder(p.transfers.ts);
          for (const i of order) {
            t.apply(
              i,
              p.transfers.from[i]!,
              p.transfers.to[i]!,
              p.transfers.amount[i]!,
              p.victimOf[i]!,
            );
            const totals = t.victimTotals();
            for (let v = 0; v < p.victims.length; v++)
              expect(totals[v]! + t.absorbed[v]!).toBe(t.loss[v]!);
            for (let a = 0; a < t.hop.length; a++) {
              if (!t.tainted(a)) continue;
              const total = t.book.victimTotal(a);
              expect(total).toBeLessThanOrEqual(t.balance[a]!);
              t.victimsOf(a, scratch);
              let sum = 0;
              for (let i = 0; i < scratch.count(); i++) {
                const x = scratch.amountAt(i);
                expect(x).toBeGreaterThan(0);
                expect(Number.isInteger(x)).toBe(true);
                sum += x;
              }
              expect(sum).toBe(total);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('is deterministic and independent of input order when times are distinct', () => {
    fc.assert(
      fc.property(
        graph,
        fc.constantFrom<Rule>(...AMOUNT_RULES, 'poison'),
        fc.integer(),
        ({ transfers, losses, opening }, rule, seed) => {
          const distinct = transfers.map((t, i) => ({ ...t, ts: t.ts * 1000 + i }));
          const result = runTrace(build(distinct, losses, opening), rule);
          const a = traceJson(result);
          expect(JSON.parse(collect(traceJsonChunks(result)))).toEqual(a);
          expect(traceJson(runTrace(build(distinct, losses, opening), rule))).toEqual(a);
          const shuffled = fc.sample(
            fc.shuffledSubarray(distinct, {
              minLength: distinct.length,
              maxLength: distinct.length,
            }),
            { seed, numRuns: 1 },
          )[0]!;
          expect(traceJson(runTrace(build(shuffled, losses, opening), rule))).toEqual(a);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps hops and gaps consistent', () => {
    fc.assert(
      fc.property(
        graph,
        fc.constantFrom(...AMOUNT_RULES),
        ({ transfers, losses, opening }, rule) => {
          const p = build(transfers, losses, opening);
          const hopOfFlowReceiver: [number, number][] = [];
          const t = new AmountTracer(rule, p.transfers.accounts.size, p.victims.length, p.opening, {
            flow(ti, _v, hop) {
              hopOfFlowReceiver.push([p.transfers.to[ti]!, hop]);
            },
          });
          for (const i of timeOrder(p.transfers.ts)) {
            t.apply(
              i,
              p.transfers.from[i]!,
              p.transfers.to[i]!,
              p.transfers.amount[i]!,
              p.victimOf[i]!,
            );
          }
          const lossReceivers = new Set(
            losses.map(([id]) => p.transfers.to[p.transfers.ids.lookupString(id)]!),
          );
          for (const [acct, hop] of hopOfFlowReceiver)
            expect(t.hop[acct]!).toBeLessThanOrEqual(hop);
          for (let a = 0; a < t.hop.length; a++) {
            if (t.gap[a]! > 0) expect(t.hop[a]!).toBeGreaterThan(0);
            if (t.hop[a] === 1) expect(lossReceivers.has(a)).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("poison taints every account where any amount rule finds a victim's money", () => {
    fc.assert(
      fc.property(graph, ({ transfers, losses, opening }) => {
        const p = build(transfers, losses, opening);
        const poison = new PoisonTracer(p.transfers.accounts.size, p.victims.length, p.opening);
        for (const i of timeOrder(p.transfers.ts)) {
          poison.apply(
            i,
            p.transfers.from[i]!,
            p.transfers.to[i]!,
            p.transfers.amount[i]!,
            p.victimOf[i]!,
          );
        }
        for (const rule of AMOUNT_RULES) {
          const r = runTrace(p, rule);
          if (r.rule === 'poison') continue;
          for (const a of r.accounts) {
            const set = poison.sets[p.transfers.accounts.lookupString(a.account)];
            for (const t of tracedOf(r, a))
              expect(set?.has(p.victims.indexOf(t.victim))).toBe(true);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
