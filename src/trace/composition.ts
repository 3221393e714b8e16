// Sparse mixes of victims' money: victim indices (ascending, which is victim id order) and
// their amounts. Every mix of a trace lives in one Arena: two typed arrays (Float64 amounts,
// Int32 victims at the same offsets) carved into blocks of 4, 6, 8, 12, 16, 24, ... entries
// with a free list per size. A mix that grows or empties moves between blocks without allocating: typed-array
// allocation costs microseconds each in V8 and a trace resizes mixes hundreds of thousands of
// times. Clean money is kept by the owner.
import { type ExactSplitter, kthLargest } from '../money/index.js';
import type { TracedView } from './book.js';
import type { Taken } from './taken.js';

/**
 * Block size classes go in half steps: class c holds 2^(c/2) entries for even c and
 * 3 * 2^((c-3)/2) for odd c, so 4 (class 4), 6, 8, 12, 16, 24, ... A mix then uses on
 * average about 5/6 of its block rather than 3/4 with powers of two: under pro_rata on 10M
 * transfers the blocks hold ~50M entries, and that difference is ~150 MB.
 */
export function blockSize(cls: number): number {
  return (cls & 1) === 0 ? 2 ** (cls >> 1) : 3 * 2 ** ((cls - 3) >> 1);
}

/** The smallest class holding n >= 1 entries. */
export function classFor(n: number): number {
  const k = 32 - Math.clz32(n - 1); // 2^k >= n
  return Math.max(MIN_CLASS, k >= 2 && 3 * 2 ** (k - 2) >= n ? 2 * k - 1 : 2 * k);
}

/** Class at or below which an emptied mix keeps its block (class 12: 64 entries). */
const KEEP_CLASS = 12;
const MIN_CLASS = 4;
/** A missing block is cut from a free one at most this many classes larger. */
const SPLIT_CLASSES = 4;
/** Entries per arena page by default (2^20: 12 MB); a larger block gets arrays of its own. */
const PAGE_CLASS = 20;

/**
 * Where mixes keep their entries: pages of 2^20 entries (Float64 amounts and Int32 victims
 * at the same offsets) carved into blocks (see blockSize), with a free list per size. Pages
 * are never copied or moved (fresh memory costs a page fault per 4 KB, so growing by copying
 * would cost more than the work), and only the pages in use are allocated.
 */
export class Arena {
  readonly amountPages: Float64Array[] = [];
  readonly keyPages: Int32Array[] = [];
  /** Entries per page (2^pageClass). */
  readonly page: number;
  /** Next free entry in the last page. */
  private top: number;
  /** Free blocks by class, as global addresses (page index * page + offset). */
  private readonly free: number[][];
  /** The largest class a page holds (a whole page). */
  readonly maxClass: number;
  private fresh = new Int32Array(256);

  /** `pageClass`: pages of 2^pageClass entries (smaller only in tests). */
  constructor(pageClass = PAGE_CLASS) {
    this.page = 2 ** pageClass;
    this.top = this.page;
    this.maxClass = 2 * pageClass;
    this.free = Array.from({ length: this.maxClass + 1 }, () => []);
  }

  /** Global address of a free block of blockSize(cls) entries, cls <= maxClass. */
  alloc(cls: number): number {
    const list = this.free[cls]!;
    if (list.length > 0) return list.pop()!;
    const size = blockSize(cls);
    // Else cut it from a free block a little larger (mixes grow through every class and
    // leave blocks of each behind); the rest of that block goes to smaller free lists.
    for (let c = cls + 1; c <= cls + SPLIT_CLASSES && c <= this.maxClass; c++) {
      const bigger = this.free[c]!;
      if (bigger.length === 0) continue;
      const address = bigger.pop()!;
      this.freeRange(address + size, blockSize(c) - size, cls);
      return address;
    }
    const page = this.page;
    if (this.top + size > page) {
      // The rest of the page (smaller than the block) goes to the free lists of the
      // smaller classes instead of being wasted.
      this.freeRange((this.amountPages.length - 1) * page + this.top, page - this.top, cls);
      this.amountPages.push(new Float64Array(page));
      this.keyPages.push(new Int32Array(page));
      this.top = 0;
    }
    const address = (this.amountPages.length - 1) * page + this.top;
    this.top += size;
    return address;
  }

