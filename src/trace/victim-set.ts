// The poison rule's victim sets: one mutable set per tainted account, owned by it. A small set
// is its victims' indices, sorted, with some spare room; once it has more members than a
// bitset of all victims has words, it becomes that bitset. So a set never takes more memory
// than its sorted form would, and a union costs O(words) at most, never O(victims): an OR
// per word from a bitset, a bit per member of a sorted source into a bitset, or a merge of
// two sorted sets (each at most `words` long).
import type { VictimIndexSet } from './model.js';

/** Room a new sorted set gets beyond its members (capped at the bitset's size). */
const MIN_ROOM = 4;
/** A sorted source of at most this many members is inserted by binary search, not merged. */
const FEW = 4;
/** Bitsets per chunk of memory, and the most words a chunk takes. */
const BITSETS_PER_CHUNK = 4096;
const MAX_CHUNK_WORDS = 1 << 20;

/**
 * What the victim sets of one trace share: the size of a bitset, and the memory bitsets are
 * cut from. A bitset is never freed before the whole trace is (a set only grows), so bitsets
 * are runs of words in big chunks: one allocation and one typed array per chunk, not per
 * account (a typed array per account cost more than the unions themselves).
 */
export class VictimSpace {
  /** Words of a bitset: ceil(victimCount / 32). Sorted sets never hold more members. */
  readonly words: number;
  private current = new Int32Array(0);
  private used = 0;
  /** The chunk the last claim() is in (a chunk with a freed bitset, or the current one). */
  private last: Int32Array = this.current;
  /** Bitsets given back, to be claimed again: their chunks and offsets. */
  private readonly freeChunks: Int32Array[] = [];
  private readonly freeBases: number[] = [];

  constructor(victimCount: number) {
    this.words = (victimCount + 31) >>> 5;
  }

  /** The set {victim}. */
  single(victim: number): VictimSet {
    return VictimSet.single(this, victim);
  }

  /** The chunk that the last claim() is in. */
  get chunk(): Int32Array {
    return this.last;
  }

  /** A zeroed bitset: its offset in `chunk` (which this may replace with a new one). */
  claim(): number {
    const words = this.words;
    const reused = this.freeChunks.pop();
    if (reused !== undefined) {
      const base = this.freeBases.pop()!;
      reused.fill(0, base, base + words);
      this.last = reused;
      return base;
    }
    if (this.used + words > this.current.length) {
      this.current = new Int32Array(
        Math.max(words, Math.min(words * BITSETS_PER_CHUNK, MAX_CHUNK_WORDS)),
      );
      this.used = 0;
    }
    const base = this.used;
    this.used += words;
    this.last = this.current;
    return base;
  }

  /** Takes back the bitset at `base` in `chunk`: no set uses it any more. */
  release(chunk: Int32Array, base: number): void {
    this.freeChunks.push(chunk);
    this.freeBases.push(base);
  }
}

export class VictimSet implements VictimIndexSet {
  /**
   * Accounts holding this very set (the poison tracer shares a set between accounts until
   * one of them has to change it: see own()). A set is changed only while it has one.
   */
  holders = 1;

  private constructor(
    private readonly space: VictimSpace,
    /** Members; -1 when a dense set's count is stale (counted again when read). */
    private count: number,
    /**
     * Sorted: the members in data[0, count), ascending, in an array of the set's own.
     * Dense: bits in data[base, base + words), a run in one of the space's chunks.
     */
    private data: Int32Array,
    private base: number,
    private dense: boolean,
  ) {}

  static single(space: VictimSpace, victim: number): VictimSet {
    const data = new Int32Array(Math.min(space.words, MIN_ROOM));
    data[0] = victim;
    return new VictimSet(space, 1, data, 0, false);
  }

  get size(): number {
    if (this.count < 0) {
      const d = this.data;
      let n = 0;
      for (let i = this.base, end = i + this.space.words; i < end; i++) n += popcount(d[i]!);
      this.count = n;
    }
    return this.count;
  }

