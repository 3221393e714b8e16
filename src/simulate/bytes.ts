// Output text built as bytes in large buffers: millions of rows without a string per row.
// A Chunker hands out each buffer once it is nearly full; the caller writes it and goes on.
import { ByteOut } from '../io/index.js';
import { civilDate } from './calendar.js';
import { writeBankCard } from './ids.js';

const SIZE = 4 << 20;
const ROOM = 64 << 10;

/** `n` (a non-negative integer) zero-padded to `width` digits at b[p]; returns the next p. */
export function putPad(b: Uint8Array, p: number, n: number, width: number): number {
  let k = p + width;
  let v = n;
  while (k > p) {
    const q = Math.floor(v / 10);
    b[--k] = 48 + v - q * 10;
    v = q;
  }
  return p + width;
}

/** A non-negative integer at b[p]; returns the next p. */
export function putUint(b: Uint8Array, p: number, n: number): number {
  let w = 1;
  for (let x = 10; n >= x; x *= 10) w++;
  return putPad(b, p, n, w);
}

/** Bytes [start, end) of `src` at b[p]; returns the next p. */
export function putBytes(b: Uint8Array, p: number, src: Uint8Array, start: number, end: number) {
  let q = p;
  for (let k = start; k < end; k++) b[q++] = src[k]!;
  return q;
}

/** `HH:MM:SS` of a second of the day at b[p]; returns the next p. */
export function putClock(b: Uint8Array, p: number, second: number): number {
  const h = Math.floor(second / 3600);
  const m = Math.floor((second - h * 3600) / 60);
  let q = putPad(b, p, h, 2);
  b[q++] = 58;
  q = putPad(b, q, m, 2);
  b[q++] = 58;
  return putPad(b, q, second - h * 3600 - m * 60, 2);
}

/** Latin-1 bytes of a short constant string, for putBytes. */
export const latin1 = (s: string): Uint8Array => Uint8Array.from(s, (ch) => ch.charCodeAt(0));

/**
 * The simulator's rows: a ByteOut (src/io) whose buffer keeps 64 KB of room past the point
 * where `full` says to take it, so that the hot loops write a row without a room check per
 * field (a row is far below 64 KB; long free text goes through the checked `text`). Adds the
 * simulator's own formats: card numbers, zero-padded numbers, money with two decimals, local
 * times, hex.
 */
export class Chunker extends ByteOut {
  constructor() {
    super(SIZE - ROOM, ROOM);
  }

  /**
   * The buffer rows are written into at `pos` (for hot loops that keep the position in a local
   * and store it back before asking `full`); it changes on cut().
   */
  get buffer(): Buffer {
    return this.buf;
  }

  /** A copy of the bytes written so far; the buffer is kept for what comes next. */
  flush(): Buffer {
    const out = Buffer.from(this.buf.subarray(0, this.pos));
    this.pos = 0;
    return out;
  }

  /** ASCII (or Latin-1) text, byte per character. */
  ascii(s: string): void {
    const b = this.buf;
    let p = this.pos;
    for (let i = 0; i < s.length; i++) b[p++] = s.charCodeAt(i);
    this.pos = p;
  }

  /** All of `src` (a short constant, say). */
  raw(src: Uint8Array): void {
    const b = this.buf;
    let p = this.pos;
    for (let k = 0; k < src.length; k++) b[p++] = src[k]!;
    this.pos = p;
  }

  /** Bytes [start, end) of `src`. */
  slice(src: Uint8Array, start: number, end: number): void {
    const b = this.buf;
    let p = this.pos;
    for (let k = start; k < end; k++) b[p++] = src[k]!;
    this.pos = p;
  }

  /** The card number of account `index` at BANKS[bank] (see ids.ts). */
  card(bank: number, index: number): void {
    this.pos = writeBankCard(this.buf, this.pos, bank, index);
  }

  /** One byte, without the room check (see the class). */
  override byte(c: number): void {
    this.buf[this.pos++] = c;
  }

  /** A non-negative integer, zero-padded to `width` digits. */
  pad(n: number, width: number): void {
    const b = this.buf;
    let k = this.pos + width;
    this.pos = k;
    let v = n;
    while (k > this.pos - width) {
      const q = Math.floor(v / 10);
      b[--k] = 48 + v - q * 10;
      v = q;
    }
  }

  /** A non-negative integer. */
  uint(n: number): void {
    let w = 1;
    for (let x = 10; n >= x; x *= 10) w++;
    this.pad(n, w);
  }

  /** Minor units with two decimals: 123456 -> 1234.56. */
  money(minor: number): void {
    const q = Math.floor(minor / 100);
    this.uint(q);
    this.byte(46);
    this.pad(minor - q * 100, 2);
  }

  /** `HH:MM:SS` of a second of the day. */
  clock(second: number): void {
    const h = Math.floor(second / 3600);
    const m = Math.floor((second - h * 3600) / 60);
    this.pad(h, 2);
    this.byte(58);
    this.pad(m, 2);
    this.byte(58);
    this.pad(second - h * 3600 - m * 60, 2);
  }

  /** `2026-03-01T08:00:00+08:00` for epoch seconds `t` (China Standard Time). */
  localTime(t: number): void {
    const local = t + 8 * 3600;
    const days = Math.floor(local / 86_400);
    const ymd = civilDate(days);
    this.pad(Math.floor(ymd / 10_000), 4);
    this.byte(45);
    this.pad(Math.floor(ymd / 100) % 100, 2);
    this.byte(45);
    this.pad(ymd % 100, 2);
    this.byte(84);
    this.clock(local - days * 86_400);
    this.ascii('+08:00');
  }

  /** 8 lowercase hex digits of a 32-bit unsigned integer. */
  hex8(n: number): void {
    const b = this.buf;
    for (let i = 7; i >= 0; i--) {
      const d = (n >>> (i * 4)) & 15;
      b[this.pos++] = d < 10 ? 48 + d : 87 + d;
    }
  }
}
