// The byte-built outputs against the plain formatting they replace: the same text exactly,
// whatever the victim ids (commas, quotes, array-index-like ids, non-ASCII) and amounts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMinor } from '../money/index.js';
import { formatTimestamp } from '../time/index.js';
import { csvField, csvLine } from './csvout.js';
import type { AmountTraceResult } from './model.js';
import {
  accountsCsv,
  collect,
  FLOWS_HEADER,
  FlowsCsv,
  flowLine,
  freezeCsv,
  freezeRows,
  LargestFirst,
  traceJson,
  traceJsonChunks,
} from './report.js';
import type { AmountRule } from './rules.js';
import { runTrace } from './run.js';
import { tracedOf } from './summarize.js';
import { build, type T } from './test-support/build.js';

const NAMES = ['A', 'Wang, Fang', 'He said "hi"', '7', '12', 'Zoë', 'line\nbreak', 'V0001'];

const scenario = fc.record({
  victims: fc.uniqueArray(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 5 }),
  losses: fc.array(fc.integer({ min: 1, max: 5_000_00 }), { minLength: 1, maxLength: 8 }),
  hops: fc.array(
    fc.record({
      from: fc.integer({ min: 0, max: 3 }),
      to: fc.integer({ min: 0, max: 4 }),
      amount: fc.integer({ min: 1, max: 3_000_00 }),
    }),
    { maxLength: 12 },
  ),
  rule: fc.constantFrom<AmountRule>('fifo', 'lifo', 'pro_rata', 'clean_first', 'dirty_first'),
});

interface Scenario {
  victims: string[];
  losses: number[];
  hops: { from: number; to: number; amount: number }[];
  rule: AmountRule;
}

// Mule account ids and institutions that need CSV quoting or are not ASCII.
const MULES = ['M0', 'M,1', 'M"2"', 'Mé3', 'M\n4'];
const INSTITUTIONS = ['ICBC', 'Bank, of "X"', undefined, '工商银行', undefined];

function traceOf(s: Scenario): AmountTraceResult {
  const transfers: T[] = [];
  const losses: [string, string][] = [];
  s.losses.forEach((amount, i) => {
    transfers.push({ id: `L${i}`, ts: i, from: `P${i}`, to: MULES[i % 3]!, amount });
    losses.push([`L${i}`, s.victims[i % s.victims.length]!]);
  });
  s.hops.forEach((h, i) => {
    const to = h.to === h.from ? 4 : h.to;
    transfers.push({
      id: `H${i}`,
      ts: 100 + i,
      from: MULES[h.from]!,
      to: MULES[to]!,
      amount: h.amount,
    });
  });
  const p = build(transfers, losses, { [MULES[1]!]: 1000_00 });
  const facts = new Map(p.facts);
  MULES.forEach((m, i) => {
    const a = p.transfers.accounts.lookupString(m);
    if (a < 0) return;
    const kind = i === 4 ? 'cash' : 'bank';
    facts.set(a, { kind, institution: INSTITUTIONS[i], openingBalance: 0 });
  });
  const r = runTrace({ ...p, facts }, s.rule);
  if (r.rule === 'poison') throw new Error('amount rule expected');
  return r;
}

