// Builds a PreparedTrace from plain records, for tests of the tracer core.
import { IdColumn, Interner, LineNumbers } from '../../ingest/index.js';
import { knownCurrency } from '../../money/index.js';
import type { AccountFacts, AccountKind } from '../model.js';
import type { PreparedTrace } from '../prepare.js';

export interface T {
  id: string;
  ts: number;
  from: string;
  to: string;
  amount: number;
}

export function build(
  transfers: readonly T[],
  losses: readonly (readonly [string, string])[],
  opening: Readonly<Record<string, number>> = {},
  kinds: Readonly<Record<string, AccountKind>> = {},
): PreparedTrace {
  const ids = new IdColumn();
  const lines = new LineNumbers();
  lines.set(0, 2);
  const accounts = new Interner();
  const n = transfers.length;
  const ts = new Float64Array(n);
  const from = new Int32Array(n);
  const to = new Int32Array(n);
  const amount = new Float64Array(n);
  let sorted = true;
  transfers.forEach((t, i) => {
    ids.pushString(t.id);
    ts[i] = t.ts;
    from[i] = accounts.internString(t.from);
    to[i] = accounts.internString(t.to);
    amount[i] = t.amount;
    if (i > 0 && t.ts < transfers[i - 1]!.ts) sorted = false;
  });
  for (const a of [...Object.keys(opening), ...Object.keys(kinds)]) accounts.internString(a);
  const victims = [...new Set(losses.map((l) => l[1]))].sort();
  const victimOf = new Int32Array(n).fill(-1);
  for (const [tid, v] of losses) victimOf[ids.lookupString(tid)] = victims.indexOf(v);
  const open = new Float64Array(accounts.size);
  const facts = new Map<number, AccountFacts>();
  for (const [a, x] of Object.entries(opening)) open[accounts.lookupString(a)] = x;
  for (const [a, kind] of Object.entries(kinds)) {
    facts.set(accounts.lookupString(a), {
      kind,
      institution: undefined,
      openingBalance: opening[a] ?? 0,
    });
  }
  return {
    transfers: {
      count: n,
      ts,
      from,
      to,
      amount,
      lines,
      ids,
      accounts,
      currency: knownCurrency('CNY'),
      sorted,
      institutions: new Map(),
    },
    victimOf,
    victims,
    facts,
    opening: open,
  };
}
