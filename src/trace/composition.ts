// Mixes of victims' money: victim indices (ascending, which is victim id order) and their
// amounts. A small mix is sparse (victims and amounts in two columns); one holding many of
// the trace's victims is dense (a bitmap of victims and a byte per amount, see Arena). Every
// mix of a trace lives in one Arena: typed arrays carved into blocks of 4, 6, 8, 12, 16,
// 24, ... entries with a free list per size. A mix that grows or empties moves between
// blocks without allocating: typed-array allocation costs microseconds each in V8 and a
// trace resizes mixes hundreds of thousands of times. Clean money is kept by the owner.
import { type ExactSplitter, kthLargest } from '../money/index.js';
import type { TracedView } from './model.js';
import { Taken } from './taken.js';

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
  return Math.max(HALF_STEPS.min, k >= 2 && 3 * 2 ** (k - 2) >= n ? 2 * k - 1 : 2 * k);
}

/**
 * Byte blocks (a dense mix's amounts) go in eighth steps: class c holds
 * (8 + c % 8) * 2^(c/8 - 3) bytes, from 8 (class 24): 8, 9, ..., 15, 16, 18, ... A dense
 * mix then uses ~94% of its block: under dirty_first on 10M transfers they hold 600M
 * entries, and the difference from half steps is ~120 MB. Moving bytes more often costs little.
 */
export function byteBlockSize(cls: number): number {
  return (8 + (cls & 7)) * 2 ** ((cls >> 3) - 3);
}

/** The smallest byte class holding n >= 1 bytes. */
export function byteClassFor(n: number): number {
  if (n <= 8) return MIN_BYTE_CLASS;
  const e = 31 - Math.clz32(n - 1); // 2^e < n <= 2^(e+1)
  return 8 * e - 8 + Math.ceil(n / 2 ** (e - 3));
}

const MIN_BYTE_CLASS = 24;

/** Size classes as the allocator sees them. */
interface Classes {
  size(cls: number): number;
  /** The smallest class holding n >= 1. */
  classFor(n: number): number;
  /** The smallest class. */
  readonly min: number;
  /** Classes per doubling. */
  readonly steps: number;
}

const HALF_STEPS: Classes = { size: blockSize, classFor, min: 4, steps: 2 };
const EIGHTH_STEPS: Classes = {
  size: byteBlockSize,
  classFor: byteClassFor,
  min: MIN_BYTE_CLASS,
  steps: 8,
};

/** Class at or below which an emptied mix keeps its block (class 12: 64 entries). */
const KEEP_CLASS = 12;
/** A missing block is cut from a free one at most this many doublings larger. */
const SPLIT_DOUBLINGS = 2;
/** Entries per arena page by default (2^20: 12 MB); a larger block gets arrays of its own. */
const PAGE_CLASS = 20;

/**
 * Address allocation for blocks of blockSize(cls) entries in pages of 2^pageClass entries,
 * with a free list per class. Pages are never copied or moved (fresh memory costs a page
 * fault per 4 KB, so growing by copying would cost more than the work); `newPage` makes the
 * arrays of the next page when one is needed.
 */
class Blocks {
  /** Entries per page (2^pageClass). */
  readonly page: number;
  /** The largest class a page holds (a whole page). */
  readonly maxClass: number;
  /** Next free entry in the last page. */
  private top: number;
  private pages = 0;
  /** Free blocks by class, as global addresses (page index * page + offset). */
  private readonly free: number[][];
  /** No free list above this class holds a block. */
  private highest = -1;

  constructor(
    pageClass: number,
    private readonly classes: Classes,
    private readonly newPage: () => void,
  ) {
    this.page = 2 ** pageClass;
    this.top = this.page;
    this.maxClass = classes.steps * pageClass;
    this.free = Array.from({ length: this.maxClass + 1 }, () => []);
  }

