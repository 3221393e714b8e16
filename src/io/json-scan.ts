// An incremental JSON scanner over UTF-8 bytes, for documents too big to be one string: it
// accepts exactly what `JSON.parse(buffer.toString('utf8'))` accepts (after one optional
// leading BOM), in chunks split anywhere, and reports the structure as events. A reader
// skips the containers it does not need: they are checked, never built.

export type JsonContainer = 'object' | 'array';

/** What a reader is told, in document order. Nothing is said inside a skipped container. */
export interface JsonEvents {
  /** A container starts; return false to skip its contents (no events and no close for it). */
  open(kind: JsonContainer): boolean;
  /** The innermost kept container ends. */
  close(): void;
  /** An object member's name. */
  key(name: string): void;
  /** A string value, unescaped (lone surrogates kept, as JSON.parse does). */
  string(value: string): void;
  /** A number, true, false or null: what it is matters to no reader yet. */
  primitive(): void;
}

export class JsonSyntaxError extends Error {
  constructor(
    readonly detail: string,
    /** Bytes from the start of the input (a BOM counts). */
    readonly offset: number,
    /** 1-based line of the problem. */
    readonly line: number,
  ) {
    super(`${detail} (line ${line}, byte ${offset})`);
    this.name = 'JsonSyntaxError';
  }
}

// Scanner states: between tokens (what may come next), or inside a token.
const S_BOM = 0;
const S_VALUE = 1;
const S_VALUE_OR_END_ARRAY = 2;
const S_KEY_OR_END_OBJECT = 3;
const S_KEY = 4;
const S_COLON = 5;
const S_AFTER_VALUE = 6;
const S_DONE = 7;
const S_STRING = 8;
const S_ESCAPE = 9;
const S_UNICODE = 10;
const S_NUMBER = 11;
const S_LITERAL = 12;

// Number states: after '-', after a leading 0, in the integer digits, after '.', in the
// fraction, after 'e', after its sign, in the exponent. NUMBER_ENDS: may a number end here.
const N_MINUS = 0;
const N_ZERO = 1;
const N_INT = 2;
const N_DOT = 3;
const N_FRAC = 4;
const N_E = 5;
const N_ESIGN = 6;
const N_EXP = 7;
const NUMBER_ENDS = [false, true, true, false, true, false, false, true];

const OBJECT = 0;
const ARRAY = 1;
const BOM = [0xef, 0xbb, 0xbf];
const ESCAPED: Readonly<Record<number, string>> = {
  34: '"',
  92: '\\',
  47: '/',
  98: '\b',
  102: '\f',
  110: '\n',
  114: '\r',
  116: '\t',
};

const isDigit = (c: number) => c >= 48 && c <= 57;

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

function shown(c: number): string {
  return c >= 32 && c < 127
    ? `token ${JSON.stringify(String.fromCharCode(c))}`
    : `byte 0x${c.toString(16).toUpperCase().padStart(2, '0')}`;
}

/**
 * Feed it chunks with write() and finish with end(); both throw JsonSyntaxError at the
 * first byte JSON.parse would refuse.
 *
 * @example
 * const s = new JsonScanner(events, { bom: true });
 * for await (const chunk of source) s.write(chunk);
 * s.end();
 */
export class JsonScanner {
  private state: number;
  /** The open containers, OBJECT or ARRAY, innermost last. */
  private readonly stack: number[] = [];
  /** Depth of the outermost skipped container (Infinity: nothing skipped). */
  private skipFrom = Number.POSITIVE_INFINITY;
  private offset = 0;
  private line = 1;
  private bomAt = 0;
  private isKey = false;
  private capture = false;
  /** The string so far (decoded runs and escapes) and the raw bytes of a run split by a chunk end. */
  private text = '';
  private pending: Buffer[] = [];
  private hex = 0;
  private hexCount = 0;
  private num = N_MINUS;
  private literal = '';
  private literalAt = 0;

  constructor(
    private readonly events: JsonEvents,
    options: { readonly bom?: boolean } = {},
  ) {
    this.state = options.bom === true ? S_BOM : S_VALUE;
  }

