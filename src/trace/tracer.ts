// The amount-rule tracer: applies transfers one by one (in time order) and moves victims'
// money between accounts exactly as tracing.md defines. Untainted accounts cost one balance
// update; only accounts that ever received victims' money carry a composition.
import { ExactSplitter } from '../money/index.js';
import { Arena, Weights } from './composition.js';
import type { AmountRule } from './rules.js';
import { type AccountState, newState, type SplitTools } from './state.js';
import { Taken } from './taken.js';

/** Receives, per transfer, the money of each victim it carried. */
export interface FlowSink {
  flow(transfer: number, victim: number, hop: number, amount: number | undefined): void;
}

/** Common face of the amount tracer and the poison tracer. */
export interface TraceEngine {
  readonly hop: Int32Array;
  /** Total of each victim's losses applied so far, in minor units. */
  readonly loss: Float64Array;
  /**
   * Applies one transfer. `victim` >= 0 marks it as that victim's loss.
   * Self-transfers must have been rejected before.
   */
  apply(transfer: number, from: number, to: number, amount: number, victim: number): void;
}

export class AmountTracer implements TraceEngine {
  readonly balance: Float64Array;
  readonly hop: Int32Array;
  readonly gap: Float64Array;
  readonly loss: Float64Array;
  /**
   * Victim money that sat in an account when that account paid another victim's loss: the
   * loss arrives as the paying victim's money only (tracing.md), so this money is counted
   * there. Reported so that, per victim, held + exited + absorbed = loss holds exactly.
   */
  readonly absorbed: Float64Array;
  readonly states: (AccountState | undefined)[];
  private readonly taken: Taken;
  private readonly arena = new Arena();
  private readonly tools: SplitTools = { splitter: new ExactSplitter(), weights: new Weights() };

  constructor(
    readonly rule: AmountRule,
    accountCount: number,
    victimCount: number,
    opening: Float64Array | undefined,
    private readonly flows: FlowSink | undefined = undefined,
  ) {
    this.balance =
      opening === undefined ? new Float64Array(accountCount) : Float64Array.from(opening);
    this.hop = new Int32Array(accountCount);
    this.gap = new Float64Array(accountCount);
    this.loss = new Float64Array(victimCount);
    this.absorbed = new Float64Array(victimCount);
    this.states = new Array<AccountState | undefined>(accountCount).fill(undefined);
    this.taken = new Taken(victimCount);
  }

  apply(transfer: number, from: number, to: number, amount: number, victim: number): void {
    const bal = this.balance;
    const payer = this.states[from];
    if (victim >= 0) {
      this.applyLoss(transfer, payer, from, to, amount, victim);
      return;
    }
    if (payer === undefined) {
      const left = bal[from]! - amount;
      bal[from] = Math.max(left, 0);
      this.states[to]?.addClean(amount);
      bal[to] = bal[to]! + amount;
      return;
    }
    const taken = this.taken;
    taken.reset();
    const b = bal[from]!;
    if (amount >= b) {
      payer.takeAll(b, taken);
      if (amount > b) {
        taken.clean += amount - b;
        this.gap[from] = this.gap[from]! + (amount - b);
      }
      bal[from] = 0;
    } else {
      payer.take(amount, b, taken, this.tools);
      bal[from] = b - amount;
    }
    if (taken.hasVictims) {
      const h = this.hop[from]! + 1;
      const receiver = this.states[to] ?? this.taint(to);
      receiver.receive(taken);
      const hTo = this.hop[to]!;
      if (hTo === 0 || hTo > h) this.hop[to] = h;
      const flows = this.flows;
      if (flows !== undefined)
        for (let i = 0, n = taken.count(); i < n; i++)
          flows.flow(transfer, taken.victimAt(i), h, taken.amountAt(i));
    } else {
      this.states[to]?.addClean(amount);
    }
    bal[to] = bal[to]! + amount;
  }

  private applyLoss(
    transfer: number,
    payer: AccountState | undefined,
    from: number,
    to: number,
    amount: number,
    victim: number,
  ): void {
    const bal = this.balance;
    const b = bal[from]!;
    if (payer !== undefined) {
      const taken = this.taken;
      taken.reset();
      if (amount >= b) payer.takeAll(b, taken);
      else payer.take(amount, b, taken, this.tools);
      for (let i = 0, n = taken.count(); i < n; i++) {
        const v = taken.victimAt(i);
        this.absorbed[v] = this.absorbed[v]! + taken.amountAt(i);
      }
    }
    bal[from] = amount >= b ? 0 : b - amount;
    const receiver = this.states[to] ?? this.taint(to);
    receiver.receiveLoss(victim, amount);
    bal[to] = bal[to]! + amount;
    this.hop[to] = 1;
    this.loss[victim] = this.loss[victim]! + amount;
    this.flows?.flow(transfer, victim, 1, amount);
  }

  private taint(account: number): AccountState {
    const s = newState(this.rule, this.balance[account]!, this.arena);
    this.states[account] = s;
    return s;
  }

  /** Sum of each victim's money over all accounts (for checks; O(tainted accounts)). */
  victimTotals(): Float64Array {
    const all = new Taken(this.loss.length);
    for (const s of this.states) s?.collect(all);
    const totals = new Float64Array(this.loss.length);
    for (let i = 0, n = all.count(); i < n; i++) totals[all.victimAt(i)] = all.amountAt(i);
    return totals;
  }

  /**
   * Each victim's money now in `account`, ascending by victim, into `into` (which is reset
   * first): a scratch the caller reads before the next call.
   */
  victimsOf(account: number, into: Taken): void {
    into.reset();
    this.states[account]?.collect(into);
  }
}
