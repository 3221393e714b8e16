// The last step of the largest remainder (Hamilton) method with restitution.md's tie rule:
// the units left after rounding every share down go one each to the largest remainders;
// ties to the larger net loss, then to the smaller victim id (code unit order).

import type { Claim } from './model.js';

const BUCKETS = 4096;

/** The data the tie rule needs, and scratch space kept between calls. */
export class Leftover {
  private readonly counts = new Int32Array(BUCKETS);
  private readonly small = new Float64Array(256);
  private readonly ties: number[] = [];

  constructor(
    private readonly claims: readonly Claim[],
    /** Net loss by claim index. */
    private readonly net: Float64Array,
  ) {}

  /**
   * Adds one unit to `amounts[members[j]]` (or `amounts[j]` when `positional`) for the `units`
   * members with the largest `rems[j]`, j < count; the remainders are over the common
   * denominator `den` (0 <= rems[j] < den); members[j] is a claim index (for the ties).
   * Requires units <= count.
   */
  give(
    units: number,
    members: Int32Array,
    rems: Float64Array,
    count: number,
    den: number,
    amounts: Float64Array,
    positional = false,
  ): void {
    if (units <= 0) return;
    if (units > count) throw new RangeError(`${units} leftover units for ${count} members`);
    const threshold = this.kthLargest(rems, count, units, den);
    const ties = this.ties;
    ties.length = 0;
    let above = 0;
    for (let j = 0; j < count; j++) {
      const r = rems[j]!;
      if (r > threshold) {
        const i = positional ? j : members[j]!;
        amounts[i] = amounts[i]! + 1;
        above++;
      } else if (r === threshold) ties.push(j);
    }
    const need = units - above;
    if (need < ties.length) ties.sort((a, b) => this.tieOrder(members[a]!, members[b]!));
    for (let t = 0; t < need; t++) {
      const j = ties[t]!;
      const i = positional ? j : members[j]!;
      amounts[i] = amounts[i]! + 1;
    }
  }

  /**
   * The k-th largest of rems[0..count): a histogram over [0, den) finds its bucket (the
   * bucket of r is monotone in r), then quickselect runs on that bucket's values only.
   */
  private kthLargest(rems: Float64Array, count: number, k: number, den: number): number {
    if (count <= this.small.length) {
      for (let j = 0; j < count; j++) this.small[j] = rems[j]!;
      return select(this.small, count, count - k);
    }
    const counts = this.counts;
    counts.fill(0);
    const scale = BUCKETS / den;
    const last = BUCKETS - 1;
    for (let j = 0; j < count; j++) {
      let b = Math.floor(rems[j]! * scale);
      if (b > last) b = last;
      counts[b] = counts[b]! + 1;
    }
    let b = BUCKETS - 1;
    let above = 0;
    while (above + counts[b]! < k) above += counts[b--]!;
    const values = new Float64Array(counts[b]!);
    let v = 0;
    for (let j = 0; j < count; j++) {
      const r = rems[j]!;
      let rb = Math.floor(r * scale);
      if (rb > last) rb = last;
      if (rb === b) values[v++] = r;
    }
    return select(values, v, v - (k - above));
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
