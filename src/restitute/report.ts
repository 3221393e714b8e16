// The machine outputs of `clawback restitute` (formats.md): the JSON document, CSV, and the
// notes in words. Amounts are decimal strings with exactly the currency's digits.

import type { Currency } from '../money/index.js';
import { formatMinor } from '../money/index.js';
import { explanationLine } from './line.js';
import type { Note, Restitution } from './model.js';
import { grouped } from './numbers.js';

export const RESTITUTION_FORMAT_VERSION = 1;

/** Context the core does not know: the currency, the trace's rule, claim columns to echo. */
export interface ReportContext {
  readonly currency: Currency;
  readonly traceRule?: string | undefined;
  /** Per claim, the claims file's columns that clawback does not use (echoed back). */
  readonly extra?: readonly Readonly<Record<string, string>>[] | undefined;
  readonly extraColumns?: readonly string[] | undefined;
}

/** The JSON document in three parts, so that a large one can be written as it is made. */
export interface JsonParts {
  readonly head: Readonly<Record<string, unknown>>;
  allocation(index: number): unknown;
  readonly tail: Readonly<Record<string, unknown>>;
}

/** The `--format json` document; allocations in the order of the claims. */
export function restitutionJson(r: Restitution, ctx: ReportContext): unknown {
  const p = jsonParts(r, ctx);
  return { ...p.head, allocations: r.claims.map((_, i) => p.allocation(i)), ...p.tail };
}