  /** Global address of a free block of blockSize(cls) entries, cls <= maxClass. */
  alloc(cls: number): number {
    const list = this.free[cls]!;
    if (list.length > 0) return list.pop()!;
    const classes = this.classes;
    const size = classes.size(cls);
    // Else cut it from a free block a little larger (mixes grow through every class and
    // leave blocks of each behind); the rest of that block goes to smaller free lists.
    const last = Math.min(cls + SPLIT_DOUBLINGS * classes.steps, this.maxClass);
    for (let c = cls + 1; c <= last; c++) {
      const bigger = this.free[c]!;
      if (bigger.length === 0) continue;
      const address = bigger.pop()!;
      this.freeRange(address + size, classes.size(c) - size);
      return address;
    }
    // Else from any larger free block before fresh memory: blocks left by mixes that grew
    // (or went dense) are of no use to the small ones otherwise, and pile up (~80 MB of a
    // sparse arena's pages under dirty_first on 10M transfers).
    for (let c = last + 1; c <= this.highest; c++) {
      const bigger = this.free[c]!;
      if (bigger.length === 0) continue;
      const address = bigger.pop()!;
      this.freeRange(address + size, classes.size(c) - size);
      return address;
    }
    this.highest = Math.min(this.highest, last);
    const page = this.page;
    if (this.top + size > page) {
      // The rest of the page (smaller than the block) goes to the free lists instead of
      // being wasted.
      if (this.pages > 0) this.freeRange((this.pages - 1) * page + this.top, page - this.top);
      this.newPage();
      this.pages++;
      this.top = 0;
    }
    const address = (this.pages - 1) * page + this.top;
    this.top += size;
    return address;
  }

  release(address: number, cls: number): void {
    if (cls > this.maxClass) return;
    this.free[cls]!.push(address);
    if (cls > this.highest) this.highest = cls;
  }

  /** Gives `n` entries from `address` to the free lists, in the largest blocks they make. */
  private freeRange(address: number, n: number): void {
    const classes = this.classes;
    const least = classes.size(classes.min);
    let at = address;
    let left = n;
    while (left >= least) {
      let c = Math.min(classes.classFor(left), this.maxClass);
      if (classes.size(c) > left) c--;
      const size = classes.size(c);
      this.release(at, c);
      at += size;
      left -= size;
    }
  }
}

/** Bitmaps of a fixed number of 32-bit words, in pages, with a free list. */
class Bitmaps {
  readonly pages: Int32Array[] = [];
  /** Bitmaps per page. */
  readonly perPage: number;
  private top: number;
  private readonly free: number[] = [];

  constructor(readonly words: number) {
    this.perPage = Math.max(1, Math.floor(2 ** 18 / words));
    this.top = this.perPage;
  }

  /** Address (page * perPage + slot) of a bitmap with every bit clear. */
  alloc(): number {
    const address = this.free.pop();
    if (address !== undefined) {
      const at = (address % this.perPage) * this.words;
      this.pages[Math.floor(address / this.perPage)]!.fill(0, at, at + this.words);
      return address;
    }
    if (this.top === this.perPage) {
      this.pages.push(new Int32Array(this.perPage * this.words));
      this.top = 0;
    }
    return (this.pages.length - 1) * this.perPage + this.top++;
  }

  release(address: number): void {
    this.free.push(address);
  }
}

/** How an Arena keeps a mix's entries: see Arena. */
export interface DenseOptions {
  /** Victims in the trace (victim indices are below this). */
  readonly victims: number;
  /**
   * A mix goes dense when it grows past this many entries, and back below a quarter of it.
   * Default: a third of its bitmap's words, where the bitmap costs 12 bytes an entry, as
   * much as a sparse entry (which has ~20% slack on top): under pro_rata on 10M transfers
   * half the accounts hold 100 to 160 victims.
   */
  readonly at?: number;
}

/**
 * Where mixes keep their entries. A small mix is sparse: Float64 amounts and Int32 victims
 * at the same offsets of two arrays, 12 bytes an entry. A mix holding many of the trace's
 * victims is dense: a bitmap of victims (one bit per victim of the trace) and one byte per
 * entry for its amount (1..255 units; 0: the amount is in the mix's own sparse `big` mix).
 * Money spread by the splitting rules is mostly shares of a few units (under dirty_first on
 * 10M transfers and 10k victims, 99% of 600M entries are below 256 units), so a dense entry
 * costs a little over a byte: 10M transfers fit in the memory target, not in 10 GB.
 *
 * Entries live in pages of 2^20 (sparse: 12 MB, dense: 1 MB) carved into blocks (see
 * blockSize), with a free list per size; only the pages in use are allocated. A block
 * larger than a page gets arrays of its own.
 */
