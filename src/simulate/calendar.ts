// Simulated time: epoch seconds inside, China Standard Time (+08:00) outside; the daily and
// weekly rhythm of each kind of activity as hour-of-day and day-of-week weights.
import { AliasTable, type Rng } from './random.js';

export const DAY = 86_400;
export const HOUR = 3_600;
export const MINUTE = 60;
const OFFSET = 8 * HOUR;

const two = (n: number): string => (n < 10 ? `0${n}` : String(n));

/**
 * Calendar date of `days` since 1970-01-01 as the integer YYYYMMDD (H. Hinnant's
 * civil_from_days; no Date objects, so millions of dates cost little).
 */
export function civilDate(days: number): number {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return y * 10_000 + m * 100 + d;
}

/** Local calendar date `YYYY-MM-DD` of epoch seconds `t`. */
export function localDate(t: number): string {
  const ymd = civilDate(Math.floor((t + OFFSET) / DAY));
  const y = Math.floor(ymd / 10_000);
  return `${y}-${two(Math.floor(ymd / 100) % 100)}-${two(ymd % 100)}`;
}

/** `08:00:00` for a second of the day. */
export function clockText(second: number): string {
  const h = Math.floor(second / HOUR);
  const m = Math.floor((second % HOUR) / MINUTE);
  return `${two(h)}:${two(m)}:${two(second % MINUTE)}`;
}

/** `2026-03-01T08:00:00+08:00` for epoch seconds `t`. */
export function formatLocal(t: number): string {
  const local = t + OFFSET;
  const second = ((local % DAY) + DAY) % DAY;
  return `${localDate(t)}T${clockText(second)}+08:00`;
}

/** Facts about one simulated day. */
export interface DayInfo {
  readonly index: number;
  /** Epoch seconds of local midnight. */
  readonly start: number;
  /** 0 = Monday ... 6 = Sunday. */
  readonly weekday: number;
  /** Day of the month, 1-31. */
  readonly dayOfMonth: number;
  readonly daysInMonth: number;
  /** `2026-03-01T`: the first 11 characters of every local timestamp of the day. */
  readonly prefix: string;
}

export function dayInfo(start: number, index: number): DayInfo {
  const t = start + index * DAY;
  const d = new Date((t + OFFSET) * 1000);
  const dom = d.getUTCDate();
  const dim = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  return {
    index,
    start: t,
    weekday: (d.getUTCDay() + 6) % 7,
    dayOfMonth: dom,
    daysInMonth: dim,
    prefix: d.toISOString().slice(0, 11),
  };
}

/** Hour-of-day weights of one kind of activity, sampled to a second of the day. */
export class HourProfile {
  private readonly hours: AliasTable;

  constructor(readonly weights: readonly number[]) {
    if (weights.length !== 24) throw new Error('an hour profile has 24 weights');
    this.hours = new AliasTable(weights);
  }

  /** Seconds after local midnight. */
  second(rng: Rng): number {
    return this.hours.sample(rng) * HOUR + rng.int(HOUR);
  }

  /**
   * `n` seconds of the day, ascending: events generated in time order keep the day's final
   * sort (and every pass over the sorted rows) close to sequential.
   */
  sortedSeconds(n: number, rng: Rng): Int32Array {
    // how many fall in each second, then the seconds in order
    const count = new Int32Array(DAY);
    for (let i = 0; i < n; i++) count[this.second(rng)]!++;
    const out = new Int32Array(n);
    let k = 0;
    for (let s = 0; s < DAY; s++) for (let c = count[s]!; c > 0; c--) out[k++] = s;
    return out;
  }

  /** Share of the weight in hours [from, to). */
  share(from: number, to: number): number {
    let s = 0;
    let all = 0;
    for (let h = 0; h < 24; h++) {
      all += this.weights[h]!;
      if (h >= from && h < to) s += this.weights[h]!;
    }
    return s / all;
  }
}

/** Shops, restaurants, online shopping: lunch and evening peaks, quiet nights. */
export const RETAIL = new HourProfile([
  1, 0.5, 0.3, 0.2, 0.2, 0.4, 1, 2.5, 4, 5, 6, 7, 9, 7, 6, 6, 6, 7, 9, 10, 9, 7, 4, 2,
]);
/** Office hours: bills, salaries, business payments. */
export const OFFICE = new HourProfile([
  0.1, 0.05, 0.05, 0.05, 0.05, 0.1, 0.3, 1, 4, 9, 10, 9, 5, 6, 9, 9, 8, 5, 2, 1, 0.6, 0.4, 0.2, 0.1,
]);
/** Friends and family: evenings. */
export const SOCIAL = new HourProfile([
  0.8, 0.4, 0.2, 0.1, 0.1, 0.2, 0.6, 2, 3, 4, 4, 5, 6, 5, 4, 4, 4, 5, 7, 9, 10, 9, 6, 3,
]);
/** Scam calls and texts: working hours, when targets answer. */
export const SCAM = new HourProfile([
  0, 0, 0, 0, 0, 0, 0, 0.5, 2, 6, 8, 8, 5, 6, 8, 8, 7, 6, 5, 5, 4, 3, 1, 0.2,
]);
/** Mules and ATMs: around the clock, night included. */
export const ANYTIME = new HourProfile([
  3, 2.5, 2, 1.5, 1.5, 2, 3, 4, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 4, 3.5,
]);

/** Day-of-week factors (Monday first), each averaging about 1 over a week. */
export const WEEK_RETAIL = [0.92, 0.92, 0.92, 0.92, 0.95, 1.2, 1.15];
export const WEEK_OFFICE = [1.25, 1.25, 1.25, 1.25, 1.2, 0.4, 0.35];
export const WEEK_SOCIAL = [0.9, 0.9, 0.9, 0.95, 1.05, 1.2, 1.15];
