// A slow, obviously-correct tracer written straight from tracing.md (normative), for
// differential tests of the optimised one. Every account keeps an explicit list of lots and
// all amounts are BigInt, so floor(a * x_i / X) is exact. Shares no code with src/trace or
// src/money on purpose: where the two disagree, one of them misreads the spec.
import type { AmountRule } from '../rules.js';
import type { T } from './build.js';

/** A composition: clean money plus an amount per victim (no zero entries). */
export interface Lot {
  clean: bigint;
  victims: Map<string, bigint>;
}

export interface RefAccount {
  /** Lots in arrival order (pooled rules keep their money as one lot: order is irrelevant). */
  lots: Lot[];
  balance: bigint;
  hop: number;
  gap: bigint;
  /** "Where the payer ever received traced money" (tracing.md, the gap rule). */
  receivedTraced: boolean;
}

export interface RefAmountResult {
  readonly accounts: ReadonlyMap<string, RefAccount>;
  /** Victim -> total loss. */
  readonly loss: ReadonlyMap<string, bigint>;
  /** Victim -> its money that sat in an account when that account paid a loss (and vanished). */
  readonly absorbed: ReadonlyMap<string, bigint>;
}

export interface RefPoisonAccount {
  victims: Set<string>;
  hop: number;
  balance: bigint;
}

export interface RefPoisonResult {
  readonly accounts: ReadonlyMap<string, RefPoisonAccount>;
  readonly loss: ReadonlyMap<string, bigint>;
}

export interface RefInput {
  readonly transfers: readonly T[];
  /** [transfer id, victim id] */
  readonly losses: readonly (readonly [string, string])[];
  readonly opening?: Readonly<Record<string, number>>;
}

/** Code-unit order, as tracing.md asks for victim ids. */
const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** "Transfers are processed in order of time, ties in input order." */
function inTimeOrder(transfers: readonly T[]): T[] {
  return transfers
    .map((t, i) => ({ t, i }))
    .sort((x, y) => x.t.ts - y.t.ts || x.i - y.i)
    .map((x) => x.t);
}

export const lotTotal = (lot: Lot): bigint =>
  [...lot.victims.values()].reduce((s, x) => s + x, lot.clean);

/** Sum of lots, as one lot. */
export function merge(lots: readonly Lot[]): Lot {
  const out: Lot = { clean: 0n, victims: new Map() };
  for (const lot of lots) {
    out.clean += lot.clean;
    for (const [v, x] of lot.victims) out.victims.set(v, (out.victims.get(v) ?? 0n) + x);
  }
  return out;
}

/**
 * The largest remainder split of `a` over `parts` (listed in tie order, total X >= a):
 * floor(a * x_i / X) each, then one unit each to the largest remainders, ties to the first.
 */
export function largestRemainder(a: bigint, parts: readonly bigint[]): bigint[] {
  const X = parts.reduce((s, x) => s + x, 0n);
  if (a === X) return [...parts]; // "If a = X every component is taken whole."
  const out = parts.map((x) => (a * x) / X);
  let left = a - out.reduce((s, x) => s + x, 0n);
  const order = parts
    .map((x, i) => ({ i, r: (a * x) % X }))
    .sort((p, q) => (p.r === q.r ? p.i - q.i : p.r > q.r ? -1 : 1));
  for (const { i } of order) {
    if (left === 0n) break;
    out[i] = out[i]! + 1n;
    left -= 1n;
  }
  return out;
}

/** Takes `a` from `lot` in proportion over clean then victims by id; mutates the lot. */
function takeProportional(lot: Lot, a: bigint, withClean: boolean): Lot {
  const ids = [...lot.victims.keys()].sort(byCodeUnit);
  const parts = [...(withClean ? [lot.clean] : []), ...ids.map((v) => lot.victims.get(v)!)];
  const got = largestRemainder(a, parts);
  const taken: Lot = { clean: withClean ? got.shift()! : 0n, victims: new Map() };
  lot.clean -= taken.clean;
  ids.forEach((v, k) => {
    const x = got[k]!;
    if (x === 0n) return;
    taken.victims.set(v, x);
    const rest = lot.victims.get(v)! - x;
    if (rest === 0n) lot.victims.delete(v);
    else lot.victims.set(v, rest);
  });
  return taken;
}

/** Takes `a` <= balance from the account's lots by the rule; returns what it took. */
function take(account: RefAccount, a: bigint, rule: AmountRule): Lot {
  const lots = account.lots;
  if (rule === 'fifo' || rule === 'lifo') {
    const taken: Lot[] = [];
    let left = a;
    while (left > 0n) {
      const lot = rule === 'fifo' ? lots.shift()! : lots.pop()!;
      const size = lotTotal(lot);
      if (size <= left) {
        taken.push(lot);
        left -= size;
      } else {
        // "a lot that is only partly taken gives up its components proportionally"
        taken.push(takeProportional(lot, left, true));
        if (rule === 'fifo') lots.unshift(lot);
        else lots.push(lot);
        left = 0n;
      }
    }
    return merge(taken);
  }
  // pro_rata, clean_first, dirty_first look only at the account's totals.
  const pool = merge(lots);
  lots.length = 0;
  lots.push(pool);
  const dirty = lotTotal(pool) - pool.clean;
  switch (rule) {
    case 'pro_rata':
      return takeProportional(pool, a, true);
    case 'clean_first': {
      // Clean first, then victims proportionally. The pool's clean part is the account's
      // clean money now; victims' money only ever shrinks under it, so a later clean deposit
      // never restores a claim.
      const clean = a < pool.clean ? a : pool.clean;
      pool.clean -= clean;
      const taken = takeProportional(pool, a - clean, false);
      taken.clean = clean;
      return taken;
    }
    case 'dirty_first': {
      const fromVictims = a < dirty ? a : dirty;
      const taken = takeProportional(pool, fromVictims, false);
      taken.clean = a - fromVictims;
      pool.clean -= taken.clean;
      return taken;
    }
  }
}

