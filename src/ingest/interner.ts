// Interns byte strings (ids) into dense indices without making a JS string per row: the
// bytes go into one growing arena and an open-addressing hash table maps them to indices.
// Millions of ids cost a few bytes each and no garbage.

/** A slot holds index + 1, so a fresh (zeroed) table needs no filling: 0 is empty. */
const EMPTY = 0;
/** Words per slot: hash, index, length, then the id's first INLINE bytes. */
const SLOT_WORDS = 8;
const INLINE_WORDS = SLOT_WORDS - 3;
const INLINE = INLINE_WORDS * 4;

export class Interner {
  private arena: Buffer;
  private used = 0;
  private offsets: Float64Array;
  private hashes: Int32Array;
  /**
   * Open addressing with the key's first bytes inside the slot, so a look-up of a typical
   * id (a 16–19 digit card number) touches one cache line instead of three.
   */
  private table: Int32Array;
  private tableBytes: Uint8Array;
  private mask: number;
  private n = 0;
  private scratch = Buffer.allocUnsafe(256);

  constructor(expected = 1024) {
    const cap = Math.max(16, expected);
    this.arena = Buffer.allocUnsafe(cap * 12);
    this.offsets = new Float64Array(cap + 1);
    this.hashes = new Int32Array(cap);
    const slots = pow2(cap * 2);
    this.table = new Int32Array(slots * SLOT_WORDS);
    this.tableBytes = new Uint8Array(this.table.buffer);
    this.mask = slots - 1;
  }

  get size(): number {
    return this.n;
  }

  /** Index of bytes [s, e) of `buf`, adding them if new. */
  intern(buf: Uint8Array, s: number, e: number): number {
    return this.internHashed(buf, s, e, hashId(buf, s, e));
  }

  /** As intern, with `h = hashId(buf, s, e)` computed by the caller (see touch). */
  internHashed(buf: Uint8Array, s: number, e: number, h: number): number {
    const found = this.find(buf, s, e, h);
    if (found >= 0) return found;
    return this.add(buf, s, e, h, ~found);
  }

  /**
   * As internHashed, with the id's first bytes also given as words: `words[at + q]` holds
   * bytes 4q..4q+3 in platform byte order (as the table holds them), zero past the end,
   * for q < min(5, ceil(len / 4)). Comparing five words costs less than twenty bytes.
   */
  internWords(
    buf: Uint8Array,
    s: number,
    e: number,
    h: number,
    words: Int32Array,
    at: number,
  ): number {
    if (this.mask < 0) this.reindex();
    const len = e - s;
    const table = this.table;
    const mask = this.mask;
    const count = Math.min(INLINE_WORDS, (len + 3) >>> 2);
    let slot = h & mask;
    for (;;) {
      const base = slot * SLOT_WORDS;
      const stored = table[base + 1]!;
      if (stored === EMPTY) return this.add(buf, s, e, h, slot);
      const idx = stored - 1;
      if (table[base] === h && table[base + 2] === len) {
        let q = 0;
        while (q < count && table[base + 3 + q] === words[at + q]) q++;
        if (q === count && (len <= INLINE || this.tailEqual(idx, buf, s, len))) return idx;
      }
      slot = (slot + 1) & mask;
    }
  }

  /**
   * Reads the first slot for hash `h` (both ends: a slot may straddle two cache lines) and
   * returns a value of no meaning. Touching the slots of a batch of ids before interning
   * them lets the CPU wait for their cache misses at the same time instead of one after
   * the other (the table is far larger than the caches).
   */
  touch(h: number): number {
    const base = (h & this.mask) * SLOT_WORDS;
    return this.table[base + 1]! + this.table[base + SLOT_WORDS - 1]!;
  }

  /** touch() for the id in bytes [s, e). */
  touchId(buf: Uint8Array, s: number, e: number): number {
    return this.touch(hashId(buf, s, e));
  }

  /** Index of bytes [s, e), or -1 when absent. */
  lookup(buf: Uint8Array, s: number, e: number): number {
    const found = this.find(buf, s, e, hashId(buf, s, e));
    return found >= 0 ? found : -1;
  }

  lookupString(text: string): number {
    const len = this.encode(text);
    return this.lookup(this.scratch, 0, len);
  }

  internString(text: string): number {
    const len = this.encode(text);
    return this.intern(this.scratch, 0, len);
  }

  /** The id of index `i` as a string. */
  string(i: number): string {
    return this.arena.toString('utf8', this.offsets[i], this.offsets[i + 1]);
  }

  private encode(text: string): number {
    if (text.length * 3 > this.scratch.length) this.scratch = Buffer.allocUnsafe(text.length * 3);
    return this.scratch.write(text, 0, 'utf8');
  }

  /**
   * Gives back the hash table (two thirds of the interner's memory: 67 MB for 1M ids) once
   * every id is in: string() needs only the bytes. A later look-up or intern builds it again.
   */
  compact(): void {
    this.table = new Int32Array(0);
    this.tableBytes = new Uint8Array(0);
    this.mask = -1;
  }