export class Arena {
  readonly amountPages: Float64Array[] = [];
  readonly keyPages: Int32Array[] = [];
  readonly bytePages: Uint8Array[] = [];
  /** Entries per page (2^pageClass). */
  readonly page: number;
  /** The largest class a page holds (a whole page). */
  readonly maxClass: number;
  readonly maxByteClass: number;
  /** A sparse mix of this many entries goes dense (Infinity: never). */
  readonly denseAt: number;
  /** A dense mix of fewer entries goes sparse. */
  readonly sparseBelow: number;
  /** Dense mixes' victim bitmaps (undefined: no dense mixes). */
  readonly bitmaps: Bitmaps | undefined;
  private readonly entries: Blocks;
  private readonly bytes: Blocks;
  private fresh = new Int32Array(256);
  private ranks = new Int32Array(256);
  private viewKeys = new Int32Array(256);
  private viewAmounts = new Float64Array(256);
  /** Scratch for a dense merge: what goes to its `big` part, merged there at once. */
  readonly bigAdds: Taken;

  /** `pageClass`: pages of 2^pageClass entries (smaller only in tests). */
  constructor(pageClass = PAGE_CLASS, dense?: DenseOptions) {
    this.page = 2 ** pageClass;
    this.entries = new Blocks(pageClass, HALF_STEPS, () => {
      this.amountPages.push(new Float64Array(this.page));
      this.keyPages.push(new Int32Array(this.page));
    });
    this.bytes = new Blocks(pageClass, EIGHTH_STEPS, () =>
      this.bytePages.push(new Uint8Array(this.page)),
    );
    this.maxClass = this.entries.maxClass;
    this.maxByteClass = this.bytes.maxClass;
    this.bigAdds = new Taken(dense === undefined ? 0 : Math.max(dense.victims, 0));
    if (dense === undefined || dense.victims <= 0) {
      this.bitmaps = undefined;
      this.denseAt = Number.POSITIVE_INFINITY;
      this.sparseBelow = 0;
    } else {
      const words = Math.ceil(dense.victims / 32);
      this.bitmaps = new Bitmaps(words);
      this.denseAt = Math.max(1, dense.at ?? Math.ceil(words / 3));
      this.sparseBelow = Math.floor(this.denseAt / 4);
    }
  }

  /** Global address of a free sparse block of blockSize(cls) entries, cls <= maxClass. */
  alloc(cls: number): number {
    return this.entries.alloc(cls);
  }

  release(address: number, cls: number): void {
    this.entries.release(address, cls);
  }

  /** Global address of a free byte block of byteBlockSize(cls) bytes, cls <= maxByteClass. */
  allocBytes(cls: number): number {
    return this.bytes.alloc(cls);
  }

  releaseBytes(address: number, cls: number): void {
    this.bytes.release(address, cls);
  }

  /** Scratch for Mix.addTaken: room for n indices, valid until the next call. */
  freshList(n: number): Int32Array {
    if (this.fresh.length < n) this.fresh = new Int32Array(Math.max(n, this.fresh.length * 2));
    return this.fresh;
  }

  /** A second such scratch (dense merges: each fresh victim's rank). */
  rankList(n: number): Int32Array {
    if (this.ranks.length < n) this.ranks = new Int32Array(Math.max(n, this.ranks.length * 2));
    return this.ranks;
  }

  /** Columns for a dense mix's view: room for n entries, valid until the next call. */
  viewColumns(n: number): { keys: Int32Array; amounts: Float64Array } {
    if (this.viewKeys.length < n) {
      const size = Math.max(n, this.viewKeys.length * 2);
      this.viewKeys = new Int32Array(size);
      this.viewAmounts = new Float64Array(size);
    }
    return { keys: this.viewKeys, amounts: this.viewAmounts };
  }
}

