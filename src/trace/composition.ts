// A sparse mix of victims' money: parallel arrays of victim indices (ascending, which is
// victim id order) and their amounts. Clean money is kept by the owner.
import type { ExactSplitter } from '../money/index.js';
import type { Taken } from './taken.js';

export class Mix {
  keys: number[] = [];
  amounts: number[] = [];
  total = 0;

  /** Adds `amount` of victim `v`. */
  add(v: number, amount: number): void {
    const keys = this.keys;
    const n = keys.length;
    this.total += amount;
    if (n === 0 || keys[n - 1]! < v) {
      keys.push(v);
      this.amounts.push(amount);
      return;
    }
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (keys[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    if (keys[lo] === v) this.amounts[lo] = this.amounts[lo]! + amount;
    else {
      keys.splice(lo, 0, v);
      this.amounts.splice(lo, 0, amount);
    }
  }

  /** Adds the victims' part of `taken` (a linear merge when many victims come at once). */
  addTaken(taken: Taken): void {
    const incoming = taken.victims();
    if (incoming.length <= 4 || this.keys.length === 0) {
      for (const v of incoming) this.add(v, taken.amountOf(v));
      return;
    }
    const keys = this.keys;
    const amounts = this.amounts;
    const outKeys: number[] = [];
    const outAmounts: number[] = [];
    let i = 0;
    let j = 0;
    while (i < keys.length || j < incoming.length) {
      const a = i < keys.length ? keys[i]! : Infinity;
      const b = j < incoming.length ? incoming[j]! : Infinity;
      if (a < b) {
        outKeys.push(a);
        outAmounts.push(amounts[i++]!);
      } else if (b < a) {
        const x = taken.amountOf(b);
        outKeys.push(b);
        outAmounts.push(x);
        this.total += x;
        j++;
      } else {
        const x = taken.amountOf(b);
        outKeys.push(a);
        outAmounts.push(amounts[i++]! + x);
        this.total += x;
        j++;
      }
    }
    this.keys = outKeys;
    this.amounts = outAmounts;
  }

  /** Moves everything into `taken` and empties this mix. */
  drainInto(taken: Taken): void {
    const keys = this.keys;
    const amounts = this.amounts;
    for (let i = 0; i < keys.length; i++) taken.add(keys[i]!, amounts[i]!);
    this.keys = [];
    this.amounts = [];
    this.total = 0;
  }

  /**
   * Takes `amount` out of clean money `clean` and this mix together, in proportion
   * (clean first on ties), moving it into `taken`. Returns the clean part taken.
   * Requires amount < clean + total.
   */
  takeWithClean(
    amount: number,
    clean: number,
    taken: Taken,
    splitter: ExactSplitter,
    w: Weights,
  ): number {
    const n = this.keys.length;
    const weights = w.ensure(n + 1);
    weights[0] = clean;
    for (let i = 0; i < n; i++) weights[i + 1] = this.amounts[i]!;
    const out = w.out;
    splitter.split(amount, weights, clean + this.total, out, n + 1);
    this.subtract(out, 1, taken);
    return out[0]!;
  }

  /** Takes `amount` (< total) out of the victims only, in proportion, into `taken`. */
  takeProportional(amount: number, taken: Taken, splitter: ExactSplitter, w: Weights): void {
    const n = this.keys.length;
    w.ensure(n);
    splitter.split(amount, this.amounts, this.total, w.out, n);
    this.subtract(w.out, 0, taken);
  }

  /** Subtracts out[offset + i] from victim i, records it in `taken`, drops emptied victims. */
  private subtract(out: Float64Array, offset: number, taken: Taken): void {
    const keys = this.keys;
    const amounts = this.amounts;
    let w = 0;
    let removed = 0;
    for (let i = 0; i < keys.length; i++) {
      const x = out[i + offset]!;
      const left = amounts[i]! - x;
      if (x !== 0) taken.add(keys[i]!, x);
      removed += x;
      if (left !== 0) {
        keys[w] = keys[i]!;
        amounts[w] = left;
        w++;
      }
    }
    keys.length = w;
    amounts.length = w;
    this.total -= removed;
  }
}

/** Scratch arrays for splits, grown to the widest mix seen. */
export class Weights {
  weights = new Float64Array(64);
  out = new Float64Array(64);

  ensure(n: number): Float64Array {
    if (this.weights.length < n) {
      const size = Math.max(n, this.weights.length * 2);
      this.weights = new Float64Array(size);
      this.out = new Float64Array(size);
    }
    return this.weights;
  }
}
