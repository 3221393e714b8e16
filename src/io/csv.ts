// A streaming RFC 4180 CSV tokenizer over bytes: fields come out as [start, end) offsets
// into a buffer, so hot readers parse numbers and ids without making strings. Handles a
// BOM, CRLF or LF (or lone CR), quoted fields with "" escapes and newlines, and counts
// physical lines so every record knows the line it starts on.

export type RecordCallback = (
  buf: Buffer,
  starts: Int32Array,
  ends: Int32Array,
  count: number,
  line: number,
) => void;
export type ProblemCallback = (line: number, detail: string) => void;
/**
 * Offered a run of whole lines [start, end) that holds no quote (so every line is one
 * record, ending in LF), starting at physical line `line`: the receiver may parse a prefix
 * of them itself, faster than record by record. Returns the offset where it stopped (a line
 * start) and sets `taken.lines`; the lines after that go through the ordinary path.
 */
export type LinesCallback = (
  buf: Buffer,
  start: number,
  end: number,
  line: number,
  taken: { lines: number },
) => number;

/** A record longer than this is a broken file (no line breaks, or a quote never closed). */
export const MAX_RECORD_BYTES = 16 << 20;

/** A partial record shorter than this is completed apart from the next chunk (see push). */
const STRADDLE_BYTES = 1 << 16;
const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;

export class CsvTokenizer {
  private pending: Buffer | undefined;
  private line = 1;
  private atStart = true;
  private starts = new Int32Array(32);
  private ends = new Int32Array(32);
  private escaped = new Uint8Array(32);
  private stopped = false;
  private readonly taken = { lines: 0 };

  constructor(
    private readonly onRecord: RecordCallback,
    private readonly onProblem: ProblemCallback,
    private readonly onLines?: LinesCallback,
  ) {}

  push(chunk: Buffer): void {
    if (this.stopped) return;
    let buf = chunk;
    const pending = this.pending;
    if (pending !== undefined) {
      this.pending = undefined;
      // Finish the record that straddles the two chunks from a small copy (the pending part
      // and the chunk up to its first LF), rather than copying the whole chunk behind it.
      const nl = pending.length < STRADDLE_BYTES && !this.atStart ? chunk.indexOf(LF) : -1;
      if (nl < 0) {
        buf = Buffer.concat([pending, chunk]);
      } else {
        const head = Buffer.concat([pending, chunk.subarray(0, nl + 1)]);
        const used = this.scan(head, false);
        if (this.stopped) return;
        const rest = chunk.subarray(nl + 1);
        buf = used === head.length ? rest : Buffer.concat([head.subarray(used), rest]);
      }
    }
    if (this.atStart) {
      if (buf.length < 3 && buf[0] === 0xef) {
        this.pending = buf;
        return;
      }
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
      this.atStart = false;
    }
    const used = this.scan(buf, false);
    if (used < buf.length) {
      this.pending = buf.subarray(used);
      if (this.pending.length > MAX_RECORD_BYTES) {
        this.onProblem(
          this.line,
          `record longer than ${MAX_RECORD_BYTES >> 20} MiB (a missing line break or an unclosed quote?)`,
        );
        this.stopped = true;
        this.pending = undefined;
      }
    }
  }

  finish(): void {
    if (this.stopped) return;
    const rest = this.pending;
    this.pending = undefined;
    if (rest !== undefined && rest.length > 0) this.scan(rest, true);
  }

