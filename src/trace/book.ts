// What the tracer keeps of its tainted accounts under one amount rule (tracing.md, "Rules"):
// a Book of every tainted account's money, and which money a payment takes.
import type { ExactSplitter } from '../money/index.js';
import type { Weights } from './composition.js';
import type { TracedView } from './model.js';
import type { Taken } from './taken.js';

/** Shared scratch for splits. */
export interface SplitTools {
  readonly splitter: ExactSplitter;
  readonly weights: Weights;
}

/**
 * The money of every tainted account, by account index. One object per trace (not one per
 * account), so that a rule can keep its accounts in shared typed arrays. Every method but
 * `taint` is for accounts tainted before.
 */
export interface Book {
  /** Starts keeping `account`, holding `openingClean` clean money so far. */
  taint(account: number, openingClean: number): void;
  /** Victims' money now in the account (clean = balance - this). */
  victimTotal(account: number): number;
  /** Adds each victim's money now in the account into `into` (the book is unchanged). */
  collect(account: number, into: Taken): void;
  /**
   * Each victim's money now in the account, ascending by victim: a view of the book's own
   * storage where it has it in one place, else merged (with `scratch`) into `columns`.
   * Valid until the book changes or the next `traced` call (a dense mix is decoded into
   * scratch columns).
   */
  traced(account: number, columns: Columns, scratch: Taken): TracedView;
  /** Takes `amount` < balance into `taken` by the rule. */
  take(account: number, amount: number, balance: number, taken: Taken, tools: SplitTools): void;
  /** Takes everything into `taken` (the payment is at least the balance). */
  takeAll(account: number, balance: number, taken: Taken): void;
  addClean(account: number, amount: number): void;
  /** Receives the money in `taken` as one lot. */
  receive(account: number, taken: Taken): void;
  /** Receives a victim's loss as one lot. */
  receiveLoss(account: number, victim: number, amount: number): void;
}

export type { TracedView };

/** Columns for a merged view, valid until the next `set`. */
export class Columns {
  private victims = new Int32Array(0);
  private amounts = new Float64Array(0);

  set(t: Taken): TracedView {
    const n = t.count();
    if (n > this.victims.length) {
      const size = Math.max(256, n * 2);
      this.victims = new Int32Array(size);
      this.amounts = new Float64Array(size);
    }
    for (let i = 0; i < n; i++) {
      this.victims[i] = t.victimAt(i);
      this.amounts[i] = t.amountAt(i);
    }
    return { victims: this.victims, amounts: this.amounts, start: 0, end: n };
  }
}
