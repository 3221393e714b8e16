// Exact proportional splits by the largest remainder (Hamilton) method: no unit is ever
// created or lost. Shared by tracing and restitution.

const SAFE = Number.MAX_SAFE_INTEGER;

/**
 * Splits integer `amount` over integer `weights` in proportion, writing the parts to `out`:
 * part_i = floor(amount * w_i / total) plus one unit for the `amount - Σ floor` components
 * with the largest remainders `(amount * w_i) mod total`; ties go to the lower index, so
 * callers list components in their tie order. Requires 0 <= amount <= total = Σ weights
 * (total > 0). Uses Number arithmetic while every product is below 2^53, BigInt otherwise.
 *
 * Example: splitExact(10000, [3, 2, 1.5].map(x => x * 2), 13, out) -> [4615, 3077, 2308]
 */
export function splitExact(
  amount: number,
  weights: ArrayLike<number>,
  total: number,
  out: Float64Array | number[],
): void {
  new ExactSplitter().split(amount, weights, total, out);
}

/** splitExact with its scratch space kept between calls (for hot loops). */
export class ExactSplitter {
  private rem = new Float64Array(64);
  private select = new Float64Array(64);

  /** As splitExact, over the first `n` weights (default: all). */
  split(
    amount: number,
    weights: ArrayLike<number>,
    total: number,
    out: Float64Array | number[],
    n = weights.length,
  ): void {
    if (amount === total) {
      for (let i = 0; i < n; i++) out[i] = weights[i]!;
      return;
    }
    if (amount === 0) {
      for (let i = 0; i < n; i++) out[i] = 0;
      return;
    }
    if (amount * total > SAFE) {
      splitBig(amount, weights, total, out, n);
      return;
    }
    if (this.rem.length < n) {
      this.rem = new Float64Array(Math.max(n, this.rem.length * 2));
      this.select = new Float64Array(this.rem.length);
    }
    const rem = this.rem;
    let given = 0;
    for (let i = 0; i < n; i++) {
      const p = amount * weights[i]!;
      let q = Math.floor(p / total);
      let r = p - q * total;
      if (r < 0) {
        q -= 1;
        r += total;
      } else if (r >= total) {
        q += 1;
        r -= total;
      }
      out[i] = q;
      rem[i] = r;
      given += q;
    }
    distributeLeftover(amount - given, rem, n, out, this.select);
  }
}

/** Gives one unit each to the `k` largest remainders, ties to the lower index. */
function distributeLeftover(
  k: number,
  rem: Float64Array,
  n: number,
  out: Float64Array | number[],
  scratch: Float64Array,
): void {
  if (k <= 0) return;
  if (k === 1) {
    let best = 0;
    for (let i = 1; i < n; i++) if (rem[i]! > rem[best]!) best = i;
    out[best] = out[best]! + 1;
    return;
  }
  // The k-th largest remainder is the threshold: all above it get a unit, then the first
  // ones (by index) equal to it until k units are given.
  const threshold = kthLargest(rem, n, k, scratch);
  let above = 0;
  for (let i = 0; i < n; i++) if (rem[i]! > threshold) above++;
  let equalToGive = k - above;
  for (let i = 0; i < n; i++) {
    const r = rem[i]!;
    if (r > threshold) out[i] = out[i]! + 1;
    else if (r === threshold && equalToGive > 0) {
      out[i] = out[i]! + 1;
      equalToGive--;
    }
  }
}

/** The k-th largest of rem[0..n) (1-based k), by quickselect on a copy in `a`: O(n) expected. */
export function kthLargest(rem: Float64Array, n: number, k: number, a: Float64Array): number {
  for (let i = 0; i < n; i++) a[i] = rem[i]!;
  // Select the element at position n - k in ascending order.
  const target = n - k;
  let lo = 0;
  let hi = n - 1;
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    // median of three as pivot
    const x = a[lo]!;
    const y = a[mid]!;
    const z = a[hi]!;
    const pivot = x < y ? (y < z ? y : Math.max(x, z)) : x < z ? x : Math.max(y, z);
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else return a[target]!;
  }
  return a[target]!;
}

function splitBig(
  amount: number,
  weights: ArrayLike<number>,
  total: number,
  out: Float64Array | number[],
  n: number,
): void {
  const a = BigInt(amount);
  const t = BigInt(total);
  const rem: bigint[] = new Array(n);
  let given = 0n;
  for (let i = 0; i < n; i++) {
    const p = a * BigInt(weights[i]!);
    const q = p / t;
    rem[i] = p % t;
    out[i] = Number(q);
    given += q;
  }
  let k = Number(a - given);
  if (k <= 0) return;
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((x, y) => {
    const rx = rem[x]!;
    const ry = rem[y]!;
    return rx > ry ? -1 : rx < ry ? 1 : x - y;
  });
  for (const i of order) {
    if (k-- <= 0) break;
    out[i] = out[i]! + 1;
  }
}
