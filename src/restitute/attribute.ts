// traced_first, step one: what tracing returns from each frozen account to each victim.
// An account holding less than is traced to it is split by largest remainder; a victim
// never gets more than their net loss this way (the accounts are taken in id order, and
// what goes beyond joins the shared remainder).

import { mulDivMod, quotRem } from './exact.js';
import type { Leftover } from './leftover.js';
import type { AccountOutcome, AccountPart, Claim, FrozenAccount, Note } from './model.js';

export interface Attribution {
  /** Returned by tracing, per claim index. */
  readonly traced: Float64Array;
  readonly returnedTotal: number;
  readonly notes: Note[];
  /** By account id. */
  readonly outcomes: AccountOutcome[];
  /** The accounts a claim got money from (or had money traced in), by account id. */
  partsOf(claim: number): AccountPart[];
}

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function attribute(
  claims: readonly Claim[],
  given: readonly FrozenAccount[],
  net: Float64Array,
  leftover: Leftover,
): Attribution {
  // In account id order, so that the result never depends on the order of the input.
  const accounts = [...given].sort((x, y) => byId(x.account, y.account));
  for (let k = 1; k < accounts.length; k++) {
    if (accounts[k]!.account === accounts[k - 1]!.account)
      throw new RangeError(`account ${accounts[k]!.account} listed twice`);
  }
  const n = claims.length;
  const index = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const v = claims[i]!.victim;
    if (index.has(v)) throw new RangeError(`victim ${v} has two claims`);
    index.set(v, i);
  }
  let size = 0;
  for (const a of accounts) size += a.traced?.length ?? 0;
  const eAccount = new Int32Array(size);
  const eClaim = new Int32Array(size);
  const eTraced = new Float64Array(size);
  const eReturned = new Float64Array(size);
  const accountTraced = new Float64Array(accounts.length);
  const traced = new Float64Array(n);
  const lastAccount = new Int32Array(n).fill(-1);
  const scratch = new Float64Array(n);
  const out = quotRem();
  const notes: Note[] = [];
  let e = 0;
  for (let k = 0; k < accounts.length; k++) {
    const a = accounts[k]!;
    const parts = a.traced ?? [];
    const first = e;
    let total = 0;
    for (const t of parts) {
      const i = index.get(t.victim);
      if (i === undefined)
        throw new RangeError(`account ${a.account}: victim ${t.victim} has no claim`);
      if (lastAccount[i] === k)
        throw new RangeError(`account ${a.account}: victim ${t.victim} listed twice`);
      if (!Number.isSafeInteger(t.amount) || t.amount < 0)
        throw new RangeError(`account ${a.account}: bad traced amount`);
      lastAccount[i] = k;
      eAccount[e] = k;
      eClaim[e] = i;
      eTraced[e] = t.amount;
      total += t.amount;
      e++;
    }
    accountTraced[k] = total;
    if (a.traced === undefined || total === 0) {
      notes.push({
        kind: 'account_not_traced',
        account: a.account,
        frozen: a.frozen,
        inTrace: a.traced !== undefined,
      });
    } else if (a.frozen >= total) eReturned.set(eTraced.subarray(first, e), first);
    else {
      notes.push({ kind: 'account_scaled', account: a.account, frozen: a.frozen, traced: total });
      const members = eClaim.subarray(first, e);
      const rems = new Float64Array(e - first);
      let given = 0;
      for (let j = first; j < e; j++) {
        mulDivMod(a.frozen, eTraced[j]!, total, out);
        scratch[eClaim[j]!] = out.q;
        rems[j - first] = out.r;
        given += out.q;
      }
      leftover.give(a.frozen - given, members, rems, e - first, scratch);
      for (let j = first; j < e; j++) eReturned[j] = scratch[eClaim[j]!]!;
    }
    for (let j = first; j < e; j++) {
      const i = eClaim[j]!;
      traced[i] = traced[i]! + eReturned[j]!;
    }
  }

  // Entries by claim, in account id order (a stable counting sort), then the cap at net loss.
  const start = new Int32Array(n + 1);
  for (let j = 0; j < size; j++) {
    const at = eClaim[j]! + 1;
    start[at] = start[at]! + 1;
  }
  for (let i = 0; i < n; i++) start[i + 1] = start[i + 1]! + start[i]!;
  const fill = start.slice(0, n);
  const byClaim = new Int32Array(size);
  for (let j = 0; j < size; j++) {
    const i = eClaim[j]!;
    byClaim[fill[i]!] = j;
    fill[i] = fill[i]! + 1;
  }
  const entriesOf = (i: number): Int32Array => byClaim.subarray(start[i]!, start[i + 1]!);
  const eAttributed = eReturned.slice();
  for (let i = 0; i < n; i++) {
    if (traced[i]! <= net[i]!) continue;
    notes.push({
      kind: 'traced_beyond_net_loss',
      victim: claims[i]!.victim,
      excess: traced[i]! - net[i]!,
    });
    let room = net[i]!;
    for (const j of entriesOf(i)) {
      const r = Math.min(eAttributed[j]!, room);
      eReturned[j] = r;
      room -= r;
    }
    traced[i] = net[i]!;
  }

  const returnedBy = new Float64Array(accounts.length);
  let returnedTotal = 0;
  for (let j = 0; j < size; j++) {
    const k = eAccount[j]!;
    returnedBy[k] = returnedBy[k]! + eReturned[j]!;
    returnedTotal += eReturned[j]!;
  }
  const outcomes: AccountOutcome[] = accounts.map((a, k) => ({
    account: a.account,
    frozen: a.frozen,
    inTrace: a.traced !== undefined,
    traced: accountTraced[k]!,
    returned: returnedBy[k]!,
  }));
  return {
    traced,
    returnedTotal,
    notes,
    outcomes,
    partsOf: (i) =>
      Array.from(entriesOf(i), (j) => {
        const a = accounts[eAccount[j]!]!;
        return {
          account: a.account,
          frozen: a.frozen,
          accountTraced: accountTraced[eAccount[j]!]!,
          traced: eTraced[j]!,
          attributed: eAttributed[j]!,
          returned: eReturned[j]!,
        };
      }),
  };
}