/** Bits set in a 32-bit word. */
function pop(x: number): number {
  let y = x - ((x >>> 1) & 0x55555555);
  y = (y & 0x33333333) + ((y >>> 2) & 0x33333333);
  return Math.imul((y + (y >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** Largest amount a dense entry keeps in its byte. */
const BYTE_MAX = 255;

const NO_KEYS = new Int32Array(0);
const NO_AMOUNTS = new Float64Array(0);
const NO_BYTES = new Uint8Array(0);

/** A dense mix's amounts: a byte block (as a sparse block's fields) and the larger ones. */
class DenseParts {
  bytes: Uint8Array = NO_BYTES;
  off = 0;
  cls = 0;
  cap = 0;
  address = -1;
  /**
   * The amounts above BYTE_MAX, as a sparse mix (their bytes are 0). Its `total` is not
   * kept: the dense mix's own is the total.
   */
  big: Mix | undefined = undefined;
}

/**
 * One account's (or lot's) victims' money: sparse or dense (see Arena). Either way the
 * entries are in victim order, none is zero, and `size` and `total` count them.
 */
export class Mix {
  /**
   * Sparse: the arrays holding the block (an arena page, or the block's own for a huge mix).
   * Dense: `keys` is the bitmap's page, `off` its first word, `address` its bitmap address.
   */
  private keys: Int32Array = NO_KEYS;
  private amounts: Float64Array = NO_AMOUNTS;
  /** Entry 0 in keys/amounts. */
  private off = 0;
  /** Block class and capacity (blockSize(cls); 0: no block), arena address (-1: none). */
  private cls = 0;
  private cap = 0;
  private address = -1;
  /** Dense: the amounts (undefined: sparse). Apart, so that sparse mixes stay small. */
  private d: DenseParts | undefined = undefined;
  /** Entries in use. */
  size = 0;
  total = 0;

  /** `canDense`: false for a dense mix's `big` part, and for fifo and lifo lots. */
  constructor(
    private readonly arena: Arena,
    private readonly canDense = true,
  ) {}

  /** Whether the entries are in a bitmap and bytes (for tests). */
  get isDense(): boolean {
    return this.d !== undefined;
  }

  /** Adds `amount` of victim `v`. */
  add(v: number, amount: number): void {
    if (this.d !== undefined) {
      this.denseAdd(v, amount);
      return;
    }
    const n = this.size;
    if (n === this.cap && n + 1 >= this.arena.denseAt && this.canDense) {
      this.toDense();
      this.denseAdd(v, amount);
      return;
    }
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
    if (this.d !== undefined) {
      this.denseAddTaken(taken);
      return;
    }
    const m = taken.count();
    if (m <= 2) {
      for (let j = 0; j < m; j++) this.add(taken.victimAt(j), taken.amountAt(j));
      return;
    }
    const n = this.size;
    if (n + m >= this.arena.denseAt && this.canDense) {
      this.toDense();
      this.denseAddTaken(taken);
      return;
    }
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
    if (this.d !== undefined) {
      this.denseCopyInto(taken);
      return;
    }
    const keys = this.keys;
    const amounts = this.amounts;
    for (let i = this.off, end = this.off + this.size; i < end; i++)
      taken.add(keys[i]!, amounts[i]!);
  }

  /** The entries (none is zero) where they are: valid until the mix changes. */
  view(): TracedView {
    if (this.d !== undefined) return this.denseView();
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
    if (this.d !== undefined || this.cls > KEEP_CLASS) this.dispose();
  }

  /** Gives the block back; the mix is then empty. */
  dispose(): void {
    if (this.d !== undefined) {
      this.arena.bitmaps!.release(this.address);
      this.address = -1;
      this.releaseBytes();
      this.d!.big?.dispose();
      this.d = undefined;
    }
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
    if ((amount + 1) * total > Number.MAX_SAFE_INTEGER) {
      if (this.d !== undefined) this.toSparse(); // rare: such amounts are not what dense mixes hold
      return this.takeBig(amount, clean, taken, splitter, w);
    }
    if (this.d !== undefined) return this.denseTakeShare(amount, clean, taken, w);
    w.ensure(n + 1);
    const keys = this.keys;
    const amounts = this.amounts;
    const o = this.off;
    const inv = 1 / total;
    // Remainders are also counted by bucket (floor(r * buckets / total), in order with r), so
    // that the one the leftover units reach is found among the few remainders of one bucket.
    const buckets = bucketsFor(n + 1);
    const counts = w.counts(buckets);
    const scale = (buckets - 0.5) / total; // r < total: r * scale < buckets
    let given = 0;
    // Component 0: clean money.
    given += w.split(0, amount * clean, total, inv, scale, counts);
    for (let i = 0; i < n; i++)
      given += w.split(i + 1, amount * amounts[o + i]!, total, inv, scale, counts);
    // The leftover units go to the k largest remainders, ties to the lower component: every
    // remainder above `threshold`, then the first `even` ones equal to it.
    const threshold = w.threshold(amount - given, n + 1, buckets);
    const cleanPart = w.part(0, threshold);
    let wr = o;
    let removed = 0;
    for (let i = 0; i < n; i++) {
      const x = w.part(i + 1, threshold);
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
    if (this.d !== undefined) {
      if (this.size === 0) this.dispose();
      else if (this.size < this.arena.sparseBelow) this.toSparse();
      else if (this.d!.cap > 64 && this.size * 8 < this.d!.cap)
        this.moveBytes(byteClassFor(this.size * 2));
      return;
    }
    if (this.cls > KEEP_CLASS && this.size * 8 < this.cap) {
      if (this.size === 0) this.dispose();
      else this.move(classFor(this.size * 2));
    }
  }

  // ------------------------------------------------------------------ dense mixes

  /** Moves a sparse mix's entries into a bitmap and bytes. */
  private toDense(): void {
    const arena = this.arena;
    const bitmaps = arena.bitmaps!;
    const n = this.size;
    const keys = this.keys;
    const amounts = this.amounts;
    const o = this.off;
    const address = bitmaps.alloc();
    const bits = bitmaps.pages[Math.floor(address / bitmaps.perPage)]!;
    const bo = (address % bitmaps.perPage) * bitmaps.words;
    this.d = new DenseParts();
    this.moveBytes(byteClassFor(Math.max(n, 1)));
    const bytes = this.d!.bytes;
    const at = this.d!.off;
    for (let i = 0; i < n; i++) {
      const v = keys[o + i]!;
      const x = amounts[o + i]!;
      bits[bo + (v >> 5)]! |= 1 << (v & 31);
      if (x <= BYTE_MAX) bytes[at + i] = x;
      else {
        bytes[at + i] = 0;
        this.addBig(v, x);
      }
    }
    if (this.address >= 0) arena.release(this.address, this.cls);
    this.keys = bits;
    this.amounts = NO_AMOUNTS;
    this.off = bo;
    this.address = address;
    this.cls = 0;
    this.cap = 0;
  }

  /** Moves a dense mix's entries (size >= 1) into a sparse block. */
  private toSparse(): void {
    const n = this.size;
    const { keys, amounts } = this.arena.viewColumns(n);
    this.decode(keys, amounts);
    this.arena.bitmaps!.release(this.address);
    this.releaseBytes();
    this.d!.big?.dispose();
    this.d = undefined;
    this.keys = keys; // read by move() below
    this.amounts = amounts;
    this.off = 0;
    this.address = -1;
    this.cls = 0;
    this.cap = 0;
    this.move(classFor(n));
  }

  private addBig(v: number, amount: number): void {
    const d = this.d!;
    if (d.big === undefined) d.big = new Mix(this.arena, false);
    d.big.add(v, amount);
  }

  /** Moves the amounts' bytes to a new block of class cls. */
  private moveBytes(cls: number): void {
    const arena = this.arena;
    let bytes: Uint8Array;
    let off = 0;
    let address = -1;
    if (cls > arena.maxByteClass) bytes = new Uint8Array(byteBlockSize(cls));
    else {
      address = arena.allocBytes(cls);
      const page = Math.floor(address / arena.page);
      bytes = arena.bytePages[page]!;
      off = address - page * arena.page;
    }
    const n = this.size;
    const d = this.d!;
    if (n > 0) bytes.set(d.bytes.subarray(d.off, d.off + n), off);
    this.releaseBytes();
    d.bytes = bytes;
    d.off = off;
    d.cls = cls;
    d.cap = byteBlockSize(cls);
    d.address = address;
  }

  private releaseBytes(): void {
    const d = this.d!;
    if (d.address >= 0) this.arena.releaseBytes(d.address, d.cls);
    d.bytes = NO_BYTES;
    d.off = 0;
    d.cls = 0;
    d.cap = 0;
    d.address = -1;
  }

  /** Entries before victim v: the bits set below it. */
  private rank(v: number): number {
    const bits = this.keys;
    const o = this.off;
    const w = v >> 5;
    let r = 0;
    for (let i = 0; i < w; i++) r += pop(bits[o + i]!);
    return r + pop(bits[o + w]! & ((1 << (v & 31)) - 1));
  }

  private denseAdd(v: number, amount: number): void {
    const d = this.d!;
    const o = this.off;
    const w = v >> 5;
    const bit = 1 << (v & 31);
    const j = this.rank(v);
    this.total += amount;
    if ((this.keys[o + w]! & bit) !== 0) {
      const at = d.off + j;
      const c = d.bytes[at]!;
      if (c === 0) d.big!.add(v, amount);
      else if (c + amount <= BYTE_MAX) d.bytes[at] = c + amount;
      else {
        d.bytes[at] = 0;
        this.addBig(v, c + amount);
      }
      return;
    }
    const n = this.size;
    if (n === d.cap) this.moveBytes(byteClassFor(n + 1));
    const bytes = d.bytes;
    const p = d.off + j;
    bytes.copyWithin(p + 1, p, d.off + n);
    if (amount <= BYTE_MAX) bytes[p] = amount;
    else {
      bytes[p] = 0;
      this.addBig(v, amount);
    }
    this.keys[o + w]! |= bit;
    this.size = n + 1;
  }

  /**
   * addTaken for a dense mix: victims already here get their money on one forward walk that
   * counts bits for their ranks; the others are listed with their ranks and merged in from
   * the back.
   */
  private denseAddTaken(taken: Taken): void {
    const m = taken.count();
    const n = this.size;
    const arena = this.arena;
    const fresh = arena.freshList(m);
    const ranks = arena.rankList(m);
    const bits = this.keys;
    const o = this.off;
    // Amounts past a byte, in victim order: merged into `big` at the end, in one walk.
    const bigAdds = arena.bigAdds;
    bigAdds.reset();
    let nFresh = 0;
    let added = 0;
    if (n === 0) {
      // A mix just made dense (from empty): every victim is fresh, written in order.
      if (m > this.d!.cap) this.moveBytes(byteClassFor(m));
      const bytes = this.d!.bytes;
      const bo = this.d!.off;
      for (let j = 0; j < m; j++) {
        const v = taken.victimAt(j);
        const x = taken.amountAt(j);
        added += x;
        bits[o + (v >> 5)]! |= 1 << (v & 31);
        if (x <= BYTE_MAX) bytes[bo + j] = x;
        else {
          bytes[bo + j] = 0;
          bigAdds.add(v, x);
        }
      }
      this.size = m;
    } else {
      const bytes = this.d!.bytes;
      const bo = this.d!.off;
      let word = 0;
      let before = 0; // bits set in words [0, word)
      for (let j = 0; j < m; j++) {
        const v = taken.victimAt(j);
        const x = taken.amountAt(j);
        added += x;
        const w = v >> 5;
        while (word < w) before += pop(bits[o + word++]!);
        const bits32 = bits[o + w]!;
        const bit = 1 << (v & 31);
        const r = before + pop(bits32 & (bit - 1));
        if ((bits32 & bit) === 0) {
          fresh[nFresh] = j;
          ranks[nFresh] = r;
          nFresh++;
          if (x > BYTE_MAX) bigAdds.add(v, x);
          continue;
        }
        const c = bytes[bo + r]!;
        if (c === 0) bigAdds.add(v, x);
        else if (c + x <= BYTE_MAX) bytes[bo + r] = c + x;
        else {
          bytes[bo + r] = 0;
          bigAdds.add(v, c + x);
        }
      }
    }
    if (nFresh > 0) {
      const size = n + nFresh;
      if (size > this.d!.cap) this.moveBytes(byteClassFor(size));
      const bytes = this.d!.bytes;
      const bo = this.d!.off;
      // Entries [rank f, end) move up by f + 1 places, the fresh victim f goes to rank f + f.
      let end = n;
      for (let f = nFresh - 1; f >= 0; f--) {
        const r = ranks[f]!;
        if (end - r > 32) bytes.copyWithin(bo + r + f + 1, bo + r, bo + end);
        else
          for (let i = bo + end - 1, shift = f + 1; i >= bo + r; i--) bytes[i + shift] = bytes[i]!;
        end = r;
        const j = fresh[f]!;
        const v = taken.victimAt(j);
        const x = taken.amountAt(j);
        bytes[bo + r + f] = x <= BYTE_MAX ? x : 0;
        bits[o + (v >> 5)]! |= 1 << (v & 31);
      }
      this.size = size;
    }
    if (bigAdds.hasVictims) {
      if (this.d!.big === undefined) this.d!.big = new Mix(arena, false);
      this.d!.big.addTaken(bigAdds);
    }
    this.total += added;
  }

  /** Writes the entries into keys/amounts from 0 (room for size). */
  private decode(keys: Int32Array, amounts: Float64Array): void {
    const bits = this.keys;
    const o = this.off;
    const bytes = this.d!.bytes;
    const bo = this.d!.off;
    const big = this.d!.big;
    const bigAmounts = big === undefined ? NO_AMOUNTS : big.amounts;
    let b = big === undefined ? 0 : big.off;
    let j = 0;
    const n = this.size;
    for (let w = 0; j < n; w++) {
      let x = bits[o + w]!;
      while (x !== 0) {
        const t = x & -x;
        x ^= t;
        const c = bytes[bo + j]!;
        keys[j] = (w << 5) | (31 - Math.clz32(t));
        amounts[j] = c !== 0 ? c : bigAmounts[b++]!;
        j++;
      }
    }
  }

  private denseCopyInto(taken: Taken): void {
    const bits = this.keys;
    const o = this.off;
    const bytes = this.d!.bytes;
    const big = this.d!.big;
    const bigAmounts = big === undefined ? NO_AMOUNTS : big.amounts;
    let b = big === undefined ? 0 : big.off;
    let j = this.d!.off;
    const end = this.d!.off + this.size;
    for (let w = 0; j < end; w++) {
      let x = bits[o + w]!;
      while (x !== 0) {
        const t = x & -x;
        x ^= t;
        const c = bytes[j++]!;
        taken.add((w << 5) | (31 - Math.clz32(t)), c !== 0 ? c : bigAmounts[b++]!);
      }
    }
  }

  private denseView(): TracedView {
    const n = this.size;
    const { keys, amounts } = this.arena.viewColumns(n);
    this.decode(keys, amounts);
    return { victims: keys, amounts, start: 0, end: n };
  }

  /** takeShare (which see) for a dense mix. */
  private denseTakeShare(amount: number, clean: number, taken: Taken, w: Weights): number {
    const n = this.size;
    const total = clean + this.total;
    w.ensure(n + 1);
    const bytes = this.d!.bytes;
    const bo = this.d!.off;
    const big = this.d!.big;
    const bigKeys = big === undefined ? NO_KEYS : big.keys;
    const bigAmounts = big === undefined ? NO_AMOUNTS : big.amounts;
    const inv = 1 / total;
    const buckets = bucketsFor(n + 1);
    const counts = w.counts(buckets);
    const scale = (buckets - 0.5) / total;
    let given = 0;
    given += w.split(0, amount * clean, total, inv, scale, counts);
    // Where the entries kept in `big` are (the k-th at entry bigAt[k]).
    const bigAt = this.arena.rankList(big === undefined ? 0 : big.size);
    let b = big === undefined ? 0 : big.off;
    let nBig = 0;
    for (let i = 0; i < n; i++) {
      const byte = bytes[bo + i]!;
      let a = byte;
      if (byte === 0) {
        a = bigAmounts[b++]!;
        bigAt[nBig++] = i;
      }
      given += w.split(i + 1, amount * a, total, inv, scale, counts);
    }
    const threshold = w.threshold(amount - given, n + 1, buckets);
    const cleanPart = w.part(0, threshold);
    // Keys come from the bitmap, found only for the entries that give something: `word`
    // and `rest` (its bits not yet passed) with `at` the entry of rest's lowest bit.
    // Entries in `big` are changed in place there (kb: the next at or after entry i), and
    // those that leave it are marked (key -1) and dropped after.
    const bits = this.keys;
    const o = this.off;
    let word = 0;
    let rest = bits[o]!;
    let at = 0;
    let wr = bo;
    let kb = 0;
    let bigLeft = false;
    const bo0 = big === undefined ? 0 : big.off;
    let removed = 0;
    for (let i = 0; i < n; i++) {
      const x = w.part(i + 1, threshold);
      if (x === 0) {
        // Gives nothing: stays, and moves only once an entry before it has been dropped.
        if (wr !== bo + i) bytes[wr] = bytes[bo + i]!;
        wr++;
        continue;
      }
      // The key of entry i.
      let c = pop(rest);
      while (at + c <= i) {
        at += c;
        rest = bits[o + ++word]!;
        c = pop(rest);
      }
      for (let s = i - at; s > 0; s--) rest &= rest - 1;
      const t = rest & -rest;
      rest ^= t;
      at = i + 1;
      const v = (word << 5) | (31 - Math.clz32(t));
      taken.add(v, x);
      removed += x;
      const byte = bytes[bo + i]!;
      if (byte !== 0) {
        const left = byte - x;
        if (left === 0) bits[o + word] = bits[o + word]! & ~t;
        else bytes[wr++] = left;
        continue;
      }
      while (bigAt[kb]! < i) kb++;
      const left = bigAmounts[bo0 + kb]! - x;
      if (left > BYTE_MAX) {
        bigAmounts[bo0 + kb] = left;
        bytes[wr++] = 0;
        continue;
      }
      bigKeys[bo0 + kb] = -1;
      bigLeft = true;
      if (left === 0) bits[o + word] = bits[o + word]! & ~t;
      else bytes[wr++] = left;
    }
    if (bigLeft && big !== undefined) {
      let bw = bo0;
      for (let j = bo0, e = bo0 + nBig; j < e; j++) {
        const key = bigKeys[j]!;
        if (key < 0) continue;
        bigKeys[bw] = key;
        bigAmounts[bw++] = bigAmounts[j]!;
      }
      big.size = bw - bo0;
      if (big.size === 0) big.dispose();
    }
    this.size = wr - bo;
    this.total -= removed;
    this.shrink();
    return cleanPart;
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

  /** After threshold(): how many remainders equal to it get a unit (the first ones). */
  private even = 0;

  /**
   * Component i's part once the threshold is known: its floor, and a leftover unit if its
   * remainder is above the threshold or among the first `even` equal to it (so components
   * must be asked in order).
   */
  part(i: number, threshold: number): number {
    const x = this.out[i]!;
    const r = this.weights[i]!;
    if (r > threshold) return x + 1;
    if (r === threshold && this.even > 0) {
      this.even--;
      return x + 1;
    }
    return x;
  }

  /**
   * Component i of a split: the floor of p / total (returned, and kept in `out`) and the
   * remainder (kept in `weights`), counted in its bucket (see takeShare). `inv` is
   * 1 / total; the floor is corrected to the exact one.
   */
  split(
    i: number,
    p: number,
    total: number,
    inv: number,
    scale: number,
    counts: Int32Array,
  ): number {
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
    this.out[i] = q;
    this.weights[i] = r;
    const c = Math.floor(r * scale);
    this.bucketOf[i] = c;
    counts[c] = counts[c]! + 1;
    return q;
  }

  /**
   * The leftover k units of a split over the n remainders in `weights` (bucketed in
   * `bucketOf` and the counts) go to the k largest, ties to the lower component: every
   * remainder above the returned threshold, then the first `even` ones equal to it.
   */
  threshold(k: number, n: number, buckets: number): number {
    this.even = 0;
    if (k <= 0) return Number.POSITIVE_INFINITY;
    const counts = this.bucketCounts;
    const rem = this.weights;
    const bucketOf = this.bucketOf;
    // The bucket holding the k-th largest remainder, and how many lie in buckets above it.
    let above = 0;
    let b = buckets - 1;
    while (above + counts[b]! < k) above += counts[b--]!;
    const inBucket = this.select(counts[b]!);
    let m = 0;
    for (let i = 0; i < n; i++) if (bucketOf[i] === b) inBucket[m++] = rem[i]!;
    const threshold = kthLargest(inBucket, m, k - above, this.select2(m));
    for (let i = 0; i < m; i++) if (inBucket[i]! > threshold) above++;
    this.even = k - above;
    return threshold;
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
