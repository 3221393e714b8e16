// The order of a result's accounts: by hop, then by account id (string comparison by code
// unit, as tracing.md orders ids). A trace that reaches ~100k accounts spent a third of its
// in-memory time in Array#sort with a comparator of two strings (card numbers share their
// first six digits, so every comparison walks them): here the accounts are counted into hop
// groups, their ids copied once into one byte matrix (a row per account), and each group put
// in id order by an MSD radix sort on that matrix. Reading the ids' code units from their
// strings instead cost a cache miss per unit read (the strings lie all over the heap): the
// matrix halves the sort of poison's 96k accounts on 1M transfers.

interface Ranked {
  readonly hop: number;
  readonly account: string;
}

/** Below this many items a range is sorted by insertion. */
const SMALL = 24;
/** Ids longer than this take Array#sort (a matrix row per account would be too wide). */
const MAX_WIDTH = 64;

/** Sorts `items` in place by (hop, account). Hops are non-negative integers. */
export function sortByHopThenId<T extends Ranked>(items: T[]): void {
  const n = items.length;
  if (n < 2) return;
  let maxHop = 0;
  let width = 0;
  for (const it of items) {
    if (it.hop > maxHop) maxHop = it.hop;
    if (it.account.length > width) width = it.account.length;
  }
  if (width > MAX_WIDTH || maxHop > 1 << 20) {
    items.sort(byHopThenId);
    return;
  }
  // Counting sort by hop (stable).
  const starts = new Int32Array(maxHop + 2);
  for (const it of items) starts[it.hop + 1]!++;
  for (let h = 1; h < starts.length; h++) starts[h] = starts[h]! + starts[h - 1]!;
  const byHop = new Array<T>(n);
  const at = starts.slice();
  for (const it of items) byHop[at[it.hop]!++] = it;
  // Row i of `units`: the code units of byHop[i]'s id (each below 256, else Array#sort).
  const units = new Uint8Array(n * width);
  const lengths = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const s = byHop[i]!.account;
    lengths[i] = s.length;
    let wide = 0;
    for (let j = 0, row = i * width; j < s.length; j++) {
      const c = s.charCodeAt(j);
      wide |= c;
      units[row + j] = c;
    }
    if (wide > 255) {
      items.sort(byHopThenId);
      return;
    }
  }
  const keys: Keys = { units, width, lengths, counts: new Int32Array(257 * (width + 1)) };
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const scratch = new Int32Array(n);
  for (let h = 0; h <= maxHop; h++) radix(keys, order, scratch, starts[h]!, starts[h + 1]!, 0);
  for (let i = 0; i < n; i++) items[i] = byHop[order[i]!]!;
}

interface Keys {
  /** Row k (width units from k * width): the code units of key k. */
  readonly units: Uint8Array;
  readonly width: number;
  readonly lengths: Int32Array;
  /** 257 bucket counters per depth (a call at depth d uses only row d). */
  readonly counts: Int32Array;
}

/** Orders order[lo, hi) by key from code unit `depth` on (all equal before it). */
function radix(
  keys: Keys,
  order: Int32Array,
  scratch: Int32Array,
  lo: number,
  hi: number,
  depth: number,
): void {
  const { units, width, lengths } = keys;
  for (;;) {
    if (hi - lo <= SMALL) {
      insertion(keys, order, lo, hi, depth);
      return;
    }
    // Bucket 0: keys that end here (they come first); bucket c + 1: code unit c.
    const base = depth * 257;
    const counts = keys.counts.subarray(base, base + 257);
    counts.fill(0);
    for (let i = lo; i < hi; i++) {
      const k = order[i]!;
      counts[depth < lengths[k]! ? units[k * width + depth]! + 1 : 0]!++;
    }
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
      const k = order[i]!;
      scratch[lo + counts[depth < lengths[k]! ? units[k * width + depth]! + 1 : 0]!++] = k;
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

function insertion(keys: Keys, order: Int32Array, lo: number, hi: number, depth: number): void {
  for (let i = lo + 1; i < hi; i++) {
    const k = order[i]!;
    let j = i - 1;
    while (j >= lo && after(keys, order[j]!, k, depth)) {
      order[j + 1] = order[j]!;
      j--;
    }
    order[j + 1] = k;
  }
}

/** Key a > key b by code units, both equal before `depth`. */
function after(keys: Keys, a: number, b: number, depth: number): boolean {
  const { units, width, lengths } = keys;
  const la = lengths[a]!;
  const lb = lengths[b]!;
  const n = Math.min(la, lb);
  for (let i = depth, ra = a * width, rb = b * width; i < n; i++) {
    const d = units[ra + i]! - units[rb + i]!;
    if (d !== 0) return d > 0;
  }
  return la > lb;
}

function byHopThenId(a: Ranked, b: Ranked): number {
  return a.hop - b.hop || (a.account < b.account ? -1 : a.account > b.account ? 1 : 0);
}