  /** 32-bit words held: at most a bitset's, and at most twice the members (or MIN_ROOM). */
  get footprint(): number {
    return this.dense ? this.space.words : this.data.length;
  }

  /** A copy owned by another account. */
  copy(): VictimSet {
    const space = this.space;
    if (this.dense) {
      const base = space.claim();
      const chunk = space.chunk;
      const d = this.data;
      for (let w = 0; w < space.words; w++) chunk[base + w] = d[this.base + w]!;
      return new VictimSet(space, this.count, chunk, base, true);
    }
    const data = new Int32Array(Math.min(space.words, Math.max(this.count, MIN_ROOM)));
    data.set(this.data.subarray(0, this.count));
    return new VictimSet(space, this.count, data, 0, false);
  }

  /** True when every member of `other` is in this set too. */
  covers(other: VictimSet): boolean {
    if (other === this) return true;
    if (other.dense) {
      const s = other.data;
      const from = other.base;
      if (this.dense) {
        return coversWords(this.data, this.base, s, from, this.space.words);
      }
      // Sorted: at most `words` members, so a bitset with more is not covered.
      for (let w = 0; w < this.space.words; w++) {
        let x = s[from + w]!;
        while (x !== 0) {
          const low = x & -x;
          if (search(this.data, this.count, (w << 5) | (31 - Math.clz32(low))) < 0) return false;
          x ^= low;
        }
      }
      return true;
    }
    const m = other.data;
    for (let i = 0; i < other.count; i++) if (!this.has(m[i]!)) return false;
    return true;
  }

  /** One holder fewer; with none left, its bitset goes back to the space. */
  release(): void {
    if (--this.holders === 0 && this.dense) this.space.release(this.data, this.base);
  }

  has(victim: number): boolean {
    if (!this.dense) return search(this.data, this.count, victim) >= 0;
    const w = victim >>> 5;
    // Past the last word are the next bitset's words.
    return w < this.space.words && ((this.data[this.base + w]! >>> (victim & 31)) & 1) === 1;
  }

  add(victim: number): void {
    if (this.dense) {
      const i = this.base + (victim >>> 5);
      const bit = 1 << (victim & 31);
      const x = this.data[i]!;
      if ((x & bit) === 0) {
        this.data[i] = x | bit;
        if (this.count >= 0) this.count++;
      }
      return;
    }
    const at = search(this.data, this.count, victim);
    if (at >= 0) return;
    if (this.count === this.space.words) {
      this.becomeDense();
      this.add(victim);
      return;
    }
    this.insertAt(~at, victim);
  }

  /** Adds every member of `source` (another account's set, left unchanged). */
  addAll(source: VictimSet): void {
    if (source.dense) {
      if (!this.dense) this.becomeDense();
      this.orWords(source.data, source.base);
    } else if (this.dense || source.count <= FEW) {
      const s = source.data;
      for (let i = 0; i < source.count; i++) this.add(s[i]!);
    } else {
      this.mergeSorted(source.data, source.count);
    }
  }

  /** Writes the members in ascending order into `out` (length >= size); returns size. */
  fill(out: Int32Array): number {
    if (!this.dense) {
      const n = this.count;
      out.set(this.data.subarray(0, n));
      return n;
    }
    const d = this.data;
    const base = this.base;
    let k = 0;
    for (let w = 0; w < this.space.words; w++) {
      let x = d[base + w]!;
      while (x !== 0) {
        const low = x & -x;
        out[k++] = (w << 5) | (31 - Math.clz32(low));
        x ^= low;
      }
    }
    this.count = k;
    return k;
  }

  *[Symbol.iterator](): IterableIterator<number> {
    const d = this.data;
    if (!this.dense) {
      for (let i = 0; i < this.count; i++) yield d[i]!;
      return;
    }
    for (let w = 0; w < this.space.words; w++) {
      let x = d[this.base + w]!;
      while (x !== 0) {
        const low = x & -x;
        yield (w << 5) | (31 - Math.clz32(low));
        x ^= low;
      }
    }
  }

