// A stable LSD radix sort of positions by unsigned 32-bit keys, for the places that order
// many items by a number (ids by hash, an account's victims by amount): linear time, no
// comparator calls, no allocation (the caller owns the scratch arrays and reuses them).

/**
 * Sorts the positions order[0, n) stably by keys[position], all at most `max`, `bits`
 * (1 to 16) bits a pass, and only the passes `max` has digits for: small keys take few.
 * Scratch: `tmp` (length >= n) and `counts` (length >= 2^bits). Returns the array, `order`
 * or `tmp`, that holds the sorted positions.
 */
export function radixOrder(
  keys: Uint32Array,
  order: Uint32Array,
  tmp: Uint32Array,
  n: number,
  max: number,
  bits: number,
  counts: Uint32Array,
): Uint32Array {
  const mask = (1 << bits) - 1;
  let src = order;
  let dst = tmp;
  for (let shift = 0; shift < 32 && max >>> shift !== 0; shift += bits) {
    counts.fill(0, 0, mask + 1);
    for (let i = 0; i < n; i++) counts[(keys[src[i]!]! >>> shift) & mask]!++;
    let sum = 0;
    for (let b = 0; b <= mask; b++) {
      const c = counts[b]!;
      counts[b] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const k = src[i]!;
      dst[counts[(keys[k]! >>> shift) & mask]!++] = k;
    }
    const t = src;
    src = dst;
    dst = t;
  }
  return src;
}
