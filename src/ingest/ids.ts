// The column of transfer ids: bytes in one arena plus a 32-bit hash per id, written
// sequentially while loading (no hash-table probe per row, which costs a cache miss each).
// Duplicates and look-ups are answered afterwards: at once when the ids came in increasing
// order (sequence numbers, the usual case), else from the hashes. While every id has the
// same length (the usual case too) an id's place is its index times that length, and no
// offsets are kept: at 10M transfers that is 80 MB less.

import { radixOrder } from '../sort/index.js';

export class IdColumn {
  private arena: Buffer;
  private used = 0;
  /** The length of every id while they all have one (-1 before the first), else -2. */
  private width = -1;
  /** Where each id starts (and, at i + 1, ends); made when lengths first differ. */
  private offsets: Float64Array | undefined;
  /** Hashes, made only once the ids stop increasing. */
  private hashes: Int32Array | undefined;
  /** Ids the offsets and hashes have room for. */
  private cap: number;
  private n = 0;
  /**
   * True while every id is greater than the one before in shortlex order (shorter first,
   * then by bytes): then there is no duplicate, and a look-up is a binary search.
   */
  private increasing = true;
  /** Ids [0, hashed) have their hash in `hashes`. */
  private hashed = 0;
  /** Indices sorted by (hash, index); built on first use. */
  private order: Uint32Array | undefined;
  private sortedHashes: Uint32Array | undefined;
  private released = false;

  constructor(expected = 1024) {
    this.cap = Math.max(16, expected);
    this.arena = Buffer.allocUnsafe(this.cap * 12);
  }

  get size(): number {
    return this.n;
  }