  /** Counts this set's members into `tally`. */
  countInto(tally: VictimTally, times = 1): void {
    if (!this.dense) tally.addSorted(this.data, this.count, times);
    else if (times === 1) tally.addWords(this.data, this.base);
    else tally.addBits(this.data, this.base, times);
  }

  private insertAt(at: number, victim: number): void {
    if (this.count === this.data.length) this.grow(this.count + 1);
    const d = this.data;
    d.copyWithin(at + 1, at, this.count);
    d[at] = victim;
    this.count++;
  }

  /** Room for `needed` sorted members (needed <= words). */
  private grow(needed: number): void {
    const cap = Math.min(this.space.words, Math.max(needed, this.data.length * 2, MIN_ROOM));
    const d = new Int32Array(cap);
    d.set(this.data.subarray(0, this.count));
    this.data = d;
  }

  private becomeDense(): void {
    const base = this.space.claim();
    const bits = this.space.chunk;
    const d = this.data;
    for (let i = 0; i < this.count; i++) {
      const v = d[i]!;
      bits[base + (v >>> 5)] = bits[base + (v >>> 5)]! | (1 << (v & 31));
    }
    this.data = bits;
    this.base = base;
    this.dense = true;
  }

  /**
   * Word-wise OR; the count goes stale (nothing reads it while tracing). Unrolled by four:
   * this loop is most of the tracer's time, and V8 runs it ~1.6x faster so.
   */
  private orWords(s: Int32Array, from: number): void {
    const d = this.data;
    const to = this.base;
    const n = this.space.words;
    let w = 0;
    for (; w + 4 <= n; w += 4) {
      const i = to + w;
      const j = from + w;
      d[i] = d[i]! | s[j]!;
      d[i + 1] = d[i + 1]! | s[j + 1]!;
      d[i + 2] = d[i + 2]! | s[j + 2]!;
      d[i + 3] = d[i + 3]! | s[j + 3]!;
    }
    for (; w < n; w++) d[to + w] = d[to + w]! | s[from + w]!;
    this.count = -1;
  }

  /** Union with the sorted `s[0, n)`; becomes dense once it outgrows a bitset. */
  private mergeSorted(s: Int32Array, n: number): void {
    const a = this.data;
    const na = this.count;
    const total = na + n - common(a, na, s, n);
    if (total === na) return;
    if (total > this.space.words) {
      this.becomeDense();
      for (let j = 0; j < n; j++) this.add(s[j]!);
      return;
    }
    if (total > a.length) this.grow(total);
    // Backwards, so the merge can run in place: each write lands at or after its reads.
    const d = this.data;
    let i = na - 1;
    let k = total - 1;
    for (let j = n - 1; j >= 0; ) {
      const y = s[j]!;
      const x = i >= 0 ? d[i]! : -1;
      if (x > y) {
        d[k--] = x;
        i--;
      } else {
        d[k--] = y;
        j--;
        if (x === y) i--;
      }
    }
    this.count = total;
  }
}

/**
 * How many sets hold each victim. A bitset's word is added to four words of 4-bit counters
 * (lanes k, k+4, ..., k+28 of the word in counter word k), which are emptied into the totals
 * every 15 bitsets: no branch and no loop per member, about half the time of a ripple-carry
 * counter and a quarter of visiting every member.
 */
export class VictimTally {
  private readonly words: number;
  private readonly totals: Int32Array;
  /** Counter word k of bitset word w at [4 * w + k]. */
  private readonly nibbles: Int32Array;
  private pending = 0;

  constructor(victimCount: number) {
    this.words = (victimCount + 31) >>> 5;
    this.totals = new Int32Array(this.words * 32);
    this.nibbles = new Int32Array(this.words * 4);
  }

