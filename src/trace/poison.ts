// The poison rule: no amounts; an account that receives anything from a tainted account is
// tainted by all of that account's victims. Victim sets are immutable and shared, and
// unions are memoised, so a big set spreading through a network costs little.
import type { FlowSink, TraceEngine } from './tracer.js';

export interface VictimSet {
  readonly id: number;
  readonly victims: Int32Array;
}

export class PoisonTracer implements TraceEngine {
  /** Balances are tracked too: under poison the whole balance of a tainted account is frozen. */
  readonly balance: Float64Array;
  readonly hop: Int32Array;
  readonly loss: Float64Array;
  readonly sets: (VictimSet | undefined)[];
  private nextId = 0;
  private readonly singles: (VictimSet | undefined)[];
  private readonly unions = new Map<number, Map<number, VictimSet>>();

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
    this.singles = new Array<VictimSet | undefined>(victimCount).fill(undefined);
  }

  apply(transfer: number, from: number, to: number, amount: number, victim: number): void {
    const bal = this.balance;
    const left = bal[from]! - amount;
    bal[from] = Math.max(left, 0);
    bal[to] = bal[to]! + amount;
    if (victim >= 0) {
      this.loss[victim] = this.loss[victim]! + amount;
      const single = this.singles[victim] ?? this.makeSingle(victim);
      this.sets[to] = this.union(this.sets[to], single);
      this.hop[to] = 1;
      this.flows?.flow(transfer, victim, 1, undefined);
      return;
    }
    const s = this.sets[from];
    if (s === undefined) return;
    const h = this.hop[from]! + 1;
    this.sets[to] = this.union(this.sets[to], s);
    const hTo = this.hop[to]!;
    if (hTo === 0 || hTo > h) this.hop[to] = h;
    const flows = this.flows;
    if (flows !== undefined) for (const v of s.victims) flows.flow(transfer, v, h, undefined);
  }

  private makeSingle(victim: number): VictimSet {
    const s = { id: this.nextId++, victims: Int32Array.of(victim) };
    this.singles[victim] = s;
    return s;
  }

  private union(into: VictimSet | undefined, add: VictimSet): VictimSet {
    if (into === undefined || into === add) return add;
    let byAdd = this.unions.get(into.id);
    const known = byAdd?.get(add.id);
    if (known !== undefined) return known;
    const merged = mergeSorted(into.victims, add.victims);
    const result =
      merged.length === into.victims.length
        ? into
        : merged.length === add.victims.length
          ? add
          : { id: this.nextId++, victims: merged };
    if (byAdd === undefined) {
      byAdd = new Map();
      this.unions.set(into.id, byAdd);
    }
    byAdd.set(add.id, result);
    return result;
  }
}

function mergeSorted(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x < y) {
      out[k++] = x;
      i++;
    } else if (y < x) {
      out[k++] = y;
      j++;
    } else {
      out[k++] = x;
      i++;
      j++;
    }
  }
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return k === out.length ? out : out.slice(0, k);
}