  /** Gives `n` entries from `address` to the free lists of classes below `cls`. */
  private freeRange(address: number, n: number, cls: number): void {
    let at = address;
    let left = n;
    for (let c = cls - 1; c >= MIN_CLASS && left >= blockSize(MIN_CLASS); c--) {
      const size = blockSize(c);
      while (left >= size) {
        this.free[c]!.push(at);
        at += size;
        left -= size;
      }
    }
  }

  /** Scratch for Mix.addTaken: room for n indices, valid until the next call. */
  freshList(n: number): Int32Array {
    if (this.fresh.length < n) this.fresh = new Int32Array(Math.max(n, this.fresh.length * 2));
    return this.fresh;
  }

  release(address: number, cls: number): void {
    if (cls <= this.maxClass) this.free[cls]!.push(address);
  }
}

const NO_KEYS = new Int32Array(0);
const NO_AMOUNTS = new Float64Array(0);

export class Mix {
  /** The arrays holding the block (an arena page, or the block's own for a huge mix). */
  private keys: Int32Array = NO_KEYS;
  private amounts: Float64Array = NO_AMOUNTS;
  /** Entry 0 in keys/amounts. */
  private off = 0;
  /** Block class and capacity (blockSize(cls); 0: no block), arena address (-1: none). */
  private cls = 0;
  private cap = 0;
  private address = -1;
  /** Entries in use. */
  size = 0;
  total = 0;

  constructor(private readonly arena: Arena) {}

