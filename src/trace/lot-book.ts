// fifo and lifo: every tainted account's lots in arrival order, and a payment takes whole
// lots from one end (fifo: oldest first, lifo: newest first); a lot only partly taken gives
// up its components proportionally, clean money first on ties (tracing.md, "Rules").
import type { Book, Columns, SplitTools, TracedView } from './book.js';
import { type Arena, Mix } from './composition.js';
import { LotPool, NONE } from './lot-pool.js';
import type { Taken } from './taken.js';

const NO_VICTIMS: TracedView = Object.freeze({
  victims: new Int32Array(0),
  amounts: new Float64Array(0),
  start: 0,
  end: 0,
});

/**
 * Lots live in a LotPool; a lot holding victims' money refers to its Mix by handle. A trace
 * makes and drops a mix per such lot (~180k under lifo on 1M transfers): handles of dropped
 * mixes, whose blocks went back to the arena, are used again.
 */
export class LotBook implements Book {
  private readonly lots: LotPool;
  /** Mixes by handle. */
  private readonly mixes: Mix[] = [];
  /** Handles of empty mixes, to use again. */
  private readonly spare: number[] = [];

  constructor(
    newestFirst: boolean,
    accountCount: number,
    private readonly arena: Arena,
  ) {
    this.lots = new LotPool(accountCount, newestFirst);
  }

  taint(account: number, openingClean: number): void {
    this.lots.open(account);
    if (openingClean > 0) this.lots.push(account, openingClean, NONE);
  }

  take(account: number, amount: number, _balance: number, taken: Taken, tools: SplitTools): void {
    const lots = this.lots;
    let left = amount;
    while (left > 0) {
      const lot = lots.first(account);
      const clean = lots.cleanOf(lot);
      const handle = lots.mixOf(lot);
      const mix = handle === NONE ? undefined : this.mixes[handle]!;
      const size = mix === undefined ? clean : clean + mix.total;
      if (size <= left) {
        left -= size;
        taken.clean += clean;
        if (mix !== undefined) this.drop(handle, mix, taken);
        lots.dropFirst(account);
        continue;
      }
      // Partly taken: the lot gives up its components proportionally.
      const c =
        mix === undefined
          ? left
          : mix.takeWithClean(left, clean, taken, tools.splitter, tools.weights);
      lots.setClean(lot, clean - c);
      taken.clean += c;
      return;
    }
  }

  takeAll(account: number, _balance: number, taken: Taken): void {
    const lots = this.lots;
    for (let lot = lots.first(account); lot !== NONE; lot = lots.first(account)) {
      taken.clean += lots.cleanOf(lot);
      const handle = lots.mixOf(lot);
      if (handle !== NONE) this.drop(handle, this.mixes[handle]!, taken);
      lots.dropFirst(account);
    }
  }

  addClean(account: number, amount: number): void {
    const lots = this.lots;
    const newest = lots.newest(account);
    if (newest !== NONE && lots.mixOf(newest) === NONE)
      lots.setClean(newest, lots.cleanOf(newest) + amount);
    else lots.push(account, amount, NONE);
  }

  receive(account: number, taken: Taken): void {
    if (!taken.hasVictims) {
      this.addClean(account, taken.clean);
      return;
    }
    const handle = this.newMix();
    this.mixes[handle]!.addTaken(taken);
    this.lots.push(account, taken.clean, handle);
  }

  receiveLoss(account: number, victim: number, amount: number): void {
    const handle = this.newMix();
    this.mixes[handle]!.add(victim, amount);
    this.lots.push(account, 0, handle);
  }

  victimTotal(account: number): number {
    const lots = this.lots;
    let total = 0;
    for (let lot = lots.first(account); lot !== NONE; lot = lots.after(lot)) {
      const handle = lots.mixOf(lot);
      if (handle !== NONE) total += this.mixes[handle]!.total;
    }
    return total;
  }

  collect(account: number, into: Taken): void {
    const lots = this.lots;
    for (let lot = lots.first(account); lot !== NONE; lot = lots.after(lot)) {
      const handle = lots.mixOf(lot);
      if (handle !== NONE) this.mixes[handle]!.copyInto(into);
    }
  }

  traced(account: number, columns: Columns, scratch: Taken): TracedView {
    // Most accounts hold victims' money in no lot or one (under lifo on 1M transfers 45k of
    // 61k): those need no merge and no copy.
    const lots = this.lots;
    let only = NONE;
    for (let lot = lots.first(account); lot !== NONE; lot = lots.after(lot)) {
      const handle = lots.mixOf(lot);
      if (handle === NONE) continue;
      if (only !== NONE) {
        scratch.reset();
        this.collect(account, scratch);
        return columns.set(scratch);
      }
      only = handle;
    }
    return only === NONE ? NO_VICTIMS : this.mixes[only]!.view();
  }

  /** A handle to an empty mix. */
  private newMix(): number {
    const handle = this.spare.pop();
    if (handle !== undefined) return handle;
    // Kept sparse: a lot holds few victims (~5 under lifo), and is made and dropped often.
    this.mixes.push(new Mix(this.arena, false));
    return this.mixes.length - 1;
  }

  /** Moves a lot's mix into `taken`, and gives its block and handle back. */
  private drop(handle: number, mix: Mix, taken: Taken): void {
    mix.copyInto(taken);
    mix.dispose();
    this.spare.push(handle);
  }
}
