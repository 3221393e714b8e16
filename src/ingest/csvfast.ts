// The CSV fast path of the transfers loader: parses runs of plain lines (no quotes) in one
// pass per field, in blocks, and takes a line only when it is entirely valid. Any line it
// does not like (a bad or unusual field, a wrong field count, a blank line) is left to the
// record-by-record path, which reports the problems: the two paths give identical results.
import { type AmountResult, parseAmountBytes } from '../money/index.js';
import { FixedTimestamps, parseTimestampBytes, type TimestampResult } from '../time/index.js';
import type { IdColumn } from './ids.js';
import { HASH_SEED, hashFinish, hashId, hashTail, hashWord, type Interner } from './interner.js';
import type { TransferRows } from './rows.js';

/** What a field of a line is (by position), for CsvFastRows. */
export const Role = {
  other: 0,
  id: 1,
  ts: 2,
  from: 3,
  to: 4,
  amount: 5,
  currency: 6,
} as const;

const COMMA = 44;
const LF = 10;
const CR = 13;
/**
 * Lines parsed before their accounts are interned. Interning a block at a time lets the
 * table's cache misses of the whole block overlap (see Interner.touch).
 */
const BLOCK = 64;
/** Words of an id kept for comparing in the interner's slots (its inline part). */
const KEY_WORDS = 5;
/** Words are read little-endian and compared with the interner's Int32Array: same order. */
export const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

export class CsvFastRows {
  private readonly fixed = new FixedTimestamps();
  private readonly tsOut: TimestampResult = { problem: undefined };
  private readonly amountOut: AmountResult = { problem: undefined };
  private readonly lineStart = new Int32Array(BLOCK);
  private readonly idS = new Int32Array(BLOCK);
  private readonly idE = new Int32Array(BLOCK);
  private readonly fromS = new Int32Array(BLOCK);
  private readonly fromE = new Int32Array(BLOCK);
  private readonly fromH = new Int32Array(BLOCK);
  private readonly toS = new Int32Array(BLOCK);
  private readonly toE = new Int32Array(BLOCK);
  private readonly toH = new Int32Array(BLOCK);
  /** The first KEY_WORDS words of each line's from and to ids (see Interner.internWords). */
  private readonly fromW = new Int32Array(BLOCK * KEY_WORDS);
  private readonly toW = new Int32Array(BLOCK * KEY_WORDS);
  private readonly ts = new Float64Array(BLOCK);
  private readonly amount = new Float64Array(BLOCK);
  /** Keeps the touched slots observable, so the loads are not optimised away. */
  private touched = 0;
  /** Hash of the last field scanned with hashing on. */
  private hash = 0;

  /**
   * @param roles what each field of a line is, by position
   * @param digits the currency's minor digits
   * @param code bytes every currency field must equal, or undefined without that column
   */
  constructor(
    private readonly roles: Uint8Array,
    private readonly rows: TransferRows,
    private readonly ids: IdColumn,
    private readonly accounts: Interner,
    private readonly digits: number,
    private readonly code: Uint8Array | undefined,
  ) {}

  /** Takes valid lines from [start, end) (whole lines, no quotes); see LinesCallback. */
  take(buf: Buffer, start: number, end: number, line: number, taken: { lines: number }): number {
    const { lineStart, idS, idE, fromS, fromE, fromH, toS, toE, toH, ts, amount } = this;
    const accounts = this.accounts;
    const words = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    let p = start;
    let done = 0;
    while (p < end) {
      let m = 0;
      let next = 0;
      while (m < BLOCK && p < end) {
        next = this.parseLine(buf, words, p, end, m);
        if (next < 0) break;
        lineStart[m++] = p;
        p = next;
      }
      let t = 0;
      for (let j = 0; j < m; j++) t = (t + accounts.touch(fromH[j]!) + accounts.touch(toH[j]!)) | 0;
      this.touched = (this.touched + t) | 0;
      for (let j = 0; j < m; j++) {
        const at = j * KEY_WORDS;
        const fi = accounts.internWords(buf, fromS[j]!, fromE[j]!, fromH[j]!, this.fromW, at);
        const ti = accounts.internWords(buf, toS[j]!, toE[j]!, toH[j]!, this.toW, at);
        if (fi === ti) {
          taken.lines = done;
          return lineStart[j]!; // a self-transfer: the slow path reports it
        }
        this.ids.push(buf, idS[j]!, idE[j]!);
        this.rows.append(ts[j]!, fi, ti, amount[j]!, line + done);
        done++;
      }
      // Set per block, not once after the loop: a loop compiled on the stack (OSR) during the
      // first call would reach a store it has no feedback for and deoptimise on every call.
      taken.lines = done;
      if (next < 0) break;
    }
    return p;
  }

