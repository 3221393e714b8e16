// A sparse mix of victims' money: victim indices (ascending, which is victim id order) and
// their amounts, in typed arrays with spare capacity (12 bytes an entry, nothing for the
// garbage collector to scan). Clean money is kept by the owner.
import type { ExactSplitter } from '../money/index.js';
import type { Taken } from './taken.js';

export class Mix {
  keys: Int32Array = EMPTY_KEYS;
  amounts: Float64Array = EMPTY_AMOUNTS;
  /** Entries in use: keys[0..size), amounts[0..size). */
  size = 0;
  total = 0;

  /** Adds `amount` of victim `v`. */
  add(v: number, amount: number): void {
    const n = this.size;
    this.total += amount;
    const keys = this.keys;
    if (n === 0 || keys[n - 1]! < v) {
      if (n === keys.length) this.grow(n + 1);
      this.keys[n] = v;
      this.amounts[n] = amount;
      this.size = n + 1;
      return;
    }
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (keys[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    if (keys[lo] === v) {
      this.amounts[lo] = this.amounts[lo]! + amount;
      return;
    }
    if (n === keys.length) this.grow(n + 1);
    this.keys.copyWithin(lo + 1, lo, n);
    this.amounts.copyWithin(lo + 1, lo, n);
    this.keys[lo] = v;
    this.amounts[lo] = amount;
    this.size = n + 1;
  }

  /** Adds the victims' part of `taken`: a merge from the back, in place. */
  addTaken(taken: Taken): void {
    const incoming = taken.victims();
    const m = incoming.length;
    if (m <= 2) {
      for (const v of incoming) this.add(v, taken.amountOf(v));
      return;
    }
    // Count the new keys to know the merged size, then merge backwards.
    const n = this.size;
    let fresh = 0;
    {
      let i = 0;
      for (let j = 0; j < m; j++) {
        const b = incoming[j]!;
        while (i < n && this.keys[i]! < b) i++;
        if (i >= n || this.keys[i] !== b) fresh++;
      }
    }
    const size = n + fresh;
    if (size > this.keys.length) this.grow(size);
    const keys = this.keys;
    const amounts = this.amounts;
    let i = n - 1;
    let j = m - 1;
    let w = size - 1;
    let added = 0;
    while (j >= 0) {
      const b = incoming[j]!;
      if (i >= 0 && keys[i]! > b) {
        keys[w] = keys[i]!;
        amounts[w] = amounts[i]!;
        i--;
      } else {
        const x = taken.amountOf(b);
        added += x;
        if (i >= 0 && keys[i] === b) {
          amounts[w] = amounts[i]! + x;
          i--;
        } else amounts[w] = x;
        keys[w] = b;
        j--;
      }
      w--;
    }
    this.size = size;
    this.total += added;
  }

  /** Moves everything into `taken` and empties this mix. */
  drainInto(taken: Taken): void {
    for (let i = 0; i < this.size; i++) taken.add(this.keys[i]!, this.amounts[i]!);
    this.keys = EMPTY_KEYS;
    this.amounts = EMPTY_AMOUNTS;
    this.size = 0;
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
    const n = this.size;
    const weights = w.ensure(n + 1);
    weights[0] = clean;
    weights.set(this.amounts.subarray(0, n), 1);
    const out = w.out;
    splitter.split(amount, weights, clean + this.total, out, n + 1);
    this.subtract(out, 1, taken);
    return out[0]!;
  }

  /** Takes `amount` (< total) out of the victims only, in proportion, into `taken`. */
  takeProportional(amount: number, taken: Taken, splitter: ExactSplitter, w: Weights): void {
    const n = this.size;
    w.ensure(n);
    splitter.split(amount, this.amounts, this.total, w.out, n);
    this.subtract(w.out, 0, taken);
  }

  /** Subtracts out[offset + i] from victim i, records it in `taken`, drops emptied victims. */
  private subtract(out: Float64Array, offset: number, taken: Taken): void {
    const keys = this.keys;
    const amounts = this.amounts;
    const n = this.size;
    let w = 0;
    let removed = 0;
    for (let i = 0; i < n; i++) {
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
    this.size = w;
    this.total -= removed;
    if (w === 0) {
      this.keys = EMPTY_KEYS;
      this.amounts = EMPTY_AMOUNTS;
    } else if (w * 4 < keys.length && keys.length > 16) this.resize(w * 2);
  }

  private grow(min: number): void {
    this.resize(Math.max(min, this.keys.length < 4 ? 4 : Math.ceil(this.keys.length * 1.5)));
  }

  private resize(capacity: number): void {
    const k = new Int32Array(capacity);
    const a = new Float64Array(capacity);
    const n = Math.min(this.size, capacity);
    k.set(this.keys.subarray(0, n));
    a.set(this.amounts.subarray(0, n));
    this.keys = k;
    this.amounts = a;
  }
}

const EMPTY_KEYS = new Int32Array(0);
const EMPTY_AMOUNTS = new Float64Array(0);

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
