// Turns a finished tracer's state into the result records (accounts by hop, victims by id).
import type { Currency } from '../money/index.js';
import type {
  AccountFacts,
  AmountAccount,
  AmountTraceResult,
  AmountVictim,
  ExitKind,
  PoisonAccount,
  PoisonTraceResult,
  PoisonVictim,
} from './model.js';
import type { PoisonTracer } from './poison.js';
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

export function summarizeAmounts(t: AmountTracer, names: Names): AmountTraceResult {
  const nv = names.victims.length;
  const held = new Float64Array(nv);
  const exited: Map<ExitKind, number>[] = Array.from({ length: nv }, () => new Map());
  const accountsOf = new Int32Array(nv);
  const accounts: AmountAccount[] = [];
  for (let a = 0; a < t.hop.length; a++) {
    const hop = t.hop[a]!;
    if (hop === 0) continue;
    const facts = names.facts(a) ?? BANK;
    const mix = t.states[a]?.victimMix();
    const traced = [];
    let total = 0;
    if (mix !== undefined) {
      for (let i = 0; i < mix.size; i++) {
        const v = mix.keys[i]!;
        const x = mix.amounts[i]!;
        if (x === 0) continue;
        traced.push({ victim: names.victims[v]!, amount: x });
        total += x;
        accountsOf[v] = accountsOf[v]! + 1;
        if (facts.kind === 'bank') held[v] = held[v]! + x;
        else {
          const m = exited[v]!;
          m.set(facts.kind, (m.get(facts.kind) ?? 0) + x);
        }
      }
    }
    const balance = t.balance[a]!;
    accounts.push({
      account: names.account(a),
      kind: facts.kind,
      institution: facts.institution,
      hop,
      balance,
      clean: balance - total,
      traced,
      tracedTotal: total,
      gap: t.gap[a]!,
    });
  }
  accounts.sort(byHopThenId);
  const victims: AmountVictim[] = names.victims.map((victim, v) => ({
    victim,
    loss: t.loss[v]!,
    held: held[v]!,
    exited: sortedKinds(exited[v]!),
    absorbed: t.absorbed[v]!,
    accounts: accountsOf[v]!,
  }));
  return {
    rule: t.rule,
    currency: names.currency,
    asOf: names.asOf,
    transfers: names.transfers,
    accounts,
    victims,
  };
}

export function summarizePoison(t: PoisonTracer, names: Names): PoisonTraceResult {
  const nv = names.victims.length;
  // Counted per set, not per member: a big case has ~100k sets of thousands of victims.
  const tally = new VictimTally(nv);
  const reached = new Map<ExitKind, VictimSet>();
  const accounts: PoisonAccount[] = [];
  for (let a = 0; a < t.hop.length; a++) {
    const hop = t.hop[a]!;
    const set = t.sets[a];
    if (hop === 0 || set === undefined) continue;
    const facts = names.facts(a) ?? BANK;
    set.countInto(tally);
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
  accounts.sort(byHopThenId);
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

function byHopThenId(
  a: { hop: number; account: string },
  b: { hop: number; account: string },
): number {
  return a.hop - b.hop || (a.account < b.account ? -1 : a.account > b.account ? 1 : 0);
}

function sortedKinds(m: Map<ExitKind, number>): ReadonlyMap<ExitKind, number> {
  return new Map([...m].sort((x, y) => (x[0] < y[0] ? -1 : 1)));
}