  /** Parses the line at `p` into block slot j; returns the offset after it, or -1 to decline. */
  private parseLine(buf: Buffer, words: DataView, p: number, end: number, j: number): number {
    const roles = this.roles;
    const last = roles.length - 1;
    for (let k = 0; k <= last; k++) {
      const s = p;
      const role = roles[k];
      let t = Number.NaN;
      if (role === Role.ts) {
        // The fixed shape says its own length: no need to look for the comma first.
        const len = s + 30 <= end ? this.fixed.lengthAt(buf, s) : -1;
        if (len > 0 && (buf[s + len] === COMMA || buf[s + len] === LF)) {
          t = this.fixed.parse(buf, s, s + len);
          if (!Number.isNaN(t)) p = s + len;
        }
      }
      const keyWords = role === Role.from ? this.fromW : role === Role.to ? this.toW : undefined;
      if (p === s) p = this.scan(buf, words, p, end, keyWords, j * KEY_WORDS);
      const c = buf[p];
      if ((c === LF) !== (k === last)) return -1; // too few or too many fields (or no delimiter)
      if (c !== LF && c !== COMMA) return -1;
      let e = p;
      let h = this.hash;
      if (c === LF && p > s && buf[p - 1] === CR) {
        e = p - 1;
        if (keyWords !== undefined) {
          h = hashId(buf, s, e);
          keyWordsOf(buf, s, e, keyWords, j * KEY_WORDS);
        }
      }
      p++;
      switch (role) {
        case Role.id:
          if (e === s) return -1;
          this.idS[j] = s;
          this.idE[j] = e;
          break;
        case Role.ts: {
          if (Number.isNaN(t)) {
            t = parseTimestampBytes(buf, s, e, this.tsOut);
            if (this.tsOut.problem !== undefined) return -1;
          }
          this.ts[j] = t;
          break;
        }
        case Role.from:
          if (e === s) return -1;
          this.fromS[j] = s;
          this.fromE[j] = e;
          this.fromH[j] = h;
          break;
        case Role.to:
          if (e === s) return -1;
          this.toS[j] = s;
          this.toE[j] = e;
          this.toH[j] = h;
          break;
        case Role.amount: {
          const a = parseAmountBytes(buf, s, e, this.digits, this.amountOut);
          if (this.amountOut.problem !== undefined) return -1;
          this.amount[j] = a;
          break;
        }
        case Role.currency: {
          const code = this.code;
          if (code === undefined || e - s !== code.length) return -1;
          for (let i = 0; i < code.length; i++) if (buf[s + i] !== code[i]) return -1;
          break;
        }
      }
    }
    return p;
  }

  /**
   * Offset of the first comma or LF at or after `p` (there is one before `end`), four bytes
   * at a time. With `keyWords`, also sets this.hash to hashId of the bytes skipped and puts
   * their first KEY_WORDS words at keyWords[at...], on the way.
   */
  private scan(
    buf: Buffer,
    words: DataView,
    p: number,
    end: number,
    keyWords: Int32Array | undefined,
    at: number,
  ): number {
    const s = p;
    let h = HASH_SEED;
    for (; p + 4 <= end; p += 4) {
      const w = words.getInt32(p, true);
      const x = w ^ 0x2c2c2c2c; // a zero byte where w has a comma
      const y = w ^ 0x0a0a0a0a; // ... or a LF
      const z = (((x - 0x01010101) & ~x) | ((y - 0x01010101) & ~y)) & 0x80808080;
      if (z !== 0) {
        // The lowest flagged byte is exact (the borrow only flags bytes above a zero).
        const n = (31 - Math.clz32(z & -z)) >>> 3;
        if (keyWords !== undefined) {
          const q = (p - s) >>> 2;
          if (n > 0) {
            const tail = w & ((1 << (n * 8)) - 1);
            h = hashTail(h, tail);
            if (q < KEY_WORDS) keyWords[at + q] = tail;
          }
          this.hash = hashFinish(h, p + n - s);
        }
        return p + n;
      }
      if (keyWords !== undefined) {
        h = hashWord(h, w);
        const q = (p - s) >>> 2;
        if (q < KEY_WORDS) keyWords[at + q] = w;
      }
    }
    let c = buf[p]!;
    while (c !== COMMA && c !== LF) c = buf[++p]!;
    if (keyWords !== undefined) {
      this.hash = hashId(buf, s, p);
      keyWordsOf(buf, s, p, keyWords, at);
    }
    return p;
  }
}

/** The first KEY_WORDS little-endian words of bytes [s, e), zero past e. */
function keyWordsOf(buf: Buffer, s: number, e: number, out: Int32Array, at: number): void {
  for (let q = 0; q < KEY_WORDS; q++) {
    let w = 0;
    for (let b = 3; b >= 0; b--) {
      const i = s + q * 4 + b;
      w = (w << 8) | (i < e ? buf[i]! : 0);
    }
    out[at + q] = w;
  }
}
