// A fast path for the timestamp shape nearly every file uses, fixed-width
// `YYYY-MM-DDTHH:MM:SS[.sss](Z|±HH:MM)`: digits at known places, no loops, and the day
// number reused while the date repeats (files are mostly in time order). Anything else
// returns NaN and the caller falls back to parseTimestampBytes, which stays the reference.
import { daysFromCivil, daysInMonth } from './timestamp.js';

export class FixedTimestamps {
  private lastDate = -1;
  private lastDays = 0;

  /**
   * The length of the fixed shape starting at `s` going by its optional parts (20, 24, 25
   * or 29), or -1; it does not check the rest. Reads up to s + 23.
   */
  lengthAt(buf: Uint8Array, s: number): number {
    const frac = buf[s + 19] === 46 ? 4 : 0;
    const zone = buf[s + 19 + frac];
    if (zone === 90) return 20 + frac;
    return zone === 43 || zone === 45 ? 25 + frac : -1;
  }

  /** Epoch ms of bytes [s, e) in the fixed shape, with every field in range; else NaN. */
  parse(buf: Uint8Array, s: number, e: number): number {
    const len = e - s;
    if (len !== 20 && len !== 24 && len !== 25 && len !== 29) return Number.NaN;
    if (buf[s + 4] !== 45 || buf[s + 7] !== 45 || buf[s + 10] !== 84) return Number.NaN;
    if (buf[s + 13] !== 58 || buf[s + 16] !== 58) return Number.NaN;
    const century = d2(buf, s);
    const yy = d2(buf, s + 2);
    const month = d2(buf, s + 5);
    const day = d2(buf, s + 8);
    const hour = d2(buf, s + 11);
    const minute = d2(buf, s + 14);
    const second = d2(buf, s + 17);
    if (century < 0 || yy < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23)
      return Number.NaN;
    if (minute < 0 || minute > 59 || second < 0 || second > 59) return Number.NaN;
    // The length says which optional parts are there, so every read below is inside [s, e).
    let p = s + 19;
    let ms = 0;
    if (len === 24 || len === 29) {
      const hi = buf[p + 1]! - 48;
      ms = d2(buf, p + 2);
      if (buf[p] !== 46 || hi >>> 0 > 9 || ms < 0) return Number.NaN;
      ms += hi * 100;
      p += 4;
    }
    let offsetMin = 0;
    const o = buf[p];
    if (e - p === 1) {
      if (o !== 90) return Number.NaN;
    } else {
      if ((o !== 43 && o !== 45) || buf[p + 3] !== 58) return Number.NaN;
      const oh = d2(buf, p + 1);
      const om = d2(buf, p + 4);
      if (oh < 0 || oh > 23 || om < 0 || om > 59) return Number.NaN;
      offsetMin = o === 45 ? -(oh * 60 + om) : oh * 60 + om;
    }
    const year = century * 100 + yy;
    const date = (year * 100 + month) * 100 + day;
    let days = this.lastDays;
    if (date !== this.lastDate) {
      if (day > daysInMonth(year, month)) return Number.NaN;
      days = daysFromCivil(year, month, day);
      this.lastDate = date;
      this.lastDays = days;
    }
    return ((days * 24 + hour) * 60 + minute - offsetMin) * 60_000 + second * 1000 + ms;
  }
}

/** Two decimal digits at `at`, or -1 when either is not a digit. */
function d2(buf: Uint8Array, at: number): number {
  const a = buf[at]! - 48;
  const b = buf[at + 1]! - 48;
  if (a >>> 0 > 9 || b >>> 0 > 9) return -1;
  return a * 10 + b;
}
