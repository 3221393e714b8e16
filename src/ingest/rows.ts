// The growing typed columns that validated transfers are appended to, shared by the
// record-by-record path and the CSV fast path of the transfers loader.

export class TransferRows {
  cap: number;
  n = 0;
  ts: Float64Array;
  from: Int32Array;
  to: Int32Array;
  amount: Float64Array;
  lines: Int32Array;
  /** True while every timestamp so far is >= the one before. */
  sorted = true;
  private lastTs = -Infinity;

  constructor(expected: number) {
    this.cap = Math.max(16, expected);
    this.ts = new Float64Array(this.cap);
    this.from = new Int32Array(this.cap);
    this.to = new Int32Array(this.cap);
    this.amount = new Float64Array(this.cap);
    this.lines = new Int32Array(this.cap);
  }

  append(ts: number, from: number, to: number, amount: number, line: number): void {
    if (this.n === this.cap) this.grow();
    const n = this.n++;
    this.ts[n] = ts;
    this.from[n] = from;
    this.to[n] = to;
    this.amount[n] = amount;
    this.lines[n] = line;
    if (ts < this.lastTs) this.sorted = false;
    this.lastTs = ts;
  }

  private grow(): void {
    this.cap *= 2;
    this.ts = copyGrow(this.ts, new Float64Array(this.cap));
    this.from = copyGrow(this.from, new Int32Array(this.cap));
    this.to = copyGrow(this.to, new Int32Array(this.cap));
    this.amount = copyGrow(this.amount, new Float64Array(this.cap));
    this.lines = copyGrow(this.lines, new Int32Array(this.cap));
  }
}

function copyGrow<T extends Float64Array | Int32Array>(old: T, bigger: T): T {
  bigger.set(old);
  return bigger;
}
