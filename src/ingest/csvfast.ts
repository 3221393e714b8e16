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
      for (let j = 0; j < m; j++) t += accounts.touch(fromH[j]!) + accounts.touch(toH[j]!);
      this.touched += t;
      for (let j = 0; j < m; j++) {
        const fi = accounts.internHashed(buf, fromS[j]!, fromE[j]!, fromH[j]!);
        const ti = accounts.internHashed(buf, toS[j]!, toE[j]!, toH[j]!);
        if (fi === ti) {
          taken.lines = done;
          return lineStart[j]!; // a self-transfer: the slow path reports it
        }
        this.ids.push(buf, idS[j]!, idE[j]!);
        this.rows.append(ts[j]!, fi, ti, amount[j]!, line + done);
        done++;
      }
      if (next < 0) break;
    }
    taken.lines = done;
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
      if (p === s) p = this.scan(buf, words, p, end, role === Role.from || role === Role.to);
      const c = buf[p];
      if ((c === LF) !== (k === last)) return -1; // too few or too many fields (or no delimiter)
      if (c !== LF && c !== COMMA) return -1;
      let e = p;
      let h = this.hash;
      if (c === LF && p > s && buf[p - 1] === CR) {
        e = p - 1;
        h = hashId(buf, s, e);
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
   * at a time. With `hashing`, sets this.hash to hashId of the bytes skipped, on the way.
   */
  private scan(buf: Buffer, words: DataView, p: number, end: number, hashing: boolean): number {
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
        if (hashing) {
          if (n > 0) h = hashTail(h, w & ((1 << (n * 8)) - 1));
          this.hash = hashFinish(h, p + n - s);
        }
        return p + n;
      }
      if (hashing) h = hashWord(h, w);
    }
    let c = buf[p]!;
    while (c !== COMMA && c !== LF) c = buf[++p]!;
    if (hashing) this.hash = hashId(buf, s, p);
    return p;
  }
}
