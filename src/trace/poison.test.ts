import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMinor } from '../money/index.js';
import {
  accountsCsv,
  collect,
  csvLine,
  freezeCsv,
  PoisonTracer,
  runTrace,
  traceJson,
  traceJsonChunks,
} from './index.js';
import type { PoisonTraceResult } from './model.js';
import { build, type T } from './test-support/build.js';
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
    let shared = 0;
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
          if (t.sets[to] === t.sets[from]) shared++;
          if (n > new VictimSpace(victims).words) bitsets++;
          else if (n > 1) sortedSets++;
        });
        for (let a = 0; a < accounts; a++) expectSet(t.sets[a], ref.sets[a], victims);
        expect(Array.from(t.hop)).toEqual(ref.hop);
        expect(flows.join(' ')).toBe(ref.flows.join(' '));
      }),
      { numRuns: 120 },
    );
    // Receivers of both forms, and sets shared between accounts (then changed by one of
    // them), or the comparison proves little.
    expect(bitsets).toBeGreaterThan(3000);
    expect(sortedSets).toBeGreaterThan(300);
    expect(shared).toBeGreaterThan(1000);
  });
});

// Victim ids that CSV must quote or JSON must escape, among plain ones.
const NAMES = ['A', 'b"q', 'c,d', 'e\nf', 'g;h', 'Wáng', '\u{1F600}'];
const caseWithManyVictims = fc
  .record({
    victims: fc.integer({ min: 1, max: 120 }),
    mules: fc.integer({ min: 2, max: 8 }),
    losses: fc.array(fc.record({ victim: fc.nat(), mule: fc.nat(), ts: fc.nat(40) }), {
      minLength: 1,
      maxLength: 150,
      size: 'max',
    }),
    moves: fc.array(
      fc.record({ from: fc.nat(), to: fc.nat(), ts: fc.nat(40), amount: fc.integer({ min: 1 }) }),
      { maxLength: 60 },
    ),
    quoted: fc.boolean(),
  })
  .map(({ victims, mules, losses, moves, quoted }) => {
    const name = (v: number) => (quoted ? `${NAMES[v % NAMES.length]}${v}` : `V${v}`);
    const transfers: T[] = [];
    const lossList: [string, string][] = [];
    losses.forEach((l, i) => {
      const v = l.victim % victims;
      transfers.push({
        id: `l${i}`,
        ts: l.ts,
        from: `own${v}`,
        to: `m${l.mule % mules}`,
        amount: 1,
      });
      lossList.push([`l${i}`, name(v)]);
    });
    moves.forEach((m, i) => {
      const from = m.from % mules;
      const to = m.to % (mules + 2); // two exits of other kinds
      if (from === to) return;
      transfers.push({ id: `x${i}`, ts: m.ts, from: `m${from}`, to: `m${to}`, amount: m.amount });
    });
    const kinds = { [`m${mules}`]: 'cash', [`m${mules + 1}`]: 'crypto_exchange' } as const;
    return { transfers, losses: lossList, kinds };
  });

/** accounts.csv and freeze.csv as they were written before victim sets became views. */
function referenceCsv(r: PoisonTraceResult): { accounts: string; freeze: string } {
  const d = r.currency.digits;
  const ids = (s: Iterable<number>) => Array.from(s, (v) => r.victimNames[v]!).join(';');
  const money = (x: number) => formatMinor(x, d);
  let accounts = csvLine(['account', 'kind', 'institution', 'hop', 'balance', 'victims']);
  for (const a of r.accounts) {
    const fields = [a.account, a.kind, a.institution ?? '', String(a.hop), money(a.balance)];
    accounts += csvLine([...fields, ids(a.victims)]);
  }
  let freeze = csvLine(['account', 'institution', 'hop', 'amount', 'victims']);
  const rows = r.accounts
    .filter((a) => a.kind === 'bank' && a.balance !== 0)
    .sort((x, y) => x.hop - y.hop || y.balance - x.balance || (x.account < y.account ? -1 : 1));
  for (const a of rows)
    freeze += csvLine([a.account, '', String(a.hop), money(a.balance), ids(a.victims)]);
  return { accounts, freeze };
}

describe('poison outputs', () => {
  it('list every victim once per account, quoted and escaped as before, and count accounts and exits', () => {
    let bitsets = 0;
    let repeated = 0;
    fc.assert(
      fc.property(caseWithManyVictims, ({ transfers, losses, kinds }) => {
        const r = runTrace(build(transfers, losses, {}, kinds), 'poison');
        if (r.rule !== 'poison') throw new Error('unexpected');
        const words = new VictimSpace(r.victimNames.length).words;
        for (const a of r.accounts) if (a.victims.size > words) bitsets++;
        const want = referenceCsv(r);
        expect(collect(accountsCsv(r))).toBe(want.accounts);
        expect(collect(freezeCsv(r))).toBe(want.freeze);
        // Accounts sharing one set: its victim list is written once and then repeated.
        const sets = new Set(r.accounts.map((a) => a.victims));
        repeated += r.accounts.length - sets.size;
        const parsed = JSON.parse(collect(traceJsonChunks(r))) as {
          accounts: { victims: string[] }[];
        };
        expect(parsed.accounts.map((a) => a.victims)).toEqual(
          r.accounts.map((a) => Array.from(a.victims, (v) => r.victimNames[v]!)),
        );
        const prefix = { id: 'trace_1', case_id: 'case_2' };
        const doc = traceJson(r) as object;
        expect(collect(traceJsonChunks(r, { layout: 'compact', prefix }))).toBe(
          JSON.stringify({ ...prefix, ...doc }),
        );
        expect(JSON.parse(collect(traceJsonChunks(r)))).toEqual(doc);
        r.victims.forEach((v, i) => {
          const holding = r.accounts.filter((a) => a.victims.has(i));
          expect(v.accounts).toBe(holding.length);
          const exits = new Set(holding.map((a) => a.kind).filter((k) => k !== 'bank'));
          expect(v.exits).toEqual([...exits].sort());
        });
      }),
      { numRuns: 150 },
    );
    expect(bitsets).toBeGreaterThan(100);
    expect(repeated).toBeGreaterThan(30);
  });
});
