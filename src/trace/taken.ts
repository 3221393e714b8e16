// What one transfer takes out of a payer: clean money plus an amount per victim, read back
// in victim order (= victim id order) by index: victimAt(i), amountAt(i) for i < count().
//
// Pooled rules take from one mix, in ascending victim order: those entries are appended to
// two columns as they come. Only when a victim arrives out of order (fifo/lifo taking from
// several lots, or one account's money collected from many lots) does it switch to a dense
// per-victim array, and sorts the touched victims once when read.

export class Taken {
  clean = 0;
  private keys = new Int32Array(256);
  private amounts = new Float64Array(256);
  private n = 0;
  /** Dense mode: amounts by victim in `dense`, keys[0..n) the victims touched (unsorted). */
  private merging = false;
  private readonly dense: Float64Array;

  constructor(victimCount: number) {
    this.dense = new Float64Array(victimCount);
  }

  reset(): void {
    if (this.merging) {
      const d = this.dense;
      for (let i = 0; i < this.n; i++) d[this.keys[i]!] = 0;
      this.merging = false;
    }
    this.n = 0;
    this.clean = 0;
  }

  add(victim: number, amount: number): void {
    if (amount === 0) return;
    const n = this.n;
    if (!this.merging) {
      if (n === 0 || this.keys[n - 1]! < victim) {
        if (n === this.keys.length) this.grow();
        this.keys[n] = victim;
        this.amounts[n] = amount;
        this.n = n + 1;
        return;
      }
      this.toDense();
    }
    const d = this.dense;
    if (d[victim] === 0) {
      if (this.n === this.keys.length) this.grow();
      this.keys[this.n++] = victim;
    }
    d[victim] = d[victim]! + amount;
  }

  get hasVictims(): boolean {
    return this.n > 0;
  }

  /** Victims with money taken. */
  count(): number {
    if (this.merging) this.settle();
    return this.n;
  }

  /** The i-th victim in ascending order (after count()). */
  victimAt(i: number): number {
    return this.keys[i]!;
  }

  /** Its amount (after count()). */
  amountAt(i: number): number {
    return this.amounts[i]!;
  }

  private toDense(): void {
    const d = this.dense;
    for (let i = 0; i < this.n; i++) d[this.keys[i]!] = this.amounts[i]!;
    this.merging = true;
  }

  /** Back to sorted columns: sort the touched victims, gather their amounts. */
  private settle(): void {
    const n = this.n;
    const keys = this.keys;
    if (n <= SMALL_SORT) insertionSort(keys, n);
    else keys.subarray(0, n).sort();
    const d = this.dense;
    for (let i = 0; i < n; i++) {
      const v = keys[i]!;
      this.amounts[i] = d[v]!;
      d[v] = 0;
    }
    this.merging = false;
  }

  private grow(): void {
    const keys = new Int32Array(this.keys.length * 2);
    const amounts = new Float64Array(this.keys.length * 2);
    keys.set(this.keys);
    amounts.set(this.amounts);
    this.keys = keys;
    this.amounts = amounts;
  }
}

/**
 * Up to this many victims are sorted by insertion: most merges are of a few victims, and
 * subarray(...).sort() costs an object and a call into the runtime each time.
 */
const SMALL_SORT = 32;

function insertionSort(keys: Int32Array, n: number): void {
  for (let i = 1; i < n; i++) {
    const k = keys[i]!;
    let j = i - 1;
    while (j >= 0 && keys[j]! > k) {
      keys[j + 1] = keys[j]!;
      j--;
    }
    keys[j + 1] = k;
  }
}