/** The same document as text: top-level fields on their own lines, one allocation per line. */
export function* restitutionJsonText(r: Restitution, ctx: ReportContext): Generator<string> {
  const p = jsonParts(r, ctx);
  const field = (k: string, v: unknown) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`;
  yield '{\n';
  for (const [k, v] of Object.entries(p.head)) yield `${field(k, v)},\n`;
  yield '  "allocations": [';
  const n = r.claims.length;
  for (let i = 0; i < n; i++)
    yield `${i === 0 ? '\n' : ',\n'}    ${JSON.stringify(p.allocation(i))}`;
  yield n === 0 ? '],\n' : '\n  ],\n';
  yield `${Object.entries(p.tail)
    .map(([k, v]) => field(k, v))
    .join(',\n')}\n}\n`;
}

function jsonParts(r: Restitution, ctx: ReportContext): JsonParts {
  const d = ctx.currency.digits;
  const m = (x: number) => formatMinor(x, d);
  const allocation = (i: number) => {
    const c = r.claims[i]!;
    const e = r.explain(i);
    const base = {
      victim: c.victim,
      amount: m(r.amounts[i]!),
      loss: m(c.loss),
      recovered: m(c.recovered),
      net_loss: m(e.netLoss),
      status: e.method === 'traced_first' ? e.shared.status : e.status,
      explanation: explanationLine(r, i, d, e),
    };
    const extra = ctx.extra?.[i];
    const more = extra === undefined || Object.keys(extra).length === 0 ? {} : { columns: extra };
    if (e.method !== 'traced_first') return { ...base, ...more };
    return {
      ...base,
      traced: m(e.traced),
      shared: m(e.shared.amount),
      accounts: e.accounts.map((a) => ({
        account: a.account,
        traced: m(a.traced),
        attributed: m(a.attributed),
        returned: m(a.returned),
      })),
      ...more,
    };
  };
  const common = {
    method: r.method,
    currency: ctx.currency.code,
    pool: m(r.pool),
    version: RESTITUTION_FORMAT_VERSION,
  };
  const tail = {
    allocated: m(r.pool - r.unallocated),
    unallocated: m(r.unallocated),
    notes: r.notes.map((n) => ({ ...noteJson(n, d), message: noteText(n, ctx.currency) })),
  };
  const rate = (x: { numerator: number; denominator: number }) => ({
    numerator: m(x.numerator),
    denominator: m(x.denominator),
  });
  switch (r.method) {
    case 'pro_rata':
      return { head: { ...common, total_net_loss: m(r.totalNetLoss) }, allocation, tail };
    case 'rising_tide':
      return { head: { ...common, level: rate(r.level) }, allocation, tail };
    case 'traced_first':
      return {
        head: {
          ...common,
          ...(ctx.traceRule === undefined ? {} : { trace_rule: ctx.traceRule }),
          shared_remainder: m(r.sharedRemainder),
          shared_rate: rate(r.sharedRate),
          accounts: r.accounts.map((a) => ({
            account: a.account,
            frozen: m(a.frozen),
            in_trace: a.inTrace,
            traced: m(a.traced),
            returned: m(a.returned),
            shared: m(a.frozen - a.returned),
          })),
        },
        allocation,
        tail,
      };
  }
}

function noteJson(n: Note, d: number): Record<string, string | boolean> {
  const m = (x: number) => formatMinor(x, d);
  switch (n.kind) {
    case 'recovered_exceeds_loss':
      return { kind: n.kind, victim: n.victim, loss: m(n.loss), recovered: m(n.recovered) };
    case 'account_not_traced':
      return { kind: n.kind, account: n.account, frozen: m(n.frozen), in_trace: n.inTrace };
    case 'account_scaled':
      return { kind: n.kind, account: n.account, frozen: m(n.frozen), traced: m(n.traced) };
    case 'traced_beyond_net_loss':
      return { kind: n.kind, victim: n.victim, excess: m(n.excess) };
    case 'unallocated':
      return { kind: n.kind, amount: m(n.amount) };
  }
}

/** A note in words, for stderr and the JSON `message`. */
export function noteText(n: Note, currency: Currency): string {
  const m = (x: number) => grouped(x, currency.digits);
  switch (n.kind) {
    case 'recovered_exceeds_loss':
      return `victim ${n.victim}: recovered ${m(n.recovered)} is more than the loss ${m(n.loss)}; no net loss, receives nothing`;
    case 'account_not_traced':
      return n.inTrace
        ? `account ${n.account}: the trace attributes no money to any victim there; its ${m(n.frozen)} frozen joins the shared remainder`
        : `account ${n.account}: frozen but not in the trace; its ${m(n.frozen)} joins the shared remainder`;
    case 'account_scaled':
      return `account ${n.account}: frozen ${m(n.frozen)} is less than the ${m(n.traced)} traced to it; returns from it are scaled down`;
    case 'traced_beyond_net_loss':
      return `victim ${n.victim}: tracing finds ${m(n.excess)} more than the net loss; that part joins the shared remainder`;
    case 'unallocated':
      return `${m(n.amount)} ${currency.code} unallocated: every victim is made whole`;
  }
}

const quote = (v: string) =>
  /[",\r\n]/.test(v) || v !== v.trim() ? `"${v.replaceAll('"', '""')}"` : v;

/** The `--format csv` rows: one per claim, in claim order, with the echoed columns last. */
export function* restitutionCsv(r: Restitution, ctx: ReportContext): Generator<string> {
  const d = ctx.currency.digits;
  const m = (x: number) => formatMinor(x, d);
  const traced = r.method === 'traced_first';
  const extraColumns = ctx.extraColumns ?? [];
  const head = ['victim', 'loss', 'recovered', 'net_loss', 'amount', 'status'];
  if (traced) head.push('traced', 'shared');
  yield `${[...head, ...extraColumns].map(quote).join(',')}\n`;
  for (let i = 0; i < r.claims.length; i++) {
    const c = r.claims[i]!;
    const net = c.loss > c.recovered ? c.loss - c.recovered : 0;
    const row = [c.victim, m(c.loss), m(c.recovered), m(net), m(r.amounts[i]!), r.status(i)];
    if (r.method === 'traced_first') row.push(m(r.traced[i]!), m(r.shared[i]!));
    const extra = ctx.extra?.[i];
    for (const col of extraColumns) row.push(extra?.[col] ?? '');
    yield `${row.map(quote).join(',')}\n`;
  }
}