  /** Scans whole records; returns the offset of the first byte not consumed. */
  private scan(buf: Buffer, final: boolean): number {
    const len = buf.length;
    let p = 0;
    let nextQuote = -1;
    /** Lines before this offset are not offered to onLines again (it declined them). */
    let offerFrom = 0;
    while (p < len) {
      // Fast path: a whole line with no quote in it splits at commas (native searches).
      if (nextQuote < p) {
        nextQuote = buf.indexOf(QUOTE, p);
        if (nextQuote < 0) nextQuote = len;
      }
      if (this.onLines !== undefined && p >= offerFrom) {
        // (lastIndexOf counts a negative start from the end: no run when the quote is first.)
        const lastLf = nextQuote > p ? buf.lastIndexOf(LF, nextQuote - 1) : -1;
        if (lastLf >= p) {
          this.taken.lines = 0;
          const q = this.onLines(buf, p, lastLf + 1, this.line, this.taken);
          this.line += this.taken.lines;
          if (q > p) {
            p = q;
            continue;
          }
          offerFrom = p + 1;
        }
      }
      const nl = buf.indexOf(LF, p);
      if (nl >= 0 && nextQuote > nl) {
        const end = nl > p && buf[nl - 1] === CR ? nl - 1 : nl;
        const line = this.line++;
        if (end > p) {
          // Commas by a plain loop: lines are short, and a native search per field costs
          // more than looking at each byte.
          let n = 0;
          let s = p;
          for (let i = p; i < end; i++) {
            if (buf[i] !== COMMA) continue;
            if (n + 1 >= this.starts.length) this.grow();
            this.starts[n] = s;
            this.ends[n] = i;
            n++;
            s = i + 1;
          }
          if (n === this.starts.length) this.grow();
          this.starts[n] = s;
          this.ends[n] = end;
          this.onRecord(buf, this.starts, this.ends, n + 1, line);
        }
        p = nl + 1;
        continue;
      }
      const recordStart = p;
      const recordLine = this.line;
      let extraLines = 0;
      let n = 0;
      let bad = '';
      for (;;) {
        if (n === this.starts.length) this.grow();
        if (p < len && buf[p] === QUOTE) {
          let q = p + 1;
          let hasEscape = 0;
          for (;;) {
            if (q >= len) {
              if (!final) return recordStart;
              this.onProblem(recordLine, 'unterminated quoted field');
              this.stopped = true;
              return len;
            }
            const c = buf[q]!;
            if (c === QUOTE) {
              if (q + 1 >= len && !final) return recordStart;
              if (buf[q + 1] === QUOTE) {
                hasEscape = 1;
                q += 2;
                continue;
              }
              break;
            }
            if (c === LF) extraLines++;
            q++;
          }
          this.starts[n] = p + 1;
          this.ends[n] = q;
          this.escaped[n] = hasEscape;
          n++;
          p = q + 1;
          if (p >= len) {
            if (!final) return recordStart;
            break;
          }
          const after = buf[p];
          if (after === COMMA) {
            p++;
            continue;
          }
          if (after !== LF && after !== CR) {
            bad = 'unexpected text after a closing quote';
            while (p < len && buf[p] !== LF && buf[p] !== CR) p++;
            if (p >= len && !final) return recordStart;
          }
          break;
        }
        const s = p;
        let c = 0;
        while (p < len) {
          c = buf[p]!;
          if (c === COMMA || c === LF || c === CR) break;
          p++;
        }
        if (p >= len && !final) return recordStart;
        this.starts[n] = s;
        this.ends[n] = p;
        this.escaped[n] = 0;
        n++;
        if (p < len && c === COMMA) {
          p++;
          continue;
        }
        break;
      }
      // End of record: CRLF, LF, lone CR or end of input.
      if (p < len && buf[p] === CR) {
        if (p + 1 >= len && !final) return recordStart;
        p++;
        if (p < len && buf[p] === LF) p++;
      } else if (p < len && buf[p] === LF) {
        p++;
      }
      this.line = recordLine + 1 + extraLines;
      if (bad !== '') {
        this.onProblem(recordLine, bad);
        continue;
      }
      if (
        n === 1 &&
        this.starts[0] === this.ends[0] &&
        this.escaped[0] === 0 &&
        buf[recordStart] !== QUOTE
      ) {
        continue; // blank line
      }
      for (let i = 0; i < n; i++) if (this.escaped[i] === 1) this.unescape(buf, i);
      this.onRecord(buf, this.starts, this.ends, n, recordLine);
    }
    return p;
  }

  /** Turns "" into " inside field i, in place (the record is complete, so this is safe). */
  private unescape(buf: Buffer, i: number): void {
    const s = this.starts[i]!;
    const e = this.ends[i]!;
    let w = s;
    for (let r = s; r < e; r++) {
      buf[w++] = buf[r]!;
      if (buf[r] === QUOTE) r++;
    }
    this.ends[i] = w;
  }

  private grow(): void {
    const size = this.starts.length * 2;
    const s = new Int32Array(size);
    s.set(this.starts);
    const e = new Int32Array(size);
    e.set(this.ends);
    const x = new Uint8Array(size);
    x.set(this.escaped);
    this.starts = s;
    this.ends = e;
    this.escaped = x;
  }
}
