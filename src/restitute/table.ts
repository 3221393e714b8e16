// The `--format table` output: a summary and one line per victim, readable on 80 columns
// (when space runs out, the loss and recovered columns go first, then the
// percentage, then long ids are cut).

import type { Currency } from '../money/index.js';
import type { Restitution } from './model.js';
import { grouped, percent } from './numbers.js';

const WIDTH = 80;

interface Column {
  readonly head: string;
  readonly cells: string[];
  /** Dropped when the table is too wide: 1 first, then 2. */
  readonly drop: number;
}

/** The table as lines (without newlines); streaming-friendly for large cases. */
export function* restitutionTable(r: Restitution, currency: Currency): Generator<string> {
  const m = (x: number) => grouped(x, currency.digits);
  const n = r.claims.length;
  const allocated = r.pool - r.unallocated;
  const facts = [
    r.method,
    currency.code,
    `pool ${m(r.pool)}`,
    `${n} victim${n === 1 ? '' : 's'}`,
    `allocated ${m(allocated)}`,
    `unallocated ${m(r.unallocated)}`,
  ];
  if (r.method === 'pro_rata') facts.push(`total net loss ${m(r.totalNetLoss)}`);
  if (r.method === 'rising_tide')
    facts.push(`level ${percent(r.level.numerator, r.level.denominator)}`);
  if (r.method === 'traced_first') {
    facts.push(
      `returned by tracing ${m(r.pool - r.sharedRemainder)}`,
      `shared ${m(r.sharedRemainder)}`,
    );
  }
  let summary = '';
  for (const f of facts) {
    if (summary !== '' && summary.length + 3 + f.length > WIDTH) {
      yield summary;
      summary = f;
    } else summary = summary === '' ? f : `${summary} · ${f}`;
  }
  yield summary;
  yield '';

  const col = (head: string, drop = 0): Column => ({ head, cells: [], drop });
  const victim = col('victim');
  const loss = col('loss', 1);
  const recovered = col('recovered', 1);
  const net = col('net loss');
  const traced = col('traced');
  const shared = col('shared');
  const amount = col('amount');
  const ofNet = col('of net', 2);
  const isTraced = r.method === 'traced_first';
  for (let i = 0; i < n; i++) {
    const c = r.claims[i]!;
    const netLoss = c.loss > c.recovered ? c.loss - c.recovered : 0;
    victim.cells.push(c.victim);
    loss.cells.push(m(c.loss));
    recovered.cells.push(m(c.recovered));
    net.cells.push(m(netLoss));
    if (r.method === 'traced_first') {
      traced.cells.push(m(r.traced[i]!));
      shared.cells.push(m(r.shared[i]!));
    }
    amount.cells.push(m(r.amounts[i]!));
    ofNet.cells.push(netLoss > 0 ? percent(r.amounts[i]!, netLoss) : '-');
  }
  let cols = isTraced
    ? [victim, loss, recovered, net, traced, shared, amount, ofNet]
    : [victim, loss, recovered, net, amount, ofNet];
  const widthOf = (c: Column) => maxLength(c.head, c.cells);
  const total = (cs: Column[]) => cs.reduce((a, c) => a + widthOf(c) + 2, -2);
  for (const level of [1, 2]) {
    if (total(cols) > WIDTH) cols = cols.filter((c) => c.drop === 0 || c.drop > level);
  }
  const widths = cols.map(widthOf);
  const over = total(cols) - WIDTH;
  if (over > 0) widths[0] = Math.max(victim.head.length, widths[0]! - over);
  const cut = (s: string, w: number) => (s.length > w ? `${s.slice(0, w - 1)}…` : s);
  const line = (cells: string[]) =>
    cells
      .map((s, c) => (c === 0 ? cut(s, widths[0]!).padEnd(widths[0]!) : s.padStart(widths[c]!)))
      .join('  ')
      .trimEnd();
  yield line(cols.map((c) => c.head));
  for (let i = 0; i < n; i++) yield line(cols.map((c) => c.cells[i]!));

  if (r.method === 'traced_first' && r.accounts.length > 0) {
    yield '';
    const heads = ['account', 'frozen', 'traced', 'returned', 'shared'];
    const rows = r.accounts.map((a) => [
      a.inTrace ? a.account : `${a.account} *`,
      m(a.frozen),
      m(a.traced),
      m(a.returned),
      m(a.frozen - a.returned),
    ]);
    const w = heads.map((h, c) =>
      maxLength(
        h,
        rows.map((row) => row[c]!),
      ),
    );
    const over2 = w.reduce((a, x) => a + x + 2, -2) - WIDTH;
    if (over2 > 0) w[0] = Math.max(7, w[0]! - over2);
    const l2 = (cells: string[]) =>
      cells
        .map((s, c) => (c === 0 ? cut(s, w[0]!).padEnd(w[0]!) : s.padStart(w[c]!)))
        .join('  ')
        .trimEnd();
    yield l2(heads);
    for (const row of rows) yield l2(row);
    if (r.accounts.some((a) => !a.inTrace)) yield '* not in the trace: all of it is shared';
  }
}

/** Longest of head and cells (a loop: a spread of a million cells would overflow the stack). */
function maxLength(head: string, cells: readonly string[]): number {
  let w = head.length;
  for (const s of cells) if (s.length > w) w = s.length;
  return w;
}
