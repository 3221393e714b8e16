// pro_rata, clean_first, dirty_first: only an account's totals matter, not the order its
// money came in, so each tainted account keeps one mix of victims' money (clean money is its
// balance less that mix).
import { assertNever } from '../errors/index.js';
import type { Book, SplitTools, TracedView } from './book.js';
import { type Arena, Mix } from './composition.js';
import type { Taken } from './taken.js';

export class PooledBook implements Book {
  /** Per account: its victims' money (undefined: not tainted). */
  private readonly mixes: (Mix | undefined)[];

  constructor(
    private readonly rule: 'pro_rata' | 'clean_first' | 'dirty_first',
    accountCount: number,
    private readonly arena: Arena,
  ) {
    this.mixes = new Array<Mix | undefined>(accountCount).fill(undefined);
  }

  taint(account: number): void {
    this.mixes[account] = new Mix(this.arena);
  }

  take(account: number, amount: number, balance: number, taken: Taken, tools: SplitTools): void {
    const mix = this.mixes[account]!;
    const clean = balance - mix.total;
    switch (this.rule) {
      case 'pro_rata':
        taken.clean += mix.takeWithClean(amount, clean, taken, tools.splitter, tools.weights);
        return;
      case 'clean_first':
        if (amount <= clean) taken.clean += amount;
        else {
          taken.clean += clean;
          mix.takeProportional(amount - clean, taken, tools.splitter, tools.weights);
        }
        return;
      case 'dirty_first':
        if (amount >= mix.total) {
          taken.clean += amount - mix.total;
          mix.drainInto(taken);
        } else mix.takeProportional(amount, taken, tools.splitter, tools.weights);
        return;
      default:
        assertNever(this.rule);
    }
  }

  takeAll(account: number, balance: number, taken: Taken): void {
    const mix = this.mixes[account]!;
    taken.clean += balance - mix.total;
    mix.drainInto(taken);
  }

  addClean(): void {}

  receive(account: number, taken: Taken): void {
    this.mixes[account]!.addTaken(taken);
  }

  receiveLoss(account: number, victim: number, amount: number): void {
    this.mixes[account]!.add(victim, amount);
  }

  victimTotal(account: number): number {
    return this.mixes[account]!.total;
  }

  collect(account: number, into: Taken): void {
    this.mixes[account]!.copyInto(into);
  }

  traced(account: number): TracedView {
    return this.mixes[account]!.view();
  }
}