  write(chunk: Uint8Array): void {
    const buf = Buffer.isBuffer(chunk)
      ? chunk
      : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const n = buf.length;
    let i = 0;
    while (i < n) {
      const c = buf[i]!;
      switch (this.state) {
        case S_BOM:
          if (this.bomAt === 0 && c !== BOM[0]) {
            this.state = S_VALUE;
            continue;
          }
          if (c !== BOM[this.bomAt]) this.fail(`unexpected ${shown(c)}`, i);
          if (++this.bomAt === BOM.length) this.state = S_VALUE;
          i++;
          continue;
        case S_STRING:
          i = this.stringRun(buf, i);
          continue;
        case S_ESCAPE: {
          if (c === 117) {
            this.state = S_UNICODE;
            this.hex = 0;
            this.hexCount = 0;
          } else {
            const e = ESCAPED[c];
            if (e === undefined) this.fail(`bad escape in a string: ${shown(c)} after "\\"`, i);
            if (this.capture) this.text += e;
            this.state = S_STRING;
          }
          i++;
          continue;
        }
        case S_UNICODE: {
          const h = hexValue(c);
          if (h < 0) this.fail(`bad \\u escape in a string: ${shown(c)}`, i);
          this.hex = this.hex * 16 + h;
          if (++this.hexCount === 4) {
            if (this.capture) this.text += String.fromCharCode(this.hex);
            this.state = S_STRING;
          }
          i++;
          continue;
        }
        case S_NUMBER:
          if (this.numberByte(c)) i++;
          else if (NUMBER_ENDS[this.num]) this.endScalar();
          else this.fail(`unexpected ${shown(c)} in a number`, i);
          continue;
        case S_LITERAL:
          if (c !== this.literal.charCodeAt(this.literalAt)) this.fail(`unexpected ${shown(c)}`, i);
          i++;
          if (++this.literalAt === this.literal.length) this.endScalar();
          continue;
        default:
          break;
      }
      // Between tokens.
      if (c === 32 || c === 9 || c === 13) {
        i++;
        continue;
      }
      if (c === 10) {
        this.line++;
        i++;
        continue;
      }
      this.token(c, i);
      i++;
    }
    this.offset += n;
  }

  /** The input is complete: throws unless it was one whole JSON value. */
  end(): void {
    if (this.state === S_NUMBER && NUMBER_ENDS[this.num]) this.endScalar();
    if (this.state !== S_DONE) this.fail('unexpected end of the document', 0);
  }

  private fail(detail: string, i: number): never {
    throw new JsonSyntaxError(detail, this.offset + i, this.line);
  }

  private get skipping(): boolean {
    return this.stack.length >= this.skipFrom;
  }

  /** A structural byte or the first byte of a value, outside any token. */
  private token(c: number, i: number): void {
    const state = this.state;
    if (state === S_VALUE || state === S_VALUE_OR_END_ARRAY) {
      if (c === 93 && state === S_VALUE_OR_END_ARRAY) this.close(ARRAY, c, i);
      else this.value(c, i);
    } else if (state === S_KEY_OR_END_OBJECT || state === S_KEY) {
      if (c === 125 && state === S_KEY_OR_END_OBJECT) this.close(OBJECT, c, i);
      else if (c === 34) this.startString(true);
      else this.fail(`unexpected ${shown(c)}: expected a member name`, i);
    } else if (state === S_COLON) {
      if (c !== 58) this.fail(`unexpected ${shown(c)}: expected ":"`, i);
      this.state = S_VALUE;
    } else if (state === S_AFTER_VALUE) {
      const object = this.stack[this.stack.length - 1] === OBJECT;
      if (c === 44) this.state = object ? S_KEY : S_VALUE;
      else if (c === 125 || c === 93) this.close(c === 125 ? OBJECT : ARRAY, c, i);
      else {
        const what = object ? 'object' : 'array';
        this.fail(`unexpected ${shown(c)}: expected "," or the end of the ${what}`, i);
      }
    } else if (state === S_DONE) this.fail(`unexpected ${shown(c)} after the document`, i);
    else this.fail(`unexpected ${shown(c)}`, i);
  }

