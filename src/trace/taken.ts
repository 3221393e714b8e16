// What one transfer takes out of a payer: clean money plus an amount per victim,
// gathered in a dense scratch array and read back in victim order (= victim id order).

export class Taken {
  clean = 0;
  private readonly dense: Float64Array;
  private readonly touched: number[] = [];
  private sorted = true;

  constructor(victimCount: number) {
    this.dense = new Float64Array(victimCount);
  }

  reset(): void {
    const d = this.dense;
    for (const v of this.touched) d[v] = 0;
    this.touched.length = 0;
    this.clean = 0;
    this.sorted = true;
  }

  add(victim: number, amount: number): void {
    if (amount === 0) return;
    const d = this.dense;
    if (d[victim] === 0) {
      const t = this.touched;
      if (t.length > 0 && t[t.length - 1]! > victim) this.sorted = false;
      t.push(victim);
    }
    d[victim] = d[victim]! + amount;
  }

  get hasVictims(): boolean {
    return this.touched.length > 0;
  }

  /** Victims with money taken, ascending. */
  victims(): readonly number[] {
    if (!this.sorted) {
      this.touched.sort((a, b) => a - b);
      this.sorted = true;
    }
    return this.touched;
  }

  amountOf(victim: number): number {
    return this.dense[victim]!;
  }

  victimTotal(): number {
    let s = 0;
    for (const v of this.touched) s += this.dense[v]!;
    return s;
  }
}
