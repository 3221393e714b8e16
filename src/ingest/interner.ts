// Interns byte strings (ids) into dense indices without making a JS string per row: the
// bytes go into one growing arena and an open-addressing hash table maps them to indices.
// Millions of ids cost a few bytes each and no garbage.

const EMPTY = -1;

export class Interner {
  private arena: Buffer;
  private used = 0;
  private offsets: Float64Array;
  private hashes: Int32Array;
  /** Open addressing, two ints per slot: [hash, index] (index -1 = empty): one cache line per probe. */
  private table: Int32Array;
  private mask: number;
  private n = 0;
  private scratch = Buffer.allocUnsafe(256);

  constructor(expected = 1024) {
    const cap = Math.max(16, expected);
    this.arena = Buffer.allocUnsafe(cap * 12);
    this.offsets = new Float64Array(cap + 1);
    this.hashes = new Int32Array(cap);
    const slots = pow2(cap * 2);
    this.table = new Int32Array(slots * 2).fill(EMPTY);
    this.mask = slots - 1;
  }

  get size(): number {
    return this.n;
  }

  /** Index of bytes [s, e) of `buf`, adding them if new. */
  intern(buf: Uint8Array, s: number, e: number): number {
    const h = hashBytes(buf, s, e);
    const found = this.find(buf, s, e, h);
    if (found >= 0) return found;
    return this.add(buf, s, e, h, ~found);
  }

  /** Index of bytes [s, e), or -1 when absent. */
  lookup(buf: Uint8Array, s: number, e: number): number {
    const found = this.find(buf, s, e, hashBytes(buf, s, e));
    return found >= 0 ? found : -1;
  }

  /**
   * Adds bytes [s, e) as a new index; if they are already present, returns -(existing + 1)
   * instead (so callers can report a duplicate and where it was first seen).
   */
  insertUnique(buf: Uint8Array, s: number, e: number): number {
    const h = hashBytes(buf, s, e);
    const found = this.find(buf, s, e, h);
    if (found >= 0) return -(found + 1);
    return this.add(buf, s, e, h, ~found);
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

  /** Index if present (>= 0), else ~(free slot). */
  private find(buf: Uint8Array, s: number, e: number, h: number): number {
    const len = e - s;
    const table = this.table;
    const mask = this.mask;
    let slot = h & mask;
    for (;;) {
      const idx = table[2 * slot + 1]!;
      if (idx === EMPTY) return ~slot;
      if (table[2 * slot] === h) {
        const o = this.offsets[idx]!;
        if (this.offsets[idx + 1]! - o === len) {
          const arena = this.arena;
          let k = 0;
          while (k < len && arena[o + k] === buf[s + k]) k++;
          if (k === len) return idx;
        }
      }
      slot = (slot + 1) & mask;
    }
  }

  private add(buf: Uint8Array, s: number, e: number, h: number, slot: number): number {
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
    if (idx + 1 >= this.offsets.length || idx >= this.hashes.length) this.growEntries();
    this.used = w;
    this.offsets[idx + 1] = w;
    this.hashes[idx] = h;
    this.table[2 * slot] = h;
    this.table[2 * slot + 1] = idx;
    if (this.n * 2 > this.mask + 1) this.rehash();
    return idx;
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

  private rehash(): void {
    const slots = (this.mask + 1) * 2;
    const table = new Int32Array(slots * 2).fill(EMPTY);
    const mask = slots - 1;
    for (let i = 0; i < this.n; i++) {
      const h = this.hashes[i]!;
      let slot = h & mask;
      while (table[2 * slot + 1] !== EMPTY) slot = (slot + 1) & mask;
      table[2 * slot] = h;
      table[2 * slot + 1] = i;
    }
    this.table = table;
    this.mask = mask;
  }
}

function pow2(n: number): number {
  let p = 16;
  while (p < n) p *= 2;
  return p;
}

/** FNV-1a over the bytes, then a murmur3 finaliser so short ids spread over the table. */
function hashBytes(buf: Uint8Array, s: number, e: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = s; i < e; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}
