// The poison rule: no amounts; an account that receives anything from a tainted account is
// tainted by all of that account's victims. Accounts share victim sets (victim-set.ts) until
// one has to change: a clean account paid by a tainted one takes the payer's very set, an
// account whose set the payer's covers swaps its own for the payer's, and an account that
// must add to a set it shares copies it first. Taint spreads from few mules, so on 10M
// transfers with 10k victims ~1M tainted accounts hold only ~22k distinct sets: shared, that
// is ~30 MB of bitsets instead of 1.2 GB, and a payment to a clean account costs O(1) instead
// of a copy. A union is O(bitset words) at most; nothing is memoised.
import type { FlowSink, TraceEngine } from './tracer.js';
import { type VictimSet, VictimSpace } from './victim-set.js';

export class PoisonTracer implements TraceEngine {
  /** Balances are tracked too: under poison the whole balance of a tainted account is frozen. */
  readonly balance: Float64Array;
  readonly hop: Int32Array;
  readonly loss: Float64Array;
  /** Each account's victims; undefined while it is clean. */
  readonly sets: (VictimSet | undefined)[];
  private readonly space: VictimSpace;
  /** The payer's victims, in order, for the flow sink (allocated only with one). */
  private readonly members: Int32Array | undefined;

  constructor(
    accountCount: number,
    victimCount: number,
    opening: Float64Array | undefined,
    private readonly flows: FlowSink | undefined = undefined,
  ) {
    this.balance =
      opening === undefined ? new Float64Array(accountCount) : Float64Array.from(opening);
    this.hop = new Int32Array(accountCount);
    this.loss = new Float64Array(victimCount);
    this.sets = new Array<VictimSet | undefined>(accountCount).fill(undefined);
    this.space = new VictimSpace(victimCount);
    this.members = flows === undefined ? undefined : new Int32Array(victimCount);
  }

  apply(transfer: number, from: number, to: number, amount: number, victim: number): void {
    const bal = this.balance;
    const left = bal[from]! - amount;
    bal[from] = Math.max(left, 0);
    bal[to] = bal[to]! + amount;
    if (victim >= 0) {
      this.loss[victim] = this.loss[victim]! + amount;
      const into = this.sets[to];
      if (into === undefined) this.sets[to] = this.space.single(victim);
      else if (!into.has(victim)) this.own(to, into).add(victim);
      this.hop[to] = 1;
      this.flows?.flow(transfer, victim, 1, undefined);
      return;
    }
    const s = this.sets[from];
    if (s === undefined) return;
    const h = this.hop[from]! + 1;
    const into = this.sets[to];
    if (into === undefined) {
      this.sets[to] = s;
      s.holders++;
    } else if (!into.covers(s)) {
      if (s.covers(into)) {
        into.release();
        this.sets[to] = s;
        s.holders++;
      } else this.own(to, into).addAll(s);
    }
    const hTo = this.hop[to]!;
    if (hTo === 0 || hTo > h) this.hop[to] = h;
    const flows = this.flows;
    const members = this.members;
    if (flows === undefined || members === undefined) return;
    const n = s.fill(members);
    for (let i = 0; i < n; i++) flows.flow(transfer, members[i]!, h, undefined);
  }

  /** Account a's set `set`, made its own (a copy if it shares it) so that it can change. */
  private own(a: number, set: VictimSet): VictimSet {
    if (set.holders === 1) return set;
    set.holders--;
    const mine = set.copy();
    this.sets[a] = mine;
    return mine;
  }
}
