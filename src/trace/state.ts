// Per-account state of a tainted account under each amount rule: how its money is held
// and which money a payment takes (tracing.md, "Rules").
import { assertNever } from '../errors/index.js';
import type { ExactSplitter } from '../money/index.js';
import { type Arena, Mix, type Weights } from './composition.js';
import type { AmountRule } from './rules.js';
import type { Taken } from './taken.js';

/** Shared scratch for splits. */
export interface SplitTools {
  readonly splitter: ExactSplitter;
  readonly weights: Weights;
}

export interface AccountState {
  /** Victims' money now in the account (clean = balance - this). */
  victimTotal(): number;
  /** Adds each victim's money now in the account into `into` (the state is unchanged). */
  collect(into: Taken): void;
  /**
   * Each victim's money now in the account, ascending by victim: a view of the state's own
   * storage where it has one mix, else merged (with `scratch`) into `columns`. Valid until
   * the state changes.
   */
  traced(columns: Columns, scratch: Taken): TracedView;
  /** Takes `amount` < balance into `taken` by the rule. */
  take(amount: number, balance: number, taken: Taken, tools: SplitTools): void;
  /** Takes everything into `taken` (the payment is at least the balance). */
  takeAll(balance: number, taken: Taken): void;
  addClean(amount: number): void;
  /** Receives the money in `taken` as one lot. */
  receive(taken: Taken): void;
  /** Receives a victim's loss as one lot. */
  receiveLoss(victim: number, amount: number): void;
}

/** pro_rata, clean_first, dirty_first: only the account's totals matter, not lot order. */
class PooledState implements AccountState {
  private readonly mix: Mix;
  constructor(
    private readonly rule: 'pro_rata' | 'clean_first' | 'dirty_first',
    arena: Arena,
  ) {
    this.mix = new Mix(arena);
  }

  take(amount: number, balance: number, taken: Taken, tools: SplitTools): void {
    const mix = this.mix;
    const clean = balance - mix.total;
    switch (this.rule) {
      case 'pro_rata':
        taken.clean += mix.takeWithClean(amount, clean, taken, tools.splitter, tools.weights);
        return;
      case 'clean_first':
        if (amount <= clean) taken.clean += amount;
        else {
          taken.clean += clean;
          mix.takeProportional(amount - clean, taken, tools.splitter, tools.weights);
        }
        return;
      case 'dirty_first':
        if (amount >= mix.total) {
          taken.clean += amount - mix.total;
          mix.drainInto(taken);
        } else mix.takeProportional(amount, taken, tools.splitter, tools.weights);
        return;
      default:
        assertNever(this.rule);
    }
  }

  takeAll(balance: number, taken: Taken): void {
    taken.clean += balance - this.mix.total;
    this.mix.drainInto(taken);
  }

  addClean(): void {}

  receive(taken: Taken): void {
    this.mix.addTaken(taken);
  }

  receiveLoss(victim: number, amount: number): void {
    this.mix.add(victim, amount);
  }

  victimTotal(): number {
    return this.mix.total;
  }

  collect(into: Taken): void {
    this.mix.copyInto(into);
  }

  traced(): TracedView {
    return this.mix.view();
  }
}

/**
 * fifo and lifo: lots in arrival order; a payment takes whole lots from one end. Lot i is
 * clean money `cleans[i]` plus victims' money `mixes[i]` (undefined: clean money only), in
 * two arrays rather than an object per lot; mixes of lots taken whole go back to the arena's
 * spares. Under lifo on 1M transfers a trace makes ~450k takes over ~61k accounts, and the
 * lot objects it made and dropped were a quarter of its time in garbage collection.
 */
class LotState implements AccountState {
  private cleans: number[] = [];
  private mixes: (Mix | undefined)[] = [];
  private head = 0;

  constructor(
    private readonly newestFirst: boolean,
    openingClean: number,
    private readonly arena: Arena,
  ) {
    if (openingClean > 0) this.push(openingClean, undefined);
  }

  private push(clean: number, mix: Mix | undefined): void {
    this.cleans.push(clean);
    this.mixes.push(mix);
  }