describe('trace outputs built as bytes', () => {
  it('accounts.csv, freeze.csv and the JSON lines equal plain formatting', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const r = traceOf(s);
        const d = r.currency.digits;
        const largestFirst = (a: AmountTraceResult['accounts'][number]) =>
          tracedOf(r, a)
            .sort((x, y) => y.amount - x.amount || (x.victim < y.victim ? -1 : 1))
            .map((t) => `${t.victim}:${formatMinor(t.amount, d)}`)
            .join(';');
        const accounts = [
          'account,kind,institution,hop,balance,clean,traced,gap,victims\n',
          ...r.accounts.map((a) =>
            csvLine([
              a.account,
              a.kind,
              a.institution ?? '',
              String(a.hop),
              formatMinor(a.balance, d),
              formatMinor(a.clean, d),
              formatMinor(a.tracedTotal, d),
              formatMinor(a.gap, d),
              largestFirst(a),
            ]),
          ),
        ].join('');
        expect(collect(accountsCsv(r))).toBe(accounts);

        const freeze = [
          'account,institution,hop,amount,victims\n',
          ...freezeRows(r).map((f) => {
            const a = r.accounts.find((x) => x.account === f.account)!;
            return csvLine([
              f.account,
              f.institution ?? '',
              String(f.hop),
              formatMinor(f.amount, d),
              largestFirst(a),
            ]);
          }),
        ].join('');
        expect(collect(freezeCsv(r))).toBe(freeze);

        const doc = traceJson(r) as { accounts: unknown[]; victims: unknown[] };
        const text = collect(traceJsonChunks(r));
        expect(JSON.parse(text)).toEqual(doc);
        // The service's stored form: what JSON.stringify of the document with its ids gives.
        const prefix = { id: 'trace_1', case_id: 'case "7"\n' };
        expect(collect(traceJsonChunks(r, { layout: 'compact', prefix }))).toBe(
          JSON.stringify({ ...prefix, ...doc }),
        );
        const lines = text.split('\n');
        const accountLines = lines.slice(2, 2 + doc.accounts.length);
        expect(accountLines).toEqual(
          doc.accounts.map(
            (a, i) => `  ${JSON.stringify(a)}${i < doc.accounts.length - 1 ? ',' : ''}`,
          ),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('flows.csv equals flowLine for every flow', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const transfers: T[] = s.losses.map((amount, i) => ({
          id: `L,${i}`,
          ts: i * 1000,
          from: `P${i}`,
          to: `M${i % 3}`,
          amount,
        }));
        s.hops.forEach((h, i) => {
          const to = h.to === h.from ? 4 : h.to;
          transfers.push({
            id: `H${i}`,
            ts: 1e6 + i,
            from: `M${h.from}`,
            to: `M"${to}`,
            amount: h.amount,
          });
        });
        const losses = s.losses.map(
          (_, i) => [`L,${i}`, s.victims[i % s.victims.length]!] as const,
        );
        const p = build(transfers, losses);
        const expected: string[] = [FLOWS_HEADER];
        const chunks: Buffer[] = [];
        const sink = new FlowsCsv(p.transfers, p.victims, (c) => chunks.push(Buffer.from(c)));
        runTrace(p, s.rule, {
          flows: {
            flow(t, v, hop, amount) {
              sink.flow(t, v, hop, amount);
              expected.push(
                flowLine(
                  {
                    victim: p.victims[v]!,
                    hop,
                    transfer: p.transfers.ids.string(t),
                    ts: p.transfers.ts[t]!,
                    from: p.transfers.accounts.string(p.transfers.from[t]!),
                    to: p.transfers.accounts.string(p.transfers.to[t]!),
                    amount,
                  },
                  p.transfers.currency.digits,
                ),
              );
            },
          },
        });
        sink.end();
        expect(Buffer.concat(chunks).toString('utf8')).toBe(expected.join(''));
      }),
      { numRuns: 200 },
    );
  });

  it('quotes a victim list whose ids need it as one field', () => {
    const r = traceOf({
      victims: ['Wang, Fang', 'A'],
      losses: [100_00, 50_00],
      hops: [],
      rule: 'clean_first',
    });
    const text = collect(accountsCsv(r));
    expect(text).toContain(`,${csvField('Wang, Fang:100.00')}\n`);
    expect(formatTimestamp(0)).toBe('1970-01-01T00:00:00.000Z');
  });

  it("orders an account's victims largest first, ties by position, on every path (property)", () => {
    // Few entries go by insertion; more by radix when the amounts lie < 2^32 apart, by a
    // native sort of packed keys when wider, and by a comparator beyond that.
    // Amounts up to 2^bits: 6 bits gives many ties, 32 and 33 straddle the radix's limit.
    const amounts = fc
      .constantFrom(6, 9, 17, 25, 31, 32, 33, 45, 53)
      .chain((bits) =>
        fc.array(fc.integer({ min: 1, max: 2 ** bits - 1 }), { maxLength: 700, size: 'max' }),
      );
    const order = new LargestFirst();
    fc.assert(
      fc.property(amounts, fc.nat(5), fc.nat(5), (xs, before, after) => {
        const amounts = Float64Array.from([
          ...Array(before).fill(7),
          ...xs,
          ...Array(after).fill(9),
        ]);
        const view = {
          victims: new Int32Array(amounts.length),
          amounts,
          start: before,
          end: before + xs.length,
        };
        const want = xs
          .map((_, i) => before + i)
          .sort((i, j) => amounts[j]! - amounts[i]! || i - j);
        expect([...order.of(view)]).toEqual(want);
      }),
      { numRuns: 400 },
    );
  });
});