  /** Index if present (>= 0), else ~(free slot). */
  private find(buf: Uint8Array, s: number, e: number, h: number): number {
    if (this.mask < 0) this.reindex();
    const len = e - s;
    const table = this.table;
    const bytes = this.tableBytes;
    const mask = this.mask;
    const inline = Math.min(len, INLINE);
    let slot = h & mask;
    for (;;) {
      const base = slot * SLOT_WORDS;
      const stored = table[base + 1]!;
      if (stored === EMPTY) return ~slot;
      const idx = stored - 1;
      if (table[base] === h && table[base + 2] === len) {
        const b = (base + 3) * 4;
        let k = 0;
        while (k < inline && bytes[b + k] === buf[s + k]) k++;
        if (k === inline && (len <= INLINE || this.tailEqual(idx, buf, s, len))) return idx;
      }
      slot = (slot + 1) & mask;
    }
  }

  private tailEqual(idx: number, buf: Uint8Array, s: number, len: number): boolean {
    const o = this.offsets[idx]!;
    const arena = this.arena;
    for (let k = INLINE; k < len; k++) if (arena[o + k] !== buf[s + k]) return false;
    return true;
  }

  private add(buf: Uint8Array, s: number, e: number, h: number, slot: number): number {
    const len = e - s;
    if (this.used + len > this.arena.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.arena.length * 2, this.used + len));
      this.arena.copy(bigger, 0, 0, this.used);
      this.arena = bigger;
    }
    const arena = this.arena;
    const start = this.used;
    let w = start;
    for (let i = s; i < e; i++) arena[w++] = buf[i]!;
    const idx = this.n++;
    if (idx + 1 >= this.offsets.length || idx >= this.hashes.length) this.growEntries();
    this.used = w;
    this.offsets[idx + 1] = w;
    this.hashes[idx] = h;
    this.place(slot, idx, h, start, len);
    if (this.n * 2 > this.mask + 1) this.rehash();
    return idx;
  }

  private place(slot: number, idx: number, h: number, arenaStart: number, len: number): void {
    const base = slot * SLOT_WORDS;
    this.table[base] = h;
    this.table[base + 1] = idx + 1;
    this.table[base + 2] = len;
    const b = (base + 3) * 4;
    const inline = Math.min(len, INLINE);
    for (let k = 0; k < inline; k++) this.tableBytes[b + k] = this.arena[arenaStart + k]!;
  }

  private growEntries(): void {
    const cap = this.offsets.length * 2;
    const o = new Float64Array(cap);
    o.set(this.offsets);
    this.offsets = o;
    const hs = new Int32Array(cap);
    hs.set(this.hashes);
    this.hashes = hs;
  }

  /** The table again after compact(), sized as the ids need. */
  private reindex(): void {
    this.rehash(pow2(this.n * 2 + 1));
  }

  private rehash(slots = (this.mask + 1) * 2): void {
    this.table = new Int32Array(slots * SLOT_WORDS);
    this.tableBytes = new Uint8Array(this.table.buffer);
    this.mask = slots - 1;
    for (let i = 0; i < this.n; i++) {
      const h = this.hashes[i]!;
      let slot = h & this.mask;
      while (this.table[slot * SLOT_WORDS + 1] !== EMPTY) slot = (slot + 1) & this.mask;
      const o = this.offsets[i]!;
      this.place(slot, i, h, o, this.offsets[i + 1]! - o);
    }
  }
}

function pow2(n: number): number {
  let p = 16;
  while (p < n) p *= 2;
  return p;
}

/**
 * murmur3 (32-bit) over the bytes, four at a time: ids are hashed twice per transfer, and a
 * byte-at-a-time hash is one long chain of multiplications. The steps are exported so that
 * a scanner reading words anyway can compute the same hash on the way (see CsvFastRows).
 */
export function hashId(buf: Uint8Array, s: number, e: number): number {
  let h = HASH_SEED;
  let i = s;
  for (; i + 4 <= e; i += 4)
    h = hashWord(h, buf[i]! | (buf[i + 1]! << 8) | (buf[i + 2]! << 16) | (buf[i + 3]! << 24));
  if (i < e) {
    let k = buf[i]!;
    if (i + 1 < e) k |= buf[i + 1]! << 8;
    if (i + 2 < e) k |= buf[i + 2]! << 16;
    h = hashTail(h, k);
  }
  return hashFinish(h, e - s);
}

export const HASH_SEED = 0x9747b28c;

/** Mixes four bytes (little-endian, as an int32) into the state. */
export function hashWord(h: number, word: number): number {
  let k = Math.imul(word, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  h ^= Math.imul(k, 0x1b873593);
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** Mixes the last one to three bytes (little-endian, zero above them). */
export function hashTail(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  return h ^ Math.imul(k, 0x1b873593);
}

export function hashFinish(h: number, length: number): number {
  h ^= length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