function openAccount(accounts: Map<string, RefAccount>, id: string, opening: number): RefAccount {
  let account = accounts.get(id);
  if (account === undefined) {
    const clean = BigInt(opening);
    account = { lots: [], balance: clean, hop: 0, gap: 0n, receivedTraced: false };
    // "An account's opening balance is one clean lot that comes first."
    if (clean > 0n) account.lots.push({ clean, victims: new Map() });
    accounts.set(id, account);
  }
  return account;
}

function add(into: Map<string, bigint>, key: string, x: bigint): void {
  if (x !== 0n) into.set(key, (into.get(key) ?? 0n) + x);
}

/** Traces `input` under an amount rule, exactly as tracing.md says. */
export function referenceAmounts(input: RefInput, rule: AmountRule): RefAmountResult {
  const lossOf = new Map(input.losses.map(([t, v]) => [t, v]));
  const accounts = new Map<string, RefAccount>();
  const loss = new Map<string, bigint>();
  const absorbed = new Map<string, bigint>();
  const account = (id: string) => openAccount(accounts, id, input.opening?.[id] ?? 0);
  for (const t of inTimeOrder(input.transfers)) {
    const payer = account(t.from);
    const receiver = account(t.to);
    const a = BigInt(t.amount);
    const victim = lossOf.get(t.id);
    // "If the payer's balance is smaller than the amount, the missing part is treated as
    // clean money of unknown origin added to the payer just before the transfer."
    const missing = a > payer.balance ? a - payer.balance : 0n;
    if (missing > 0n) {
      payer.lots.push({ clean: missing, victims: new Map() });
      payer.balance += missing;
      if (victim === undefined && payer.receivedTraced) payer.gap += missing;
    }
    const taken = take(payer, a, rule);
    payer.balance -= a;
    receiver.balance += a;
    if (victim !== undefined) {
      // "arrives at its receiver as a lot made of that victim's money only ... The payer's own
      // lots are debited as usual": victims' money the payer's lots gave up leaves every
      // account. tracing.md also says taint is "never created or destroyed"; the two conflict
      // here, and like the tracer we follow the loss rule and count that money as absorbed.
      for (const [v, x] of taken.victims) add(absorbed, v, x);
      add(loss, victim, a);
      receiver.lots.push({ clean: 0n, victims: new Map([[victim, a]]) });
      receiver.receivedTraced = true;
      receiver.hop = 1;
    } else {
      receiver.lots.push(taken);
      if (taken.victims.size > 0) {
        receiver.receivedTraced = true;
        const hop = payer.hop + 1;
        if (receiver.hop === 0 || receiver.hop > hop) receiver.hop = hop;
      }
    }
  }
  return { accounts, loss, absorbed };
}

/**
 * Traces `input` under poison: "an account that receives anything from a tainted account is
 * tainted by all of its victims"; a loss taints its receiver with the victim, at hop 1.
 */
export function referencePoison(input: RefInput): RefPoisonResult {
  const lossOf = new Map(input.losses.map(([t, v]) => [t, v]));
  const accounts = new Map<string, RefPoisonAccount>();
  const loss = new Map<string, bigint>();
  const account = (id: string): RefPoisonAccount => {
    let x = accounts.get(id);
    if (x === undefined) {
      x = { victims: new Set(), hop: 0, balance: BigInt(input.opening?.[id] ?? 0) };
      accounts.set(id, x);
    }
    return x;
  };
  for (const t of inTimeOrder(input.transfers)) {
    const payer = account(t.from);
    const receiver = account(t.to);
    const a = BigInt(t.amount);
    payer.balance = a > payer.balance ? 0n : payer.balance - a;
    receiver.balance += a;
    const victim = lossOf.get(t.id);
    if (victim !== undefined) {
      // Ambiguous in tracing.md: read literally, "receives anything from a tainted account"
      // would also give the receiver the payer's victims when a tainted account pays a loss;
      // the loss rule says a loss arrives as "that victim's money only, whatever the payer's
      // state". The tracer takes the loss rule; so do we, until the spec says otherwise.
      add(loss, victim, a);
      receiver.victims.add(victim);
      receiver.hop = 1;
    } else if (payer.victims.size > 0) {
      for (const v of payer.victims) receiver.victims.add(v);
      const hop = payer.hop + 1;
      if (receiver.hop === 0 || receiver.hop > hop) receiver.hop = hop;
    }
  }
  return { accounts, loss };
}
