// Fraud happens over days: contacts, payments and every hop of the laundering are events in a
// time-ordered queue (a binary heap, ties in the order they were scheduled). Only what is in
// flight is held, so memory is bounded by the fraud in progress, not by the length of the run.
import type { Comm } from './rows.js';

export type FraudEvent =
  | { readonly kind: 'comm'; readonly t: number; readonly comm: Comm }
  | {
      readonly kind: 'pay';
      readonly t: number;
      readonly campaign: number;
      readonly person: number;
      readonly amount: number;
      readonly wallet: boolean;
    }
  | {
      readonly kind: 'rebate';
      readonly t: number;
      readonly campaign: number;
      readonly person: number;
      readonly amount: number;
    }
  | {
      readonly kind: 'transfer';
      readonly t: number;
      readonly campaign: number;
      readonly from: number;
      readonly to: number;
      readonly amount: number;
      readonly channel: number;
      readonly device: number;
      readonly purpose: number;
    }
  | {
      /** A mule moves money it received on (level `layers + 1`: a fraudster's account). */
      readonly kind: 'forward';
      readonly t: number;
      readonly campaign: number;
      readonly ring: number;
      readonly level: number;
      readonly account: number;
      readonly amount: number;
    };

interface Entry {
  readonly t: number;
  readonly seq: number;
  readonly event: FraudEvent;
}

export class EventQueue {
  private readonly heap: Entry[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  push(event: FraudEvent): void {
    const h = this.heap;
    const e: Entry = { t: event.t, seq: this.seq++, event };
    let i = h.length;
    h.push(e);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = h[parent]!;
      if (!before(e, p)) break;
      h[i] = p;
      i = parent;
    }
    h[i] = e;
  }

  /** The next event if it happens before `end`, removed from the queue. */
  popBefore(end: number): FraudEvent | undefined {
    const h = this.heap;
    const top = h[0];
    if (top === undefined || top.t >= end) return undefined;
    const last = h.pop()!;
    if (h.length > 0) {
      let i = 0;
      const n = h.length;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && before(h[r]!, h[l]!) ? r : l;
        if (!before(h[c]!, last)) break;
        h[i] = h[c]!;
        i = c;
      }
      h[i] = last;
    }
    return top.event;
  }
}

function before(a: Entry, b: Entry): boolean {
  return a.t < b.t || (a.t === b.t && a.seq < b.seq);
}
