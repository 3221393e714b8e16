// Domain types of a trace: what goes in (after validation) and what comes out.
import type { Currency } from '../money/index.js';
import type { AmountRule, Rule } from './rules.js';

export const ACCOUNT_KINDS = [
  'bank',
  'cash',
  'crypto_exchange',
  'merchant',
  'foreign',
  'third_party_payment',
] as const;
export type AccountKind = (typeof ACCOUNT_KINDS)[number];
export type ExitKind = Exclude<AccountKind, 'bank'>;

export function isAccountKind(x: string): x is AccountKind {
  return (ACCOUNT_KINDS as readonly string[]).includes(x);
}

/** Facts about an account from the accounts file (or a pacs.008 agent). */
export interface AccountFacts {
  readonly kind: AccountKind;
  readonly institution: string | undefined;
  /** Clean money before its first transfer, minor units. */
  readonly openingBalance: number;
}

export interface TracedAmount {
  readonly victim: string;
  readonly amount: number;
}

interface AccountBase {
  readonly account: string;
  readonly kind: AccountKind;
  readonly institution: string | undefined;
  /** Least number of transfers from a victim's loss (1 = received a loss directly). */
  readonly hop: number;
}

/**
 * Entries [start, end) of two columns: victims (indices into the result's `victimNames`,
 * ascending = victim id order) and their amounts (none zero).
 */
export interface TracedView {
  readonly victims: Int32Array;
  readonly amounts: Float64Array;
  readonly start: number;
  readonly end: number;
}

export interface AmountAccount extends AccountBase {
  readonly balance: number;
  readonly clean: number;
  /**
   * Victims with money in the account now, read from the tracer's own storage: columns, not
   * one object per victim, and no copy kept, since under pro_rata a big case has thousands
   * of victims in each of 1M accounts. The view is valid until the next `traced()` of any
   * account of the result.
   */
  traced(): TracedView;
  /** Entries of traced(). */
  readonly tracedCount: number;
  readonly tracedTotal: number;
  readonly gap: number;
}

/**
 * A read-only set of victim indices (into the result's `victimNames`); iterates ascending.
 * Compact on purpose: a big case has ~100k accounts each tainted by thousands of victims.
 */
export interface VictimIndexSet extends Iterable<number> {
  readonly size: number;
  has(victim: number): boolean;
  /** Writes the members in ascending order into `out` (length >= size); returns size. */
  fill(out: Int32Array): number;
}

export interface PoisonAccount extends AccountBase {
  /** The whole balance: under poison all of it is tainted. */
  readonly balance: number;
  /** The victims tainting the account. */
  readonly victims: VictimIndexSet;
}

export interface AmountVictim {
  readonly victim: string;
  readonly loss: number;
  /** Still in bank accounts. */
  readonly held: number;
  /** In exits, by kind (only kinds with money). */
  readonly exited: ReadonlyMap<ExitKind, number>;
  /** Money that was in an account when it paid another victim's loss (see AmountTracer). */
  readonly absorbed: number;
  /** Accounts holding some of this victim's money now. */
  readonly accounts: number;
}

export interface PoisonVictim {
  readonly victim: string;
  readonly loss: number;
  /** Accounts tainted by this victim. */
  readonly accounts: number;
  /** Exit kinds the taint reached. */
  readonly exits: readonly ExitKind[];
}

interface ResultBase {
  readonly currency: Currency;
  readonly asOf: number | undefined;
  /** Transfers considered (after --as-of). */
  readonly transfers: number;
}

export interface AmountTraceResult extends ResultBase {
  readonly rule: AmountRule;
  /** Victim ids by index (id order). */
  readonly victimNames: readonly string[];
  readonly accounts: readonly AmountAccount[];
  readonly victims: readonly AmountVictim[];
}

export interface PoisonTraceResult extends ResultBase {
  readonly rule: 'poison';
  /** Victim ids by index (id order). */
  readonly victimNames: readonly string[];
  readonly accounts: readonly PoisonAccount[];
  readonly victims: readonly PoisonVictim[];
}

export type TraceResult = AmountTraceResult | PoisonTraceResult;

/** One row of the fund-flow table. `amount` is undefined under poison. */
export interface Flow {
  readonly victim: string;
  readonly hop: number;
  readonly transfer: string;
  readonly ts: number;
  readonly from: string;
  readonly to: string;
  readonly amount: number | undefined;
}

export type { Rule };
