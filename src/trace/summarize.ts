// Turns a finished tracer's state into the result records (accounts by hop, victims by id).
import type { Currency } from '../money/index.js';
import { Columns } from './book.js';
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

/**
 * What the accounts of a summary read, by account index: the finished tracer's columns and
 * book, and two columns of its own. A big trace reaches 1M accounts: an object of a dozen
 * fields each (doubles boxed) would cost ~110 MB more at the peak than these columns.
 */
class SummaryColumns {
  private readonly columns = new Columns();
  readonly tracedTotal: Float64Array;
  readonly tracedCount: Int32Array;

  constructor(
    readonly tracer: AmountTracer,
    readonly names: Names,
    private readonly scratch: Taken,
  ) {
    this.tracedTotal = new Float64Array(tracer.hop.length);
    this.tracedCount = new Int32Array(tracer.hop.length);
  }

  traced(account: number): TracedView {
    return this.tracer.book.traced(account, this.columns, this.scratch);
  }

  facts(account: number): AccountFacts {
    return this.names.facts(account) ?? BANK;
  }
}

class SummaryAccount implements AmountAccount {
  constructor(
    readonly account: string,
    readonly hop: number,
    private readonly columns: SummaryColumns,
    private readonly index: number,
  ) {}

  get kind(): AccountFacts['kind'] {
    return this.columns.facts(this.index).kind;
  }

  get institution(): string | undefined {
    return this.columns.facts(this.index).institution;
  }

  get balance(): number {
    return this.columns.tracer.balance[this.index]!;
  }

  get clean(): number {
    return this.balance - this.tracedTotal;
  }

  get tracedCount(): number {
    return this.columns.tracedCount[this.index]!;
  }

  get tracedTotal(): number {
    return this.columns.tracedTotal[this.index]!;
  }

  get gap(): number {
    return this.columns.tracer.gap[this.index]!;
  }

  traced(): TracedView {
    return this.columns.traced(this.index);
  }
}

export function summarizeAmounts(t: AmountTracer, names: Names): AmountTraceResult {
  const nv = names.victims.length;
  const held = new Float64Array(nv);
  // Money in exits per (kind, victim): one column per exit kind, made when first needed.
  const exitedBy = new Map<ExitKind, Float64Array>();
  const accountsOf = new Int32Array(nv);
  const accounts: AmountAccount[] = [];
  const columns = new SummaryColumns(t, names, new Taken(nv));
  for (let a = 0; a < t.hop.length; a++) {
    const hop = t.hop[a]!;
    if (hop === 0) continue;
    const facts = columns.facts(a);
    let sink: Float64Array = held;
    if (facts.kind !== 'bank') {
      let column = exitedBy.get(facts.kind);
      if (column === undefined) {
        column = new Float64Array(nv);
        exitedBy.set(facts.kind, column);
      }
      sink = column;
    }
    const view = columns.traced(a);
    const { victims: tv, amounts: ta } = view;
    let total = 0;
    for (let i = view.start; i < view.end; i++) {
      const v = tv[i]!;
      const x = ta[i]!;
      total += x;
      accountsOf[v] = accountsOf[v]! + 1;
      sink[v] = sink[v]! + x;
    }
    columns.tracedTotal[a] = total;
    columns.tracedCount[a] = view.end - view.start;
    accounts.push(new SummaryAccount(names.account(a), hop, columns, a));
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
