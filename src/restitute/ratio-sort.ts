// Sorting members by the ratio x/y exactly, fast: a radix sort on the floating-point ratio
// (division is correctly rounded, so it never inverts two ratios, it can only make close ones
// equal), then an exact sort inside each run of equal floating-point keys that is not truly equal.

import { compareRatios } from './exact.js';

/** Sorts members[0..count) by x[i]/y[i] ascending (y > 0, x >= 0), exactly. */
export function sortByRatio(
  members: Int32Array,
  count: number,
  x: Float64Array,
  y: Float64Array,
): void {
  if (count < 2) return;
  const keys = new Float64Array(count);
  for (let j = 0; j < count; j++) {
    const i = members[j]!;
    keys[j] = x[i]! / y[i]!;
  }
  // Non-negative doubles order like their bit patterns read as unsigned integers.
  const bits = new Uint32Array(keys.buffer);
  let lo = new Uint32Array(count);
  let hi = new Uint32Array(count);
  let idx = new Int32Array(count);
  for (let j = 0; j < count; j++) {
    lo[j] = bits[2 * j]!; // little-endian: low word first
    hi[j] = bits[2 * j + 1]!;
    idx[j] = members[j]!;
  }
  let lo2 = new Uint32Array(count);
  let hi2 = new Uint32Array(count);
  let idx2 = new Int32Array(count);
  const counts = new Int32Array(65536);
  for (let pass = 0; pass < 4; pass++) {
    const word = pass < 2 ? lo : hi;
    const shift = (pass % 2) * 16;
    counts.fill(0);
    for (let j = 0; j < count; j++) {
      const d = (word[j]! >>> shift) & 0xffff;
      counts[d] = counts[d]! + 1;
    }
    if (counts[(word[0]! >>> shift) & 0xffff] === count) continue; // one digit everywhere
    let sum = 0;
    for (let d = 0; d < 65536; d++) {
      const c = counts[d]!;
      counts[d] = sum;
      sum += c;
    }
    for (let j = 0; j < count; j++) {
      const d = (word[j]! >>> shift) & 0xffff;
      const at = counts[d]!;
      counts[d] = at + 1;
      lo2[at] = lo[j]!;
      hi2[at] = hi[j]!;
      idx2[at] = idx[j]!;
    }
    [lo, lo2] = [lo2, lo];
    [hi, hi2] = [hi2, hi];
    [idx, idx2] = [idx2, idx];
  }
  members.set(idx.subarray(0, count));
  // Runs of equal keys: exact order where the ratios differ below floating-point resolution.
  const exact = (a: number, b: number) => compareRatios(x[a]!, y[a]!, x[b]!, y[b]!);
  for (let s = 0; s < count; ) {
    let e = s + 1;
    while (e < count && lo[e] === lo[s] && hi[e] === hi[s]) e++;
    if (e - s > 1) {
      const first = members[s]!;
      let same = true;
      for (let j = s + 1; j < e && same; j++) same = exact(first, members[j]!) === 0;
      if (!same) members.subarray(s, e).sort(exact);
    }
    s = e;
  }
}
