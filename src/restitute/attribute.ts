// traced_first, step one: what tracing returns from each frozen account to each victim.
// An account holding less than is traced to it is split by largest remainder; a victim
// never gets more than their net loss this way (the accounts are taken in id order, and
// what goes beyond joins the shared remainder). Amounts never depend on the order of the
// accounts; lists follow the input order, a victim's accounts are listed by id.

import { mulDivMod, quotRem } from './exact.js';
import type { Leftover } from './leftover.js';
import type {
  AccountOutcome,
  AccountPart,
  Claim,
  ClaimPart,
  FrozenAccount,
  Note,
  ResolvedAccount,
} from './model.js';

export interface Attribution {
  /** Returned by tracing, per claim index. */
  readonly traced: Float64Array;
  readonly returnedTotal: number;
  readonly notes: Note[];
  /** In the order of the accounts given. */
  readonly outcomes: AccountOutcome[];
  /** The accounts a claim had money traced in, by account id. */
  partsOf(claim: number): AccountPart[];
}

const NONE: readonly ClaimPart[] = [];

export function attribute(
  claims: readonly Claim[],
  accounts: readonly ResolvedAccount[],
  net: Float64Array,
  leftover: Leftover,
): Attribution {
  const n = claims.length;
  let size = 0;
  let largest = 0;
  for (const a of accounts) {
    const len = a.traced?.length ?? 0;
    size += len;
    if (len > largest) largest = len;
  }
  const eAccount = new Int32Array(size);
  const eClaim = new Int32Array(size);
  const eTraced = new Float64Array(size);
  const eReturned = new Float64Array(size);
  const accountTraced = new Float64Array(accounts.length);
  const traced = new Float64Array(n);
  const seen: { last?: Int32Array } = {};
  const part = new Float64Array(largest);
  const rems = new Float64Array(largest);
  const members = new Int32Array(largest);
  let tracedSum = 0;
  const out = quotRem();
  const notes: Note[] = [];
  let e = 0;
  for (let k = 0; k < accounts.length; k++) {
    const a = accounts[k]!;
    const first = e;
    let total = 0;
    const parts = a.traced ?? NONE;
    for (let p = 0; p < parts.length; p++) {
      const t = parts[p]!;
      const i = t.claim;
      if (!(Number.isInteger(i) && i >= 0 && i < n)) {
        throw new RangeError(`account ${a.account}: claim index ${i} out of range`);
      }
      if (!Number.isSafeInteger(t.amount) || t.amount < 0) {
        throw new RangeError(`account ${a.account}: bad traced amount`);
      }
      eAccount[e] = k;
      eClaim[e] = i;
      eTraced[e] = t.amount;
      total += t.amount;
      e++;
    }
    if (listedTwice(eClaim, first, e, k, n, seen)) {
      throw new RangeError(`account ${a.account}: a victim is listed twice`);
    }
    if (!Number.isSafeInteger(a.frozen) || a.frozen < 0)
      throw new RangeError(`account ${a.account}: bad frozen amount`);
    accountTraced[k] = total;
    tracedSum += total;
    if (a.traced === undefined || total === 0) {
      notes.push({
        kind: 'account_not_traced',
        account: a.account,
        frozen: a.frozen,
        inTrace: a.traced !== undefined,
      });
    } else if (a.frozen >= total) {
      for (let j = first; j < e; j++) eReturned[j] = eTraced[j]!;
    } else {
      notes.push({ kind: 'account_scaled', account: a.account, frozen: a.frozen, traced: total });
      let given = 0;
      for (let j = first; j < e; j++) {
        mulDivMod(a.frozen, eTraced[j]!, total, out);
        part[j - first] = out.q;
        members[j - first] = eClaim[j]!;
        rems[j - first] = out.r;
        given += out.q;
      }
      leftover.give(a.frozen - given, members, rems, e - first, total, part, true);
      for (let j = first; j < e; j++) eReturned[j] = part[j - first]!;
    }
  }
  for (let j = 0; j < size; j++) {
    const i = eClaim[j]!;
    traced[i] = traced[i]! + eReturned[j]!;
  }

  if (!(tracedSum <= Number.MAX_SAFE_INTEGER))
    throw new RangeError('total traced above 2^53 - 1 minor units');

  const byAccountId = (x: number, y: number) => {
    const ax = accounts[eAccount[x]!]!.account;
    const ay = accounts[eAccount[y]!]!.account;
    return ax < ay ? -1 : ax > ay ? 1 : x - y;
  };

  // The cap at net loss: a victim's accounts in id order fill it, the rest is shared.
  const over = new Map<number, number[]>();
  for (let i = 0; i < n; i++) if (traced[i]! > net[i]!) over.set(i, []);
  let attributed = eReturned;
  if (over.size > 0) {
    attributed = eReturned.slice();
    for (let j = 0; j < size; j++) over.get(eClaim[j]!)?.push(j);
    for (const [i, entries] of over) {
      notes.push({
        kind: 'traced_beyond_net_loss',
        victim: claims[i]!.victim,
        excess: traced[i]! - net[i]!,
      });
      let room = net[i]!;
      for (const j of entries.sort(byAccountId)) {
        const r = Math.min(attributed[j]!, room);
        eReturned[j] = r;
        room -= r;
      }
      traced[i] = net[i]!;
    }
  }

  // Entries by claim for the explanations (a counting sort), built when first asked for.
  let start: Int32Array | undefined;
  let byClaim: Int32Array | undefined;
  const entriesOf = (i: number): number[] => {
    if (start === undefined || byClaim === undefined) {
      start = new Int32Array(n + 1);
      for (let j = 0; j < size; j++) {
        const at = eClaim[j]! + 1;
        start[at] = start[at]! + 1;
      }
      for (let c = 0; c < n; c++) start[c + 1] = start[c + 1]! + start[c]!;
      const fill = start.slice(0, n);
      byClaim = new Int32Array(size);
      for (let j = 0; j < size; j++) {
        const c = eClaim[j]!;
        byClaim[fill[c]!] = j;
        fill[c] = fill[c]! + 1;
      }
    }
    return Array.from(byClaim.subarray(start[i]!, start[i + 1]!)).sort(byAccountId);
  };

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
      entriesOf(i).map((j) => {
        const a = accounts[eAccount[j]!]!;
        return {
          account: a.account,
          frozen: a.frozen,
          accountTraced: accountTraced[eAccount[j]!]!,
          traced: eTraced[j]!,
          attributed: attributed[j]!,
          returned: eReturned[j]!,
        };
      }),
  };
}

