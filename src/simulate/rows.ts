// One day's rows, as generated (in any order): transfers in growable typed columns, calls and
// messages as small records. `order()` puts them in time order (ties in generation order).
import type { CallerRoute } from './ids.js';

export const CHANNELS = ['transfer', 'card', 'atm', 'third_party_payment', 'crypto'] as const;
export type Channel = (typeof CHANNELS)[number];
export const CH_TRANSFER = 0;
export const CH_CARD = 1;
export const CH_ATM = 2;
export const CH_WALLET = 3;
export const CH_CRYPTO = 4;

/** What a transfer was for (truth_events `detail`): everyday purposes, then fraud stages. */
export const PURPOSES = [
  'shopping',
  'bill',
  'friend',
  'family',
  'cash_withdrawal',
  'wallet_topup',
  'wallet_withdrawal',
  'salary',
  'pension',
  'rent',
  'large_purchase',
  'remittance',
  'crypto_purchase',
  'loss',
  'rebate',
  'layering',
  'exit_cash',
  'exit_crypto',
  'exit_foreign',
  'exit_wallet',
  'to_fraudster',
] as const;
export type Purpose = (typeof PURPOSES)[number];
export const purposeCode = (p: Purpose): number => PURPOSES.indexOf(p);

export interface Comm {
  readonly ts: number;
  readonly kind: 'call' | 'sms';
  /** The caller or sender: a person (index >= 0), or else the number or short code in `from`. */
  readonly fromPerson: number;
  readonly from: string;
  /** The person called or texted. */
  readonly to: number;
  /** Message text, or for a call what the caller said first (a transcript). */
  readonly text: string;
  readonly links: readonly string[];
  readonly route: CallerRoute;
  /** Calls only: seconds the call lasted. */
  readonly duration: number;
  /** Campaign index, -1 for ordinary traffic. */
  readonly campaign: number;
  /** truth_events `detail`: the kind of ordinary traffic or the fraud stage. */
  readonly detail: string;
}

export class DayRows {
  count = 0;
  ts: Float64Array;
  from: Int32Array;
  to: Int32Array;
  amount: Float64Array;
  channel: Uint8Array;
  /** Device index of the payer's device, -1 when none (salaries, ATMs, exits paying). */
  device: Int32Array;
  /** Campaign index, -1 for everyday payments. */
  campaign: Int32Array;
  /** Victim person for a loss, else -1. */
  victim: Int32Array;
  purpose: Uint8Array;
  comms: Comm[] = [];

  /** `capacity`: rows expected (the columns grow beyond it if needed). */
  constructor(
    readonly dayStart: number,
    capacity = 4096,
  ) {
    const n = Math.max(16, capacity);
    this.ts = new Float64Array(n);
    this.from = new Int32Array(n);
    this.to = new Int32Array(n);
    this.amount = new Float64Array(n);
    this.channel = new Uint8Array(n);
    this.device = new Int32Array(n);
    this.campaign = new Int32Array(n);
    this.victim = new Int32Array(n);
    this.purpose = new Uint8Array(n);
  }

  push(
    ts: number,
    from: number,
    to: number,
    amount: number,
    channel: number,
    device: number,
    purpose: number,
    campaign = -1,
    victim = -1,
  ): void {
    if (from === to) throw new Error(`self-transfer of account ${from}`);
    if (!(amount > 0) || !Number.isInteger(amount)) throw new Error(`bad amount ${amount}`);
    if (!(ts >= this.dayStart && ts < this.dayStart + 86_400))
      throw new Error(`time ${ts} outside the day`);
    const i = this.count;
    if (i === this.ts.length) this.grow();
    this.ts[i] = ts;
    this.from[i] = from;
    this.to[i] = to;
    this.amount[i] = amount;
    this.channel[i] = channel;
    this.device[i] = device;
    this.purpose[i] = purpose;
    this.campaign[i] = campaign;
    this.victim[i] = victim;
    this.count = i + 1;
  }

  private grow(): void {
    const n = this.ts.length * 2;
    const g = <T extends Float64Array | Int32Array | Uint8Array>(a: T, b: T): T => {
      b.set(a);
      return b;
    };
    this.ts = g(this.ts, new Float64Array(n));
    this.from = g(this.from, new Int32Array(n));
    this.to = g(this.to, new Int32Array(n));
    this.amount = g(this.amount, new Float64Array(n));
    this.channel = g(this.channel, new Uint8Array(n));
    this.device = g(this.device, new Int32Array(n));
    this.purpose = g(this.purpose, new Uint8Array(n));
    this.campaign = g(this.campaign, new Int32Array(n));
    this.victim = g(this.victim, new Int32Array(n));
  }

  /** Transfer indices in time order, ties in the order they were generated. */
  order(): Int32Array {
    return timeOrder(this.count, (i) => this.ts[i]! - this.dayStart);
  }

  /** Comms in time order, ties in the order they were generated. */
  orderedComms(): Comm[] {
    const c = this.comms;
    const idx = timeOrder(c.length, (i) => c[i]!.ts - this.dayStart);
    return Array.from(idx, (i) => c[i]!);
  }
}

/**
 * Indices of n items sorted by second of the day, ties in index order: a counting sort over
 * the 86,400 seconds of a day (linear, and stable by construction).
 */
export function timeOrder(n: number, secondOfDay: (i: number) => number): Int32Array {
  const starts = new Int32Array(86_401);
  const seconds = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const s = secondOfDay(i);
    seconds[i] = s;
    starts[s + 1]!++;
  }
  for (let s = 1; s <= 86_400; s++) starts[s] = starts[s]! + starts[s - 1]!;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const s = seconds[i]!;
    out[starts[s]!] = i;
    starts[s]!++;
  }
  return out;
}
