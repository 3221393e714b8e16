// The records of restitution (restitution.md): claims and frozen accounts in; amounts,
// per-victim explanations and notes out. All money is integer minor units.

export const METHODS = ['pro_rata', 'rising_tide', 'traced_first'] as const;
export type Method = (typeof METHODS)[number];

export function isMethod(x: string): x is Method {
  return (METHODS as readonly string[]).includes(x);
}

/** One victim's claim. Victim ids are unique within a call. */
export interface Claim {
  readonly victim: string;
  /** What the victim put in (c_i), > 0. */
  readonly loss: number;
  /** What the victim already got back or withdrew (w_i), >= 0; may exceed `loss`. */
  readonly recovered: number;
}

/**
 * A frozen account for traced_first; `traced` is undefined when the trace does not know it.
 * Victims are named by id here; resolveTraced turns them into claim indices.
 */
export interface FrozenAccount<Part = TracedPart> {
  readonly account: string;
  readonly frozen: number;
  readonly traced: readonly Part[] | undefined;
}

/** Money that tracing attributes to one victim in one account. */
export interface TracedPart {
  readonly victim: string;
  readonly amount: number;
}

/** A TracedPart with its victim resolved to an index into the claims. */
export interface ClaimPart {
  readonly claim: number;
  readonly amount: number;
}

/** A frozen account whose traced victims are claim indices: what tracedFirst takes. */
export type ResolvedAccount = FrozenAccount<ClaimPart>;

/** numerator / denominator, both non-negative integers (denominator > 0). */
export interface Rational {
  readonly numerator: number;
  readonly denominator: number;
}

/** A victim's exact rational share (numerator / denominator minor units) and its rounding. */
export interface ExactShare {
  readonly numerator: bigint;
  readonly denominator: bigint;
  /** The share rounded down to a whole minor unit. */
  readonly floor: number;
  /** Whether one of the units left over after rounding down went to this victim. */
  readonly roundedUp: boolean;
}

/**
 * How a proportional share came out: `no_net_loss` (recovered >= loss), `made_whole` (got
 * all of the net loss or, in traced_first's shared part, all that was still missing),
 * `share` (an exact share, rounded), `above_level` (rising tide: already recovered at least
 * the level; waits for the others).
 */
export type ShareStatus = 'no_net_loss' | 'made_whole' | 'share' | 'above_level';

export interface ProRataExplanation {
  readonly method: 'pro_rata';
  readonly status: ShareStatus;
  readonly netLoss: number;
  readonly amount: number;
  /** The pool and the total net loss it is split over. */
  readonly rate: Rational;
  readonly share: ExactShare | undefined;
}

export interface RisingTideExplanation {
  readonly method: 'rising_tide';
  readonly status: ShareStatus;
  readonly netLoss: number;
  readonly amount: number;
  /** L = (pool + recovered of victims in) / (losses of victims in), or 1/1. */
  readonly level: Rational;
  readonly share: ExactShare | undefined;
}

/** One frozen account's part in a victim's traced return. */
export interface AccountPart {
  readonly account: string;
  /** What is frozen in the account, and the total the trace attributes to all victims there. */
  readonly frozen: number;
  readonly accountTraced: number;
  /** What the trace attributes to this victim there. */
  readonly traced: number;
  /** The victim's part of the frozen money (traced, scaled down when frozen < accountTraced). */
  readonly attributed: number;
  /** What is returned from it (attributed, less what goes beyond the net loss). */
  readonly returned: number;
}

export interface TracedFirstExplanation {
  readonly method: 'traced_first';
  readonly netLoss: number;
  readonly amount: number;
  /** By account id (code unit order). */
  readonly accounts: readonly AccountPart[];
  readonly traced: number;
  readonly shared: SharedPart;
}

/** The victim's part of the shared remainder (pro rata on net loss, capped at what is still missing). */
export interface SharedPart {
  readonly status: ShareStatus;
  readonly amount: number;
  /** The net loss not covered by tracing: the cap. */
  readonly missing: number;
  /** Share of the remainder per unit of net loss among victims not capped. */
  readonly rate: Rational;
  readonly share: ExactShare | undefined;
}

export type Explanation = ProRataExplanation | RisingTideExplanation | TracedFirstExplanation;

/** Facts the user should see; none of them stops the distribution. */
export type Note =
  | {
      readonly kind: 'recovered_exceeds_loss';
      readonly victim: string;
      readonly loss: number;
      readonly recovered: number;
    }
  | {
      readonly kind: 'account_not_traced';
      readonly account: string;
      readonly frozen: number;
      /** In the trace, but with no traced money now. */
      readonly inTrace: boolean;
    }
  | {
      readonly kind: 'account_scaled';
      readonly account: string;
      readonly frozen: number;
      readonly traced: number;
    }
  | { readonly kind: 'traced_beyond_net_loss'; readonly victim: string; readonly excess: number }
  | { readonly kind: 'unallocated'; readonly amount: number };

/** What happened to one frozen account in traced_first. */
export interface AccountOutcome {
  readonly account: string;
  readonly frozen: number;
  readonly inTrace: boolean;
  /** Total the trace attributes to victims there. */
  readonly traced: number;
  /** Returned to victims by tracing; the rest of `frozen` joined the shared remainder. */
  readonly returned: number;
}

interface Common {
  readonly claims: readonly Claim[];
  readonly pool: number;
  /** amounts[i] is what claims[i].victim receives. */
  readonly amounts: Float64Array;
  /** Money left because every victim is made whole: amounts + unallocated = pool. */
  readonly unallocated: number;
  readonly notes: readonly Note[];
  /** How claims[index]'s amount came out (traced_first: its shared part); cheaper than explain. */
  status(index: number): ShareStatus;
}

export interface ProRataResult extends Common {
  readonly method: 'pro_rata';
  readonly totalNetLoss: number;
  explain(index: number): ProRataExplanation;
}

export interface RisingTideResult extends Common {
  readonly method: 'rising_tide';
  readonly level: Rational;
  explain(index: number): RisingTideExplanation;
}

export interface TracedFirstResult extends Common {
  readonly method: 'traced_first';
  /** Per claim: returned by tracing, and from the shared remainder. */
  readonly traced: Float64Array;
  readonly shared: Float64Array;
  /** The frozen money tracing could not attribute, and its rate (see SharedPart). */
  readonly sharedRemainder: number;
  readonly sharedRate: Rational;
  /** By account id. */
  readonly accounts: readonly AccountOutcome[];
  explain(index: number): TracedFirstExplanation;
}

export type Restitution = ProRataResult | RisingTideResult | TracedFirstResult;
