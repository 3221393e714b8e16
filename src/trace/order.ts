// The order of a result's accounts: by hop, then by account id (string comparison by code
// unit, as tracing.md orders ids). A trace that reaches ~100k accounts spent a third of its
// in-memory time in Array#sort with a comparator of two strings (card numbers share their
// first six digits, so every comparison walks them): here the accounts are counted into hop
// groups, and each group is put in id order by an MSD radix sort on the ids' code units.

interface Ranked {
  readonly hop: number;
  readonly account: string;
}

/** Below this many items a range is sorted by insertion. */
const SMALL = 24;

/** Sorts `items` in place by (hop, account). Hops are non-negative integers. */
export function sortByHopThenId<T extends Ranked>(items: T[]): void {
  const n = items.length;
  if (n < 2) return;
  let maxHop = 0;
  let narrow = true; // every code unit below 256: a radix of 256 buckets
  for (const it of items) {
    if (it.hop > maxHop) maxHop = it.hop;
    if (narrow) {
      const s = it.account;
      for (let i = 0; i < s.length; i++) {
        if (s.charCodeAt(i) > 255) {
          narrow = false;
          break;
        }
      }
    }
  }
  if (!narrow || maxHop > 1 << 20) {
    items.sort(byHopThenId);
    return;
  }
  // Counting sort by hop (stable), then each hop group by id.
  const starts = new Int32Array(maxHop + 2);
  for (const it of items) starts[it.hop + 1]!++;
  for (let h = 1; h < starts.length; h++) starts[h] = starts[h]! + starts[h - 1]!;
  const byHop = new Array<T>(n);
  const at = starts.slice();
  for (const it of items) byHop[at[it.hop]!++] = it;
  const keys = byHop.map((it) => it.account);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const scratch = new Int32Array(n);
  for (let h = 0; h <= maxHop; h++) radix(keys, order, scratch, starts[h]!, starts[h + 1]!, 0);
  for (let i = 0; i < n; i++) items[i] = byHop[order[i]!]!;
}

/** Orders order[lo, hi) by keys from code unit `depth` on (all equal before it). */
function radix(
  keys: readonly string[],
  order: Int32Array,
  scratch: Int32Array,
  lo: number,
  hi: number,
  depth: number,
): void {
  for (;;) {
    if (hi - lo <= SMALL) {
      insertion(keys, order, lo, hi, depth);
      return;
    }
    // Bucket 0: keys that end here (they come first); bucket c + 1: code unit c.
    const counts = new Int32Array(257);
    for (let i = lo; i < hi; i++) counts[unitAt(keys[order[i]!]!, depth) + 1]!++;
    let single = -1;
    for (let b = 0; b < 257; b++) if (counts[b] === hi - lo) single = b;
    if (single === 0) return; // every key ends here: all equal
    if (single > 0) {
      depth++; // one shared code unit: look at the next one, nothing moves
      continue;
    }
    let sum = 0;
    for (let b = 0; b < 257; b++) {
      const c = counts[b]!;
      counts[b] = sum; // where bucket b starts (relative to lo)
      sum += c;
    }
    for (let i = lo; i < hi; i++) {
      const o = order[i]!;
      scratch[lo + counts[unitAt(keys[o]!, depth) + 1]!++] = o;
    }
    order.set(scratch.subarray(lo, hi), lo);
    // counts[b] is now where bucket b ends; bucket 0 (ended keys) needs no more order.
    for (let b = 1; b < 257; b++) {
      const s = lo + counts[b - 1]!;
      const e = lo + counts[b]!;
      if (e - s > 1) radix(keys, order, scratch, s, e, depth + 1);
    }
    return;
  }
}

/** The code unit of `s` at `i`, or -1 past its end. */
function unitAt(s: string, i: number): number {
  return i < s.length ? s.charCodeAt(i) : -1;
}

function insertion(
  keys: readonly string[],
  order: Int32Array,
  lo: number,
  hi: number,
  depth: number,
): void {
  for (let i = lo + 1; i < hi; i++) {
    const o = order[i]!;
    const k = keys[o]!;
    let j = i - 1;
    while (j >= lo && after(keys[order[j]!]!, k, depth)) {
      order[j + 1] = order[j]!;
      j--;
    }
    order[j + 1] = o;
  }
}

/** a > b by code units, both equal before `depth`. */
function after(a: string, b: string, depth: number): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = depth; i < n; i++) {
    const d = a.charCodeAt(i) - b.charCodeAt(i);
    if (d !== 0) return d > 0;
  }
  return a.length > b.length;
}

function byHopThenId(a: Ranked, b: Ranked): number {
  return a.hop - b.hop || (a.account < b.account ? -1 : a.account > b.account ? 1 : 0);
}
