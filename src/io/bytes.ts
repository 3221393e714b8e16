// Building large text outputs as bytes: a growable Buffer that producers write fields into
// and cut into chunks at record boundaries. Outputs with tens of millions of fields (a trace's
// accounts with thousands of victims each) cost a fraction of building strings: no string per
// field, no concatenation, nothing for the garbage collector.
import { formatMinor } from '../money/index.js';

/** Chunks are cut once this many bytes are pending. */
export const CHUNK_BYTES = 1 << 20;
/**
 * Room past CHUNK_BYTES, for the record that crosses it: a bigger record makes the buffer
 * grow, which copies what is pending. A poison account's line lists thousands of victims
 * (80 KB for 10k), and with 4 KB of room nearly every chunk was copied once more.
 */
const SLACK_BYTES = 256 << 10;

export class ByteOut {
  protected buf: Buffer;
  /** Bytes written into `buf` since the last cut. */
  pos = 0;

  /**
   * @param chunkBytes bytes after which `full` says to cut
   * @param slack room past that, so that a record rarely makes the buffer grow
   * @param reuse cut() hands out a view of the one buffer, which writing after it overwrites
   *   (see cut)
   */
  constructor(
    private readonly chunkBytes = CHUNK_BYTES,
    private readonly slack = SLACK_BYTES,
    private readonly reuse = false,
  ) {
    this.buf = Buffer.allocUnsafe(chunkBytes + slack);
  }

  /** True when a chunk should be cut (at the next record boundary). */
  get full(): boolean {
    return this.pos >= this.chunkBytes;
  }

  /**
   * The bytes written so far, as a chunk. Without `reuse` the chunk is its own and writing
   * goes on into a new buffer. With `reuse` writing goes on into the same buffer: the chunk
   * is valid only until the next write, and a multi-gigabyte output allocates nothing per
   * chunk. (A fresh 1.25 MB buffer per chunk is external memory to V8, which answered a
   * poison trace's 5.4 GB of accounts.csv with ~190 full garbage collections.)
   */
  cut(): Buffer {
    const chunk = this.buf.subarray(0, this.pos);
    if (!this.reuse) this.buf = Buffer.allocUnsafe(this.chunkBytes + this.slack);
    this.pos = 0;
    return chunk;
  }

  /** A copy of the bytes written since offset `start` of the current chunk. */
  copyFrom(start: number): Uint8Array {
    return new Uint8Array(this.buf.subarray(start, this.pos));
  }

  /** Makes room for n more bytes. */
  room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(bigger, 0, 0, this.pos);
    this.buf = bigger;
  }

  /** A string, UTF-8. */
  text(s: string): void {
    this.room(s.length * 3);
    this.pos += this.buf.write(s, this.pos, 'utf8');
  }

  /** Bytes (e.g. a pre-encoded name). */
  bytes(b: Uint8Array): void {
    const n = b.length;
    this.room(n);
    const buf = this.buf;
    let p = this.pos;
    if (n <= 32) for (let i = 0; i < n; i++) buf[p++] = b[i]!;
    else {
      buf.set(b, p);
      p += n;
    }
    this.pos = p;
  }

  /**
   * Items keys[0], keys[1], ... keys[n - 1] of `list`, separated by byte `sep`: one room
   * check and one tight loop for a whole list (a victim list of thousands of ids).
   */
  joined(list: EncodedList, keys: Int32Array, n: number, sep: number): void {
    if (n === 0) return;
    this.room(n * (list.longest + 1));
    const { bytes, start } = list;
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) {
      if (i > 0) buf[p++] = sep;
      const k = keys[i]!;
      for (let j = start[k]!, e = start[k + 1]!; j < e; j++) buf[p++] = bytes[j]!;
    }
    this.pos = p;
  }

  /** One byte (an ASCII character code). */
  byte(c: number): void {
    this.room(1);
    this.buf[this.pos++] = c;
  }

  /**
   * Minor units as a decimal amount with exactly `digits` decimals (as formatMinor):
   * 123456, 2 -> "1234.56"; 5, 2 -> "0.05"; -5, 2 -> "-0.05".
   */
  minor(x: number, digits: number): void {
    if (!Number.isSafeInteger(x)) {
      this.text(formatMinor(x, digits));
      return;
    }
    this.room(MINOR_BYTES + digits);
    this.pos = putMinor(this.buf, this.pos, x, digits);
  }

  /**
   * For each position i in [lo, hi), or in entries[lo, hi) if given: item keys[i] of
   * `names`, then `mid`, the amount amounts[i] (as `minor`), then `end`; separated by byte
   * `sep`. One room check for a whole list: a victim list of an account under the splitting
   * rules has thousands of entries.
   */
  namedMinors(
    names: EncodedList,
    keys: Int32Array,
    amounts: Float64Array,
    entries: Uint32Array | undefined,
    lo: number,
    hi: number,
    digits: number,
    sep: number,
    mid: Uint8Array,
    end: Uint8Array,
  ): void {
    const n = hi - lo;
    if (n <= 0) return;
    this.room(n * (names.longest + mid.length + end.length + 1 + MINOR_BYTES + digits));
    const { bytes, start } = names;
    let buf = this.buf;
    let p = this.pos;
    for (let e = lo; e < hi; e++) {
      const i = entries === undefined ? e : entries[e]!;
      if (e > lo) buf[p++] = sep;
      const k = keys[i]!;
      for (let j = start[k]!, stop = start[k + 1]!; j < stop; j++) buf[p++] = bytes[j]!;
      for (let j = 0; j < mid.length; j++) buf[p++] = mid[j]!;
      const x = amounts[i]!;
      if (Number.isSafeInteger(x)) p = putMinor(buf, p, x, digits);
      else {
        // Beyond 2^53 (not a traced amount in practice): as text, and room again after it.
        this.pos = p;
        this.text(formatMinor(x, digits));
        this.room((hi - e) * (names.longest + mid.length + end.length + 1 + MINOR_BYTES + digits));
        buf = this.buf;
        p = this.pos;
      }
      for (let j = 0; j < end.length; j++) buf[p++] = end[j]!;
    }
    this.pos = p;
  }
}

