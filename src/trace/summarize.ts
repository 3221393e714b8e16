// Turns a finished tracer's state into the result records (accounts by hop, victims by id).
import type { Currency } from '../money/index.js';
import { type Book, Columns } from './book.js';
import type {
  AccountFacts,
  AmountAccount,
  AmountTraceResult,
  AmountVictim,
  ExitKind,
  PoisonAccount,
  PoisonTraceResult,
  PoisonVictim,
  TracedAmount,
  TracedView,
} from './model.js';
import { sortByHopThenId } from './order.js';
import type { PoisonTracer } from './poison.js';
import { Taken } from './taken.js';
import type { AmountTracer } from './tracer.js';
import { type VictimSet, VictimTally } from './victim-set.js';

/** What the summary needs to name things. */
export interface Names {
  account(index: number): string;
  facts(index: number): AccountFacts | undefined;
  /** Victim ids in index order (sorted by code unit). */
  readonly victims: readonly string[];
  readonly currency: Currency;
  readonly asOf: number | undefined;
  readonly transfers: number;
}

const BANK: AccountFacts = Object.freeze({
  kind: 'bank',
  institution: undefined,
  openingBalance: 0,
});

/** Reads an account's victims' money from the finished tracer's book when asked. */
class TracedReader {
  private readonly columns = new Columns();

  constructor(
    private readonly book: Book,
    private readonly scratch: Taken,
  ) {}

  traced(account: number): TracedView {
    return this.book.traced(account, this.columns, this.scratch);
  }
}

class SummaryAccount implements AmountAccount {
  constructor(
    readonly account: string,
    readonly kind: AccountFacts['kind'],
    readonly institution: string | undefined,
    readonly hop: number,
    readonly balance: number,
    readonly clean: number,
    readonly tracedCount: number,
    readonly tracedTotal: number,
    readonly gap: number,
    private readonly reader: TracedReader,
    private readonly index: number,
  ) {}

  traced(): TracedView {
    return this.reader.traced(this.index);
  }
}

export function summarizeAmounts(t: AmountTracer, names: Names): AmountTraceResult {
  const nv = names.victims.length;
  const held = new Float64Array(nv);
  // Money in exits per (kind, victim): one column per exit kind, made when first needed.
  const exitedBy = new Map<ExitKind, Float64Array>();
  const accountsOf = new Int32Array(nv);
  const accounts: AmountAccount[] = [];
  const reader = new TracedReader(t.book, new Taken(nv));
  for (let a = 0; a < t.hop.length; a++) {
    const hop = t.hop[a]!;
    if (hop === 0) continue;
    const facts = names.facts(a) ?? BANK;
    let sink: Float64Array = held;
    if (facts.kind !== 'bank') {
      let column = exitedBy.get(facts.kind);
      if (column === undefined) {
        column = new Float64Array(nv);
        exitedBy.set(facts.kind, column);
      }
      sink = column;
    }
    const view = reader.traced(a);
    const { victims: tv, amounts: ta } = view;
    let total = 0;
    for (let i = view.start; i < view.end; i++) {
      const v = tv[i]!;
      const x = ta[i]!;
      total += x;
      accountsOf[v] = accountsOf[v]! + 1;
      sink[v] = sink[v]! + x;
    }
    const balance = t.balance[a]!;
    accounts.push(
      new SummaryAccount(
        names.account(a),
        facts.kind,
        facts.institution,
        hop,
        balance,
        balance - total,
        view.end - view.start,
        total,
        t.gap[a]!,
        reader,
        a,
      ),
    );
  }
  sortByHopThenId(accounts);
  const kinds = [...exitedBy.keys()].sort();
  const victims: AmountVictim[] = names.victims.map((victim, v) => {
    const exited = new Map<ExitKind, number>();
    for (const k of kinds) {
      const x = exitedBy.get(k)![v]!;
      if (x !== 0) exited.set(k, x);
    }
    return {
      victim,
      loss: t.loss[v]!,
      held: held[v]!,
      exited,
      absorbed: t.absorbed[v]!,
      accounts: accountsOf[v]!,
    };
  });
  return {
    rule: t.rule,
    currency: names.currency,
    asOf: names.asOf,
    transfers: names.transfers,
    victimNames: names.victims,
    accounts,
    victims,
  };
}

/** The victims' money in an account as records, in victim id order (small results, tests). */
export function tracedOf(r: AmountTraceResult, a: AmountAccount): TracedAmount[] {
  const out: TracedAmount[] = [];
  const { victims, amounts, start, end } = a.traced();
  for (let i = start; i < end; i++)
    out.push({ victim: r.victimNames[victims[i]!]!, amount: amounts[i]! });
  return out;
}

export function summarizePoison(t: PoisonTracer, names: Names): PoisonTraceResult {
  const nv = names.victims.length;
  // Counted per set, not per member, and once per distinct set (accounts share sets): a big
  // case has ~1M tainted accounts holding ~20k sets of thousands of victims.
  const tally = new VictimTally(nv);
  const holders = new Map<VictimSet, number>();
  const reached = new Map<ExitKind, VictimSet>();
  const accounts: PoisonAccount[] = [];
  for (let a = 0; a < t.hop.length; a++) {
    const hop = t.hop[a]!;
    const set = t.sets[a];
    if (hop === 0 || set === undefined) continue;
    const facts = names.facts(a) ?? BANK;
    holders.set(set, (holders.get(set) ?? 0) + 1);
    if (facts.kind !== 'bank') {
      const exit = reached.get(facts.kind);
      if (exit === undefined) reached.set(facts.kind, set.copy());
      else exit.addAll(set);
    }
    accounts.push({
      account: names.account(a),
      kind: facts.kind,
      institution: facts.institution,
      hop,
      balance: t.balance[a]!,
      victims: set,
    });
  }
  for (const [set, times] of holders) set.countInto(tally, times);
  sortByHopThenId(accounts);
  const exitKinds = [...reached.keys()].sort();
  const victims: PoisonVictim[] = names.victims.map((victim, v) => ({
    victim,
    loss: t.loss[v]!,
    accounts: tally.count(v),
    exits: exitKinds.filter((k) => reached.get(k)?.has(v)),
  }));
  return {
    rule: 'poison',
    currency: names.currency,
    asOf: names.asOf,
    transfers: names.transfers,
    victimNames: names.victims,
    accounts,
    victims,
  };
}