  /** Adds `amount` of victim `v`. */
  add(v: number, amount: number): void {
    const n = this.size;
    this.total += amount;
    if (n === 0 || this.keys[this.off + n - 1]! < v) {
      if (n === this.cap) this.move(classFor(n + 1));
      this.keys[this.off + n] = v;
      this.amounts[this.off + n] = amount;
      this.size = n + 1;
      return;
    }
    let lo = this.off;
    let hi = this.off + n;
    const keys = this.keys;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (keys[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    if (keys[lo] === v) {
      this.amounts[lo] = this.amounts[lo]! + amount;
      return;
    }
    const at = lo - this.off;
    if (n === this.cap) this.move(classFor(n + 1));
    const k = this.keys;
    const a = this.amounts;
    const p = this.off + at;
    k.copyWithin(p + 1, p, this.off + n);
    a.copyWithin(p + 1, p, this.off + n);
    k[p] = v;
    a[p] = amount;
    this.size = n + 1;
  }

  /** Adds the victims' part of `taken`: a merge from the back, in place. */
  addTaken(taken: Taken): void {
    const m = taken.count();
    if (m <= 2) {
      for (let j = 0; j < m; j++) this.add(taken.victimAt(j), taken.amountAt(j));
      return;
    }
    const n = this.size;
    let added = 0;
    if (n === 0) {
      // An empty mix (a fresh account, a pass-through one emptied by its last payment).
      if (m > this.cap) this.move(classFor(m));
      const keys = this.keys;
      const amounts = this.amounts;
      const o = this.off;
      for (let j = 0; j < m; j++) {
        const x = taken.amountAt(j);
        keys[o + j] = taken.victimAt(j);
        amounts[o + j] = x;
        added += x;
      }
      this.size = m;
      this.total += added;
      return;
    }
    // Victims already here get their money in place on one forward walk; the others are
    // listed, and merged in from the back (only when there are any) once the size is known.
    // A few victims into a big mix (a payment of a few victims' money into an account holding
    // thousands, common under dirty_first) gallop instead of stepping through every entry.
    const fresh = this.arena.freshList(m);
    let nFresh = 0;
    {
      const keys = this.keys;
      const amounts = this.amounts;
      const o = this.off;
      const gallop = m * GALLOP_RATIO < n;
      let i = 0;
      for (let j = 0; j < m; j++) {
        const b = taken.victimAt(j);
        if (gallop) i = seek(keys, o + i, o + n, b) - o;
        else while (i < n && keys[o + i]! < b) i++;
        if (i < n && keys[o + i] === b) {
          const x = taken.amountAt(j);
          amounts[o + i] = amounts[o + i]! + x;
          added += x;
          i++;
        } else fresh[nFresh++] = j;
      }
    }
    if (nFresh > 0) {
      const size = n + nFresh;
      if (size > this.cap) this.move(classFor(size));
      const keys = this.keys;
      const amounts = this.amounts;
      const o = this.off;
      let i = o + n - 1;
      let f = nFresh - 1;
      let w = o + size - 1;
      while (f >= 0) {
        const j = fresh[f]!;
        const b = taken.victimAt(j);
        if (i >= o && keys[i]! > b) {
          keys[w] = keys[i]!;
          amounts[w] = amounts[i]!;
          i--;
        } else {
          const x = taken.amountAt(j);
          keys[w] = b;
          amounts[w] = x;
          added += x;
          f--;
        }
        w--;
      }
      this.size = size;
    }
    this.total += added;
  }

  /** Adds every victim's money into `taken` (the mix is unchanged). */
  copyInto(taken: Taken): void {
    const keys = this.keys;
    const amounts = this.amounts;
    for (let i = this.off, end = this.off + this.size; i < end; i++)
      taken.add(keys[i]!, amounts[i]!);
  }

  /** The entries (none is zero) where they are: valid until the mix changes. */
  view(): TracedView {
    return {
      victims: this.keys,
      amounts: this.amounts,
      start: this.off,
      end: this.off + this.size,
    };
  }

  /** Moves everything into `taken` and empties this mix. */
  drainInto(taken: Taken): void {
    this.copyInto(taken);
    this.size = 0;
    this.total = 0;
    // A pass-through account is emptied and filled again and again: keep small blocks.
    if (this.cls > KEEP_CLASS) this.dispose();
  }

  /** Gives the block back; the mix is then empty. */
  dispose(): void {
    if (this.address >= 0) this.arena.release(this.address, this.cls);
    this.keys = NO_KEYS;
    this.amounts = NO_AMOUNTS;
    this.off = 0;
    this.cls = 0;
    this.cap = 0;
    this.address = -1;
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
    return this.takeShare(amount, clean, taken, splitter, w);
  }

  /** Takes `amount` (< total) out of the victims only, in proportion, into `taken`. */
  takeProportional(amount: number, taken: Taken, splitter: ExactSplitter, w: Weights): void {
    this.takeShare(amount, 0, taken, splitter, w);
  }

  /**
   * The split of tracing.md ("Exact splitting") over clean money `clean` (component 0, first
   * on ties) and the mix's victims (components 1..n in victim order), fused with taking the
   * parts out: one pass computes each floor and remainder and counts the remainders by
   * bucket, the remainder that the `amount - Σ floor` leftover units reach is selected among
   * the few in its bucket, and one pass subtracts, moves the parts into `taken` and drops
   * emptied victims. Divisions are multiplications by 1/X, corrected to the exact floor.
   * Pooled rules split every payment over every victim in the account: this is their inner
   * loop (84M components on 1M transfers and 1k victims under pro_rata). Returns the clean
   * part taken.
   */
  private takeShare(
    amount: number,
    clean: number,
    taken: Taken,
    splitter: ExactSplitter,
    w: Weights,
  ): number {
    const n = this.size;
    const total = clean + this.total;
    // Exact while every product, and q * X with q one too large, stays below 2^53.
    if ((amount + 1) * total > Number.MAX_SAFE_INTEGER)
      return this.takeBig(amount, clean, taken, splitter, w);
    w.ensure(n + 1);
    const parts = w.out;
    const rem = w.weights;
    const keys = this.keys;
    const amounts = this.amounts;
    const o = this.off;
    const inv = 1 / total;
    // Remainders are also counted by bucket (floor(r * buckets / total), in order with r), so
    // that the one the leftover units reach is found among the few remainders of one bucket.
    const buckets = bucketsFor(n + 1);
    const counts = w.counts(buckets);
    const bucketOf = w.bucketOf;
    const scale = (buckets - 0.5) / total; // r < total: r * scale < buckets
    let given = 0;
    // Component 0: clean money.
    {
      const p = amount * clean;
      let q = Math.floor(p * inv);
      let r = p - q * total;
      while (r < 0) {
        q--;
        r += total;
      }
      while (r >= total) {
        q++;
        r -= total;
      }
      parts[0] = q;
      rem[0] = r;
      given += q;
      const c = Math.floor(r * scale);
      bucketOf[0] = c;
      counts[c] = counts[c]! + 1;
    }
    for (let i = 0; i < n; i++) {
      const p = amount * amounts[o + i]!;
      let q = Math.floor(p * inv);
      let r = p - q * total;
      while (r < 0) {
        q--;
        r += total;
      }
      while (r >= total) {
        q++;
        r -= total;
      }
      parts[i + 1] = q;
      rem[i + 1] = r;
      given += q;
      const c = Math.floor(r * scale);
      bucketOf[i + 1] = c;
      counts[c] = counts[c]! + 1;
    }
    // The leftover units go to the k largest remainders, ties to the lower component: every
    // remainder above `threshold`, then the first `even` ones equal to it.
    const k = amount - given;
    let threshold = Number.POSITIVE_INFINITY;
    let even = 0;
    if (k > 0) {
      // The bucket holding the k-th largest remainder, and how many lie in buckets above it.
      let above = 0;
      let b = buckets - 1;
      while (above + counts[b]! < k) above += counts[b--]!;
      const inBucket = w.select(counts[b]!);
      let m = 0;
      for (let i = 0; i <= n; i++) if (bucketOf[i] === b) inBucket[m++] = rem[i]!;
      threshold = kthLargest(inBucket, m, k - above, w.select2(m));
      for (let i = 0; i < m; i++) if (inBucket[i]! > threshold) above++;
      even = k - above;
    }
    let cleanPart = parts[0]!;
    if (rem[0]! > threshold) cleanPart++;
    else if (rem[0] === threshold && even > 0) {
      cleanPart++;
      even--;
    }
    let wr = o;
    let removed = 0;
    for (let i = 0; i < n; i++) {
      let x = parts[i + 1]!;
      const r = rem[i + 1]!;
      if (r > threshold) x++;
      else if (r === threshold && even > 0) {
        x++;
        even--;
      }
      if (x === 0) {
        // Gives nothing (most components of a small payment from a big mix): stays, and
        // moves only once an emptied entry before it has been dropped.
        if (wr !== o + i) {
          keys[wr] = keys[o + i]!;
          amounts[wr] = amounts[o + i]!;
        }
        wr++;
        continue;
      }
      const key = keys[o + i]!;
      const left = amounts[o + i]! - x;
      taken.add(key, x);
      removed += x;
      if (left !== 0) {
        keys[wr] = key;
        amounts[wr] = left;
        wr++;
      }
    }
    this.size = wr - o;
    this.total -= removed;
    this.shrink();
    return cleanPart;
  }

  /** takeShare for amounts whose products pass 2^53: the BigInt split of ExactSplitter. */
  private takeBig(
    amount: number,
    clean: number,
    taken: Taken,
    splitter: ExactSplitter,
    w: Weights,
  ): number {
    const n = this.size;
    const weights = w.ensure(n + 1);
    weights[0] = clean;
    const amounts = this.amounts;
    for (let i = 0, o = this.off; i < n; i++) weights[i + 1] = amounts[o + i]!;
    const out = w.out;
    splitter.split(amount, weights, clean + this.total, out, n + 1);
    this.subtract(out, 1, taken);
    return out[0]!;
  }

  /** Subtracts out[offset + i] from victim i, records it in `taken`, drops emptied victims. */
  private subtract(out: Float64Array, offset: number, taken: Taken): void {
    const keys = this.keys;
    const amounts = this.amounts;
    const o = this.off;
    const n = this.size;
    let w = o;
    let removed = 0;
    for (let i = o; i < o + n; i++) {
      const x = out[i - o + offset]!;
      const left = amounts[i]! - x;
      if (x !== 0) {
        taken.add(keys[i]!, x);
        removed += x;
      }
      if (left !== 0) {
        keys[w] = keys[i]!;
        amounts[w] = left;
        w++;
      }
    }
    this.size = w - o;
    this.total -= removed;
    this.shrink();
  }

  /** Shrinks only well below capacity: victims of one unit leave and come back often. */
  private shrink(): void {
    if (this.cls > KEEP_CLASS && this.size * 8 < this.cap) {
      if (this.size === 0) this.dispose();
      else this.move(classFor(this.size * 2));
    }
  }

  /** Moves the entries to a new block of class cls. */
  private move(cls: number): void {
    let keys: Int32Array;
    let amounts: Float64Array;
    let off = 0;
    let address = -1;
    const arena = this.arena;
    const cap = blockSize(cls);
    if (cls > arena.maxClass) {
      keys = new Int32Array(cap);
      amounts = new Float64Array(cap);
    } else {
      address = arena.alloc(cls);
      const page = Math.floor(address / arena.page);
      keys = arena.keyPages[page]!;
      amounts = arena.amountPages[page]!;
      off = address - page * arena.page;
    }
    for (let i = 0; i < this.size; i++) {
      keys[off + i] = this.keys[this.off + i]!;
      amounts[off + i] = this.amounts[this.off + i]!;
    }
    if (this.address >= 0) this.arena.release(this.address, this.cls);
    this.keys = keys;
    this.amounts = amounts;
    this.off = off;
    this.cls = cls;
    this.cap = cap;
    this.address = address;
  }
}

/** Scratch arrays for splits, grown to the widest mix seen. */
export class Weights {
  /** Weights, or (takeShare) remainders. */
  weights = new Float64Array(64);
  out = new Float64Array(64);
  /** (takeShare) each remainder's bucket (fewer than 2^12). */
  bucketOf = new Uint16Array(64);
  private selection = new Float64Array(64);
  private selection2 = new Float64Array(64);
  private bucketCounts = new Int32Array(64);

  ensure(n: number): Float64Array {
    if (this.weights.length < n) {
      const size = Math.max(n, this.weights.length * 2);
      this.weights = new Float64Array(size);
      this.out = new Float64Array(size);
      this.bucketOf = new Uint16Array(size);
    }
    return this.weights;
  }

  /** Room for n values to select from. */
  select(n: number): Float64Array {
    if (this.selection.length < n)
      this.selection = new Float64Array(Math.max(n, this.selection.length * 2));
    return this.selection;
  }

  /** A second such room (kthLargest's working copy). */
  select2(n: number): Float64Array {
    if (this.selection2.length < n)
      this.selection2 = new Float64Array(Math.max(n, this.selection2.length * 2));
    return this.selection2;
  }

  /** `n` zeroed bucket counts. */
  counts(n: number): Int32Array {
    if (this.bucketCounts.length < n) this.bucketCounts = new Int32Array(Math.max(n, 64));
    this.bucketCounts.fill(0, 0, n);
    return this.bucketCounts;
  }
}

/**
 * Buckets for the remainders of n components: a power of two >= n / 4 (so ~4 remainders a
 * bucket: fewer counters to clear and walk), at least 8, at most 2^12.
 */
function bucketsFor(n: number): number {
  return Math.min(4096, Math.max(8, 2 ** (32 - Math.clz32(Math.ceil(n / 4) - 1))));
}

/** addTaken gallops when the mix has more than this many entries per victim added. */
const GALLOP_RATIO = 8;

/**
 * The first position p in [lo, hi) with keys[p] >= b (hi if none), keys ascending there:
 * by doubling steps from lo, then halving, so O(log d) for an answer d entries on.
 */
function seek(keys: Int32Array, lo: number, hi: number, b: number): number {
  if (lo >= hi || keys[lo]! >= b) return lo;
  let low = lo; // keys[low] < b
  let step = 1;
  let high = lo + 1;
  while (high < hi && keys[high]! < b) {
    low = high;
    step *= 2;
    high = low + step;
  }
  if (high > hi) high = hi;
  // keys[low] < b; keys[high] >= b, or high === hi
  while (high - low > 1) {
    const mid = (low + high) >>> 1;
    if (keys[mid]! < b) low = mid;
    else high = mid;
  }
  return high;
}