  private value(c: number, i: number): void {
    if (c === 123 || c === 91) {
      const kind = c === 123 ? OBJECT : ARRAY;
      const wasSkipping = this.skipping;
      this.stack.push(kind);
      if (!wasSkipping && !this.events.open(kind === OBJECT ? 'object' : 'array'))
        this.skipFrom = this.stack.length;
      this.state = kind === OBJECT ? S_KEY_OR_END_OBJECT : S_VALUE_OR_END_ARRAY;
      return;
    }
    if (c === 34) {
      this.startString(false);
      return;
    }
    if (c === 45 || isDigit(c)) {
      this.state = S_NUMBER;
      this.num = c === 45 ? N_MINUS : c === 48 ? N_ZERO : N_INT;
      return;
    }
    const literal = c === 116 ? 'true' : c === 102 ? 'false' : c === 110 ? 'null' : undefined;
    if (literal === undefined) this.fail(`unexpected ${shown(c)}: expected a value`, i);
    this.state = S_LITERAL;
    this.literal = literal;
    this.literalAt = 1;
  }

  private close(kind: number, c: number, i: number): void {
    if (this.stack[this.stack.length - 1] !== kind) this.fail(`unexpected ${shown(c)}`, i);
    if (this.stack.length === this.skipFrom) this.skipFrom = Number.POSITIVE_INFINITY;
    else if (this.stack.length < this.skipFrom) this.events.close();
    this.stack.pop();
    this.afterValue();
  }

  private afterValue(): void {
    this.state = this.stack.length === 0 ? S_DONE : S_AFTER_VALUE;
  }

  private startString(isKey: boolean): void {
    this.state = S_STRING;
    this.isKey = isKey;
    this.capture = !this.skipping;
    this.text = '';
  }

  /** Scans a string from i to its end, an escape or the chunk's end; returns where it stopped. */
  private stringRun(buf: Buffer, i: number): number {
    const n = buf.length;
    let j = i;
    let c = 0;
    while (j < n) {
      c = buf[j]!;
      if (c === 34 || c === 92 || c < 32) break;
      j++;
    }
    if (this.capture) {
      if (j === n) {
        // The run goes on in the next chunk: keep its bytes (a copy: chunks may be reused),
        // decoded only once whole so a character split between chunks comes out right.
        if (j > i) this.pending.push(Buffer.from(buf.subarray(i, j)));
        return j;
      }
      if (this.pending.length > 0) {
        this.pending.push(buf.subarray(i, j));
        this.text += Buffer.concat(this.pending).toString('utf8');
        this.pending = [];
      } else if (j > i) this.text += buf.toString('utf8', i, j);
    }
    if (j === n) return j;
    if (c === 92) {
      this.state = S_ESCAPE;
      return j + 1;
    }
    if (c !== 34)
      this.fail(
        `control character U+${c.toString(16).toUpperCase().padStart(4, '0')} in a string`,
        j,
      );
    if (this.capture) {
      const text = this.text;
      this.text = '';
      if (this.isKey) this.events.key(text);
      else this.events.string(text);
    }
    if (this.isKey) this.state = S_COLON;
    else this.afterValue();
    return j + 1;
  }

  /** True when c continues the number. */
  private numberByte(c: number): boolean {
    const digit = isDigit(c);
    switch (this.num) {
      case N_MINUS:
        if (!digit) return false;
        this.num = c === 48 ? N_ZERO : N_INT;
        return true;
      case N_ZERO:
      case N_INT:
        if (digit && this.num === N_INT) return true;
        if (c === 46) this.num = N_DOT;
        else if (c === 101 || c === 69) this.num = N_E;
        else return false;
        return true;
      case N_DOT:
      case N_FRAC:
        if (digit) {
          this.num = N_FRAC;
          return true;
        }
        if (this.num === N_FRAC && (c === 101 || c === 69)) {
          this.num = N_E;
          return true;
        }
        return false;
      case N_E:
        if (c === 43 || c === 45) {
          this.num = N_ESIGN;
          return true;
        }
        if (!digit) return false;
        this.num = N_EXP;
        return true;
      default: // N_ESIGN, N_EXP
        if (!digit) return false;
        this.num = N_EXP;
        return true;
    }
  }

  private endScalar(): void {
    if (!this.skipping) this.events.primitive();
    this.afterValue();
  }
}