  /** Appends the id in bytes [s, e) and returns its index. */
  push(buf: Uint8Array, s: number, e: number): number {
    if (this.released) this.live();
    const len = e - s;
    if (this.used + len > this.arena.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.arena.length * 2, this.used + len));
      this.arena.copy(bigger, 0, 0, this.used);
      this.arena = bigger;
    }
    const arena = this.arena;
    let w = this.used;
    for (let i = s; i < e; i++) arena[w++] = buf[i]!;
    const idx = this.n++;
    if (idx >= this.cap) this.grow();
    if (len !== this.width) {
      if (this.width === -1) this.width = len;
      else if (this.width >= 0) this.unfix(idx);
    }
    this.used = w;
    if (this.offsets !== undefined) this.offsets[idx + 1] = w;
    this.order = undefined;
    if (this.increasing && idx > 0)
      this.increasing = this.compare(idx - 1, arena, w - len, len) < 0;
    // Hashes serve only when the ids do not increase: made then, for all ids so far.
    if (!this.increasing) this.hashUpTo(idx + 1);
    return idx;
  }

  /** Lengths differ from id `idx` on: offsets for the ids before it, from here on kept. */
  private unfix(idx: number): void {
    const width = this.width;
    const offsets = new Float64Array(this.cap + 1);
    for (let i = 1; i <= idx; i++) offsets[i] = i * width;
    this.offsets = offsets;
    this.width = -2;
  }

  private start(i: number): number {
    return this.offsets === undefined ? i * this.width : this.offsets[i]!;
  }

  private end(i: number): number {
    return this.offsets === undefined ? (i + 1) * this.width : this.offsets[i + 1]!;
  }

  private hashUpTo(n: number): void {
    let hashes = this.hashes;
    if (hashes === undefined) {
      hashes = new Int32Array(this.cap);
      this.hashes = hashes;
    }
    const arena = this.arena;
    for (let i = this.hashed; i < n; i++) hashes[i] = mix(fnv(arena, this.start(i), this.end(i)));
    this.hashed = n;
  }

  /** Shortlex order of id i against bytes [s, s + len) of b: < 0, 0 or > 0. */
  private compare(i: number, b: Uint8Array, s: number, len: number): number {
    const o = this.start(i);
    const iLen = this.end(i) - o;
    if (iLen !== len) return iLen - len;
    const arena = this.arena;
    for (let k = 0; k < len; k++) {
      const d = arena[o + k]! - b[s + k]!;
      if (d !== 0) return d;
    }
    return 0;
  }

  /** For increasing ids: index of the id equal to bytes b, or -1 (binary search). */
  private search(b: Uint8Array): number {
    let lo = 0;
    let hi = this.n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const c = this.compare(mid, b, 0, b.length);
      if (c === 0) return mid;
      if (c < 0) lo = mid + 1;
      else hi = mid;
    }
    return -1;
  }

  pushString(text: string): number {
    const b = Buffer.from(text, 'utf8');
    return this.push(b, 0, b.length);
  }

  /**
   * Gives the ids' memory back when nothing will read them again (a trace that writes no
   * flows needs them only to find the losses): ~110 MB at 10M transfers. Only `size`
   * answers after this; every other method throws.
   */
  release(): void {
    this.arena = Buffer.alloc(0);
    this.offsets = undefined;
    this.hashes = undefined;
    this.order = undefined;
    this.sortedHashes = undefined;
    this.released = true;
  }

  private live(): void {
    if (this.released) throw new Error('the transfer ids were released');
  }

  string(i: number): string {
    this.live();
    return this.arena.toString('utf8', this.start(i), this.end(i));
  }

  /**
   * Every id seen before, as [index, index of its first occurrence], in index order.
   * A bitmap over the top bits of the hashes finds the few ids that share them with another
   * (a sequential pass, no sort of all ids); only those are sorted and compared.
   */
  duplicates(): [number, number][] {
    this.live();
    if (this.increasing || this.hashes === undefined) return [];
    const n = this.n;
    const hashes = new Uint32Array(this.hashes.buffer, 0, n);
    const bits = Math.min(30, Math.max(10, Math.ceil(Math.log2(n + 1)) + 5));
    const shift = 32 - bits;
    const seen = new Int32Array(1 << (bits - 5));
    const shared = new Int32Array(1 << (bits - 5));
    let any = false;
    for (let i = 0; i < n; i++) {
      const b = hashes[i]! >>> shift;
      const w = b >>> 5;
      const m = 1 << (b & 31);
      const v = seen[w]!;
      if ((v & m) !== 0) {
        shared[w]! |= m;
        any = true;
      } else seen[w] = v | m;
    }
    const out: [number, number][] = [];
    if (!any) return out;
    const candidates: number[] = [];
    for (let i = 0; i < n; i++) {
      const b = hashes[i]! >>> shift;
      if ((shared[b >>> 5]! & (1 << (b & 31))) !== 0) candidates.push(i);
    }
    // (hash, index) order: equal ids are neighbours, the first occurrence first.
    candidates.sort((a, b) => hashes[a]! - hashes[b]! || a - b);
    for (let i = 1; i < candidates.length; i++) {
      const h = hashes[candidates[i]!];
      if (h !== hashes[candidates[i - 1]!]) continue;
      let runStart = i - 1;
      while (runStart > 0 && hashes[candidates[runStart - 1]!] === h) runStart--;
      const idx = candidates[i]!;
      for (let j = runStart; j < i; j++) {
        const first = candidates[j]!;
        if (this.equal(first, idx)) {
          out.push([idx, first]);
          break;
        }
      }
    }
    return out.sort((a, b) => a[0] - b[0]);
  }

  /**
   * Index of the first id equal to each of `texts` (-1 when absent), in one sequential
   * pass over the ids: for a few thousand look-ups this beats sorting a million hashes.
   */
  lookupMany(texts: readonly string[]): Int32Array {
    this.live();
    const found = new Int32Array(texts.length).fill(-1);
    if (texts.length === 0) return found;
    const keys = texts.map((t) => Buffer.from(t, 'utf8'));
    if (this.increasing) {
      keys.forEach((b, q) => {
        found[q] = this.search(b);
      });
      return found;
    }
    const slots = 1 << Math.ceil(Math.log2(texts.length * 2 + 1));
    const mask = slots - 1;
    // Open addressing over the queries: slot -> query + 1 (0 = empty); equal texts share one.
    const table = new Int32Array(slots);
    const slotHash = new Int32Array(slots);
    const sameAs = new Int32Array(texts.length);
    keys.forEach((b, q) => {
      const h = mix(fnv(b, 0, b.length));
      let slot = h & mask;
      for (;;) {
        const at = table[slot]!;
        if (at === 0) {
          table[slot] = q + 1;
          slotHash[slot] = h;
          sameAs[q] = q;
          return;
        }
        if (slotHash[slot] === h && keys[at - 1]!.equals(b)) {
          sameAs[q] = at - 1;
          return;
        }
        slot = (slot + 1) & mask;
      }
    });
    const hashes = this.hashes!; // made when the ids stopped increasing
    for (let i = 0; i < this.n; i++) {
      const h = hashes[i]!;
      let slot = h & mask;
      for (let at = table[slot]!; at !== 0; at = table[slot]!) {
        if (slotHash[slot] === h && found[at - 1] === -1 && this.equalBytes(i, keys[at - 1]!))
          found[at - 1] = i;
        slot = (slot + 1) & mask;
      }
    }
    for (let q = 0; q < texts.length; q++) found[q] = found[sameAs[q]!]!;
    return found;
  }

  /** Index of the first id equal to `text`, or -1. */
  lookupString(text: string): number {
    this.live();
    const b = Buffer.from(text, 'utf8');
    if (this.increasing) return this.search(b);
    const key = mix(fnv(b, 0, b.length)) >>> 0;
    const { order, sortedHashes } = this.index();
    let lo = 0;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sortedHashes[mid]! < key) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < order.length && sortedHashes[i] === key; i++) {
      const idx = order[i]!;
      const o = this.start(idx);
      if (
        this.end(idx) - o === b.length &&
        this.arena.compare(b, 0, b.length, o, o + b.length) === 0
      )
        return idx;
    }
    return -1;
  }

  private equalBytes(i: number, b: Buffer): boolean {
    const o = this.start(i);
    const len = this.end(i) - o;
    return len === b.length && this.arena.compare(b, 0, len, o, o + len) === 0;
  }

  private equal(a: number, b: number): boolean {
    const oa = this.start(a);
    const ob = this.start(b);
    const len = this.end(a) - oa;
    if (this.end(b) - ob !== len) return false;
    return this.arena.compare(this.arena, ob, ob + len, oa, oa + len) === 0;
  }

  /** LSD radix sort of (hash, index) in two 16-bit passes: linear and stable. */
  private index(): { order: Uint32Array; sortedHashes: Uint32Array } {
    if (this.order !== undefined && this.sortedHashes !== undefined)
      return { order: this.order, sortedHashes: this.sortedHashes };
    const n = this.n;
    const keys = new Uint32Array(this.hashes!.buffer, 0, n); // look-ups by hash: not increasing
    const first = new Uint32Array(n);
    for (let i = 0; i < n; i++) first[i] = i;
    const tmp = new Uint32Array(n);
    const order = radixOrder(keys, first, tmp, n, 0xffffffff, 16, new Uint32Array(1 << 16));
    const sortedHashes = order === tmp ? first : tmp;
    for (let i = 0; i < n; i++) sortedHashes[i] = keys[order[i]!]!;
    this.order = order;
    this.sortedHashes = sortedHashes;
    return { order, sortedHashes };
  }

  private grow(): void {
    const cap = this.cap * 2;
    this.cap = cap;
    if (this.offsets !== undefined) {
      const o = new Float64Array(cap + 1);
      o.set(this.offsets);
      this.offsets = o;
    }
    if (this.hashes !== undefined) {
      const hs = new Int32Array(cap);
      hs.set(this.hashes);
      this.hashes = hs;
    }
  }
}

/** FNV-1a, then mix: the hash of an id. */
function fnv(b: Uint8Array, s: number, e: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = s; i < e; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
  return h;
}

/** murmur3's finaliser, so that similar ids spread over all bits. */
function mix(x: number): number {
  let h = x ^ (x >>> 16);
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