  take(amount: number, _balance: number, taken: Taken, tools: SplitTools): void {
    let left = amount;
    const { cleans, mixes } = this;
    while (left > 0) {
      const idx = this.newestFirst ? cleans.length - 1 : this.head;
      const clean = cleans[idx]!;
      const mix = mixes[idx];
      const size = clean + (mix === undefined ? 0 : mix.total);
      if (size <= left) {
        left -= size;
        taken.clean += clean;
        if (mix !== undefined) {
          mix.drainInto(taken);
          this.arena.recycle(mix);
        }
        if (this.newestFirst) {
          cleans.pop();
          mixes.pop();
        } else {
          mixes[idx] = undefined;
          this.head++;
        }
        continue;
      }
      // Partly taken: the lot gives up its components proportionally (clean first on ties).
      if (mix === undefined) {
        cleans[idx] = clean - left;
        taken.clean += left;
      } else {
        const c = mix.takeWithClean(left, clean, taken, tools.splitter, tools.weights);
        cleans[idx] = clean - c;
        taken.clean += c;
      }
      left = 0;
    }
    if (this.head > 1024 && this.head * 2 > cleans.length) {
      this.cleans = cleans.slice(this.head);
      this.mixes = mixes.slice(this.head);
      this.head = 0;
    }
  }

  takeAll(_balance: number, taken: Taken): void {
    const { cleans, mixes } = this;
    for (let i = this.head; i < cleans.length; i++) {
      taken.clean += cleans[i]!;
      const mix = mixes[i];
      if (mix !== undefined) {
        mix.drainInto(taken);
        this.arena.recycle(mix);
      }
    }
    this.cleans = [];
    this.mixes = [];
    this.head = 0;
  }

  addClean(amount: number): void {
    const last = this.cleans.length - 1;
    if (last >= this.head && this.mixes[last] === undefined)
      this.cleans[last] = this.cleans[last]! + amount;
    else this.push(amount, undefined);
  }

  receive(taken: Taken): void {
    if (!taken.hasVictims) {
      this.addClean(taken.clean);
      return;
    }
    const mix = this.arena.mix();
    mix.addTaken(taken);
    this.push(taken.clean, mix);
  }

  receiveLoss(victim: number, amount: number): void {
    const mix = this.arena.mix();
    mix.add(victim, amount);
    this.push(0, mix);
  }

  victimTotal(): number {
    let total = 0;
    for (let i = this.head; i < this.mixes.length; i++) total += this.mixes[i]?.total ?? 0;
    return total;
  }

  collect(into: Taken): void {
    for (let i = this.head; i < this.mixes.length; i++) this.mixes[i]?.copyInto(into);
  }

  traced(columns: Columns, scratch: Taken): TracedView {
    scratch.reset();
    this.collect(scratch);
    return columns.append(scratch);
  }
}

/** Entries [start, end) of two columns: victims (ascending) and their amounts. */
export interface TracedView {
  readonly victims: Int32Array;
  readonly amounts: Float64Array;
  readonly start: number;
  readonly end: number;
}

/** Growable columns for merged views; a full block is left to its views, never copied. */
export class Columns {
  private victims = new Int32Array(0);
  private amounts = new Float64Array(0);
  private length = 0;

  append(t: Taken): TracedView {
    const n = t.count();
    if (this.length + n > this.victims.length) {
      const size = Math.max(1 << 16, n * 2);
      this.victims = new Int32Array(size);
      this.amounts = new Float64Array(size);
      this.length = 0;
    }
    const start = this.length;
    for (let i = 0; i < n; i++) {
      this.victims[start + i] = t.victimAt(i);
      this.amounts[start + i] = t.amountAt(i);
    }
    this.length = start + n;
    return { victims: this.victims, amounts: this.amounts, start, end: this.length };
  }
}

export function newState(rule: AmountRule, openingClean: number, arena: Arena): AccountState {
  switch (rule) {
    case 'fifo':
      return new LotState(false, openingClean, arena);
    case 'lifo':
      return new LotState(true, openingClean, arena);
    case 'pro_rata':
    case 'clean_first':
    case 'dirty_first':
      return new PooledState(rule, arena);
    default:
      return assertNever(rule);
  }
}
