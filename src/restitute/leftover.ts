// The last step of the largest remainder (Hamilton) method with restitution.md's tie rule:
// the units left after rounding every share down go one each to the largest remainders;
// ties to the larger net loss, then to the smaller victim id (code unit order).

import type { Claim } from './model.js';

/** Per-call scratch space and the data the tie rule needs. */
export class Leftover {
  private scratch = new Float64Array(0);

  constructor(
    private readonly claims: readonly Claim[],
    /** Net loss by claim index. */
    private readonly net: Float64Array,
  ) {}

  /**
   * Adds one unit to `amounts[members[j]]` for the `units` members with the largest
   * `rems[j]` (remainders over one common denominator), j < count. Requires units <= count.
   */
  give(
    units: number,
    members: Int32Array,
    rems: Float64Array,
    count: number,
    amounts: Float64Array,
  ): void {
    if (units <= 0) return;
    if (units > count) throw new RangeError(`${units} leftover units for ${count} members`);
    if (this.scratch.length < count)
      this.scratch = new Float64Array(Math.max(count, this.scratch.length * 2));
    const work = this.scratch;
    work.set(rems.subarray(0, count));
    const threshold = select(work, count, count - units);
    const ties: number[] = [];
    let above = 0;
    for (let j = 0; j < count; j++) {
      const r = rems[j]!;
      if (r > threshold) {
        const i = members[j]!;
        amounts[i] = amounts[i]! + 1;
        above++;
      } else if (r === threshold) ties.push(members[j]!);
    }
    const need = units - above;
    if (need < ties.length) ties.sort(this.tieOrder);
    for (let t = 0; t < need; t++) {
      const i = ties[t]!;
      amounts[i] = amounts[i]! + 1;
    }
  }

  /** Larger net loss first, then victim id in code unit order. */
  readonly tieOrder = (a: number, b: number): number => {
    const d = this.net[b]! - this.net[a]!;
    if (d !== 0) return d;
    const va = this.claims[a]!.victim;
    const vb = this.claims[b]!.victim;
    return va < vb ? -1 : va > vb ? 1 : 0;
  };
}

/**
 * The value that would sit at index k if a[0..n) were sorted ascending (quickselect with
 * three-way partitions and a deterministic pseudo-random pivot). Reorders a.
 */
export function select(a: Float64Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  let seed = 0x9e3779b9;
  while (lo < hi) {
    seed = (seed ^ (seed << 13)) >>> 0;
    seed = (seed ^ (seed >>> 17)) >>> 0;
    seed = (seed ^ (seed << 5)) >>> 0;
    const pivot = a[lo + (seed % (hi - lo + 1))]!;
    // a[lo..lt) < pivot, a[lt..i) == pivot, a(gt..hi] > pivot
    let lt = lo;
    let gt = hi;
    let i = lo;
    while (i <= gt) {
      const v = a[i]!;
      if (v < pivot) {
        a[i] = a[lt]!;
        a[lt] = v;
        lt++;
        i++;
      } else if (v > pivot) {
        a[i] = a[gt]!;
        a[gt] = v;
        gt--;
      } else i++;
    }
    if (k < lt) hi = lt - 1;
    else if (k > gt) lo = gt + 1;
    else return pivot;
  }
  return a[k]!;
}
