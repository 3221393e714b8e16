// The growing typed columns that validated transfers are appended to, shared by the
// record-by-record path and the CSV fast path of the transfers loader.

export class TransferRows {
  cap: number;
  n = 0;
  ts: Float64Array;
  from: Int32Array;
  to: Int32Array;
  amount: Float64Array;
  readonly lines = new LineNumbers();
  /** True while every timestamp so far is >= the one before. */
  sorted = true;
  private lastTs = -Infinity;

  constructor(expected: number) {
    this.cap = Math.max(16, expected);
    this.ts = new Float64Array(this.cap);
    this.from = new Int32Array(this.cap);
    this.to = new Int32Array(this.cap);
    this.amount = new Float64Array(this.cap);
  }

  append(ts: number, from: number, to: number, amount: number, line: number): void {
    if (this.n === this.cap) this.grow();
    const n = this.n++;
    this.ts[n] = ts;
    this.from[n] = from;
    this.to[n] = to;
    this.amount[n] = amount;
    this.lines.set(n, line);
    if (ts < this.lastTs) this.sorted = false;
    this.lastTs = ts;
  }

  private grow(): void {
    this.cap *= 2;
    this.ts = copyGrow(this.ts, new Float64Array(this.cap));
    this.from = copyGrow(this.from, new Int32Array(this.cap));
    this.to = copyGrow(this.to, new Int32Array(this.cap));
    this.amount = copyGrow(this.amount, new Float64Array(this.cap));
  }
}

function copyGrow<T extends Float64Array | Int32Array>(old: T, bigger: T): T {
  bigger.set(old);
  return bigger;
}

/**
 * The line each row came from, kept as runs: within a run, line = row + a constant. Rows
 * come from consecutive lines but for a header, rejected or blank lines and quoted line
 * breaks, so a file of 10M rows usually needs one run instead of a 40 MB column.
 */
export class LineNumbers {
  /** First row of each run, ascending, and its line - row. */
  private readonly firstRow: number[] = [];
  private readonly delta: number[] = [];
  private last = Number.NaN;

  /** Records that row `row`, the next one, is on `line`. */
  set(row: number, line: number): void {
    const d = line - row;
    if (d === this.last) return;
    this.firstRow.push(row);
    this.delta.push(d);
    this.last = d;
  }

  /** The line of row `row`. */
  at(row: number): number {
    const first = this.firstRow;
    let lo = 0;
    let hi = first.length;
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (first[mid]! <= row) lo = mid;
      else hi = mid;
    }
    return row + (this.delta[lo] ?? Number.NaN);
  }
}