  /** Adds `times` to each of the sorted members[0, n). */
  addSorted(members: Int32Array, n: number, times = 1): void {
    const t = this.totals;
    for (let i = 0; i < n; i++) t[members[i]!] = t[members[i]!]! + times;
  }

  /** Adds `times` to each member of the bitset in bits[base, base + words), bit by bit. */
  addBits(bits: Int32Array, base: number, times: number): void {
    const t = this.totals;
    for (let w = 0; w < this.words; w++) {
      let x = bits[base + w]!;
      while (x !== 0) {
        const v = (w << 5) | (31 - Math.clz32(x & -x));
        t[v] = t[v]! + times;
        x &= x - 1;
      }
    }
  }

  /** Adds the bitset in bits[base, base + words). */
  addWords(bits: Int32Array, base: number): void {
    const c = this.nibbles;
    const lanes = 0x11111111;
    for (let w = 0, i = 0; w < this.words; w++, i += 4) {
      const x = bits[base + w]!;
      c[i] = c[i]! + (x & lanes);
      c[i + 1] = c[i + 1]! + ((x >>> 1) & lanes);
      c[i + 2] = c[i + 2]! + ((x >>> 2) & lanes);
      c[i + 3] = c[i + 3]! + ((x >>> 3) & lanes);
    }
    if (++this.pending === 15) this.flush();
  }

  count(victim: number): number {
    if (this.pending > 0) this.flush();
    return this.totals[victim]!;
  }

  private flush(): void {
    const c = this.nibbles;
    const t = this.totals;
    for (let i = 0; i < c.length; i++) {
      const x = c[i]!;
      if (x === 0) continue;
      // Counter word k = i & 3 of bitset word i >> 2 holds the lanes k + 4j.
      const lane = ((i >>> 2) << 5) | (i & 3);
      for (let j = 0; j < 8; j++) t[lane + 4 * j] = t[lane + 4 * j]! + ((x >>> (4 * j)) & 15);
    }
    c.fill(0);
    this.pending = 0;
  }
}

/**
 * True when bits s[from, from + n) are all in d[to, to + n): eight words per test, since a
 * set usually covers the other or misses it early, and the poison tracer asks this for
 * nearly every payment between tainted accounts (~1M times on 1M transfers, 10k victims).
 */
function coversWords(d: Int32Array, to: number, s: Int32Array, from: number, n: number): boolean {
  let w = 0;
  for (; w + 8 <= n; w += 8) {
    const i = to + w;
    const j = from + w;
    const x =
      (s[j]! & ~d[i]!) |
      (s[j + 1]! & ~d[i + 1]!) |
      (s[j + 2]! & ~d[i + 2]!) |
      (s[j + 3]! & ~d[i + 3]!) |
      (s[j + 4]! & ~d[i + 4]!) |
      (s[j + 5]! & ~d[i + 5]!) |
      (s[j + 6]! & ~d[i + 6]!) |
      (s[j + 7]! & ~d[i + 7]!);
    if (x !== 0) return false;
  }
  for (; w < n; w++) if ((s[from + w]! & ~d[to + w]!) !== 0) return false;
  return true;
}

/** Index of `x` in the sorted `a[0, n)`, or ~(where it would go). */
function search(a: Int32Array, n: number, x: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const y = a[mid]!;
    if (y < x) lo = mid + 1;
    else if (y > x) hi = mid;
    else return mid;
  }
  return ~lo;
}

/** Members common to the sorted a[0, na) and b[0, nb). */
function common(a: Int32Array, na: number, b: Int32Array, nb: number): number {
  let i = 0;
  let j = 0;
  let c = 0;
  while (i < na && j < nb) {
    const x = a[i]!;
    const y = b[j]!;
    if (x < y) i++;
    else if (y < x) j++;
    else {
      c++;
      i++;
      j++;
    }
  }
  return c;
}

function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  v = (v + (v >>> 4)) & 0x0f0f0f0f;
  return Math.imul(v, 0x01010101) >>> 24;
}