/** Bytes of a safe integer's digits, sign and point, besides the `digits` zeros it may get. */
const MINOR_BYTES = 18;

/**
 * Writes safe integer `x` of minor units at buf[p...] as `minor` does; returns the end.
 * The caller has made room for MINOR_BYTES + digits bytes.
 */
function putMinor(buf: Uint8Array, p: number, x: number, digits: number): number {
  if (x < 0) {
    buf[p++] = 45; // -
    x = -x;
  }
  // Digits go right to left from the end of the number's room, so its length comes first.
  let len = x < 1e9 ? digitsBelow1e9(x) : 10;
  for (let t = 1e10; x >= t; t *= 10) len++; // powers of ten are exact up to 1e22
  if (len <= digits) len = digits + 1;
  const end = p + len + (digits > 0 ? 1 : 0);
  p = end;
  let y = x;
  let i = 0;
  // Above 2^31 by float division (exact: y - q * 10 is a small integer); below it by int32
  // division, which compiles to a multiplication.
  while (y > 0x7fffffff) {
    const q = Math.floor(y / 10);
    buf[--p] = 48 + (y - q * 10);
    y = q;
    if (++i === digits) buf[--p] = 46; // .
  }
  let z = y | 0;
  while (i < digits) {
    const q = (z / 10) | 0;
    buf[--p] = 48 + (z - q * 10);
    z = q;
    if (++i === digits) buf[--p] = 46; // .
  }
  do {
    const q = (z / 10) | 0;
    buf[--p] = 48 + (z - q * 10);
    z = q;
  } while (z > 0);
  return end;
}

/** Decimal digits of an integer 0 <= x < 1e9 (1 for 0). */
function digitsBelow1e9(x: number): number {
  if (x < 1e4) return x < 100 ? (x < 10 ? 1 : 2) : x < 1000 ? 3 : 4;
  if (x < 1e6) return x < 1e5 ? 5 : 6;
  return x < 1e7 ? 7 : x < 1e8 ? 8 : 9;
}

/** Pre-encoded items (ids, say) in one buffer: item k is bytes [start[k], start[k + 1]). */
export class EncodedList {
  readonly bytes: Uint8Array;
  readonly start: Int32Array;
  /** Bytes of the longest item. */
  readonly longest: number;

  constructor(items: readonly Uint8Array[]) {
    const start = new Int32Array(items.length + 1);
    let total = 0;
    let longest = 0;
    items.forEach((b, k) => {
      total += b.length;
      longest = Math.max(longest, b.length);
      start[k + 1] = total;
    });
    const bytes = new Uint8Array(total);
    items.forEach((b, k) => {
      bytes.set(b, start[k]!);
    });
    this.bytes = bytes;
    this.start = start;
    this.longest = longest;
  }
}

/** Decodes chunks into one string (small outputs, tests). */
export function chunksToString(chunks: Iterable<Uint8Array>): string {
  const parts: Uint8Array[] = [];
  for (const c of chunks) parts.push(c);
  return Buffer.concat(parts).toString('utf8');
}