/**
 * Victims named by id -> claim indices, for tracedFirst. `index` (victim -> claim index) is
 * built when not given (reading a claims file builds one anyway, to find duplicates).
 * Throws RangeError for a victim with two claims or a traced victim without one.
 */
export function resolveTraced(
  claims: readonly Claim[],
  accounts: readonly FrozenAccount[],
  index: ReadonlyMap<string, number> = indexClaims(claims),
): ResolvedAccount[] {
  return accounts.map((a) => ({
    account: a.account,
    frozen: a.frozen,
    traced: a.traced?.map((t) => {
      const claim = index.get(t.victim);
      if (claim === undefined || claims[claim]?.victim !== t.victim) {
        throw new RangeError(`account ${a.account}: victim ${t.victim} has no claim`);
      }
      return { claim, amount: t.amount };
    }),
  }));
}

function indexClaims(claims: readonly Claim[]): Map<string, number> {
  const index = new Map<string, number>();
  for (let i = 0; i < claims.length; i++) {
    index.set(claims[i]!.victim, i);
    if (index.size === i) throw new RangeError(`victim ${claims[i]!.victim} has two claims`);
  }
  return index;
}

/**
 * Whether a claim appears twice among eClaim[first..end) (account k): pairwise for the usual
 * handful of victims, with a per-claim mark (allocated once, when first needed) beyond that.
 */
function listedTwice(
  eClaim: Int32Array,
  first: number,
  end: number,
  k: number,
  claims: number,
  seen: { last?: Int32Array },
): boolean {
  if (end - first <= 16) {
    for (let a = first + 1; a < end; a++) {
      for (let b = first; b < a; b++) if (eClaim[a] === eClaim[b]) return true;
    }
    return false;
  }
  seen.last ??= new Int32Array(claims).fill(-1);
  const last = seen.last;
  for (let j = first; j < end; j++) {
    const i = eClaim[j]!;
    if (last[i] === k) return true;
    last[i] = k;
  }
  return false;
}
