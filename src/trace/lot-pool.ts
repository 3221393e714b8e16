// The lots of every tainted account under fifo or lifo, in one pool of typed arrays: per lot
// its clean money, a mix handle and a link to the lot taken after it; per account the lot a
// payment takes first. Two JS arrays and an object per account made garbage whenever an
// array outgrew its capacity: in a CPU profile of lifo on 1M transfers (61k accounts
// tainted) garbage collection took ~18% of the time, with the lot methods next.

/** No lot (end of a list, an empty account); as a mix handle: clean money only. */
export const NONE = -1;

/**
 * Lists of lots, one per account, in one pool. Under fifo a payment takes the oldest lot
 * first, so a list runs from the oldest lot to the newest (`back`); under lifo it runs from
 * the newest lot down, and new lots go in front. Taking is the same walk in both orders:
 * `first(account)`, `after(lot)`, `dropFirst(account)`. Freed slots are chained through
 * `link` and used again before the pool grows; the arrays grow by doubling.
 */
export class LotPool {
  private clean: Float64Array;
  private mix: Int32Array;
  /** The lot taken after this one (fifo: the next newer; lifo: the next older); NONE. */
  private link: Int32Array;
  /** Slots ever used: [0, used) are lots or free slots. */
  private used = 0;
  /** Free slots, chained through `link`. */
  private freeHead = NONE;
  /** Per account: the lot a payment takes first (NONE: no lots). */
  private readonly front: Int32Array;
  /** Per account, fifo only: its newest lot (meaningful while front is not NONE). */
  private readonly back: Int32Array;

  /** `capacity`: lot slots to start with (small only in tests). */
  constructor(
    accountCount: number,
    readonly newestFirst: boolean,
    capacity = 1024,
  ) {
    const n = Math.max(1, capacity);
    this.clean = new Float64Array(n);
    this.mix = new Int32Array(n);
    this.link = new Int32Array(n);
    // Only accounts that open() a list are read: no fill, no pages touched for the others.
    this.front = new Int32Array(accountCount);
    this.back = new Int32Array(newestFirst ? 0 : accountCount);
  }

  /** Starts `account`'s list, empty. Required before any other call for the account. */
  open(account: number): void {
    this.front[account] = NONE;
  }

  /** Adds a lot as `account`'s newest. */
  push(account: number, clean: number, mix: number): void {
    const lot = this.slot();
    this.clean[lot] = clean;
    this.mix[lot] = mix;
    const front = this.front;
    if (this.newestFirst) {
      this.link[lot] = front[account]!;
      front[account] = lot;
      return;
    }
    this.link[lot] = NONE;
    if (front[account] === NONE) front[account] = lot;
    else this.link[this.back[account]!] = lot;
    this.back[account] = lot;
  }

  /** The lot a payment from `account` takes first; NONE when it has none. */
  first(account: number): number {
    return this.front[account]!;
  }

  /** The lot taken after `lot`; NONE after the last. */
  after(lot: number): number {
    return this.link[lot]!;
  }

  /** `account`'s newest lot; NONE when it has none. */
  newest(account: number): number {
    if (this.newestFirst) return this.front[account]!;
    return this.front[account] === NONE ? NONE : this.back[account]!;
  }

  /** Removes `account`'s first lot (it must have one) and frees its slot. */
  dropFirst(account: number): void {
    const lot = this.front[account]!;
    this.front[account] = this.link[lot]!;
    this.link[lot] = this.freeHead;
    this.freeHead = lot;
  }

  cleanOf(lot: number): number {
    return this.clean[lot]!;
  }

  setClean(lot: number, amount: number): void {
    this.clean[lot] = amount;
  }

  /** The lot's mix handle; NONE: clean money only. */
  mixOf(lot: number): number {
    return this.mix[lot]!;
  }

  /** Slots made so far (lots plus free slots): what the pool has cost. */
  get slots(): number {
    return this.used;
  }

  private slot(): number {
    const free = this.freeHead;
    if (free !== NONE) {
      this.freeHead = this.link[free]!;
      return free;
    }
    if (this.used === this.clean.length) this.grow();
    return this.used++;
  }

  private grow(): void {
    const n = this.clean.length * 2;
    const clean = new Float64Array(n);
    const mix = new Int32Array(n);
    const link = new Int32Array(n);
    clean.set(this.clean);
    mix.set(this.mix);
    link.set(this.link);
    this.clean = clean;
    this.mix = mix;
    this.link = link;
  }
}
