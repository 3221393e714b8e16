import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ErrorCollector } from '../errors/index.js';
import type { InputSource } from '../io/index.js';
import { currencyOf } from '../money/index.js';
import { loadTransfers } from './transfers.js';

// The fast path takes only quote-free lines, so quoting every field of a file sends every
// row through the record-by-record path: the two loads must agree on everything.

const CNY = currencyOf('CNY')!;

const field = {
  id: fc.constantFrom('T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'T8', ''),
  ts: fc.constantFrom(
    '2024-03-01T00:00:00+08:00',
    '2024-03-01T00:00:00.832+08:00',
    '2024-02-29T16:00:04.585Z',
    '2024-02-29T16:00:04Z',
    '2024-02-29 16:00:04Z',
    '2024-03-01T10:00:00+0800',
    '2024-03-01T10:00:00.5-03:30',
    '2024-02-30T00:00:00Z',
    '2024-03-01T24:00:00Z',
    '2024-03-01T10:00:00',
    '',
  ),
  account: fc.constantFrom(
    '6225880436938993639',
    '6217005910853167475',
    'A',
    'B',
    'é',
    'ABCD',
    'ABCDEFGH',
    '',
  ),
  amount: fc.constantFrom(
    '12.00',
    '5',
    '0.5',
    '.5',
    '12.345',
    '12.340',
    '0.00',
    '-1',
    '1e5',
    '',
    '7.',
  ),
  currency: fc.constantFrom('CNY', 'CNY', 'CNY', 'USD', 'XYZ', '', 'cny'),
  channel: fc.constantFrom('transfer', 'card', '', 'a b'),
};
const row = fc.tuple(
  field.id,
  field.ts,
  field.account,
  field.account,
  field.amount,
  field.currency,
  field.channel,
);

async function load(text: string, cuts: number[]) {
  const bytes = Buffer.from(text, 'utf8');
  const source: InputSource = {
    name: 't.csv',
    size: bytes.length,
    format: 'csv',
    async *chunks() {
      let at = 0;
      for (const c of [...cuts.map((x) => x % (bytes.length + 1))].sort((a, b) => a - b)) {
        yield bytes.subarray(at, Math.max(at, c));
        at = Math.max(at, c);
      }
      yield bytes.subarray(at);
    },
  };
  const collector = new ErrorCollector(1000);
  const t = await loadTransfers({ source, collector, defaultCurrency: CNY });
  let errors = '';
  try {
    collector.throwIfAny();
  } catch (e) {
    errors = e instanceof Error ? e.message : String(e);
  }
  const accounts = Array.from(t.from, (i) => (i < 0 ? '' : t.accounts.string(i)));
  return {
    errors,
    count: t.count,
    ts: [...t.ts],
    to: [...t.to],
    accounts,
    amount: [...t.amount],
    line: Array.from({ length: t.count }, (_, i) => t.lines.at(i)),
    sorted: t.sorted,
    currency: t.currency.code,
  };
}

describe('CSV fast path', () => {
  it('loads exactly what the record-by-record path loads (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { minLength: 1, maxLength: 40 }),
        fc.boolean(),
        fc.array(fc.nat(4000), { maxLength: 4 }),
        fc.shuffledSubarray([0, 1, 2, 3, 4, 5, 6], { minLength: 7 }),
        async (rows, crlf, cuts, order) => {
          const nl = crlf ? '\r\n' : '\n';
          const names = ['id', 'ts', 'from', 'to', 'amount', 'currency', 'channel'];
          const line = (r: readonly string[], q: string) =>
            order.map((i) => q + r[i] + q).join(',') + nl;
          const header = line(names, '');
          const plain = header + rows.map((r) => line(r, '')).join('');
          const quoted = header + rows.map((r) => line(r, '"')).join('');
          const fast = await load(plain, cuts);
          const slow = await load(quoted, cuts);
          expect(fast).toEqual(slow);
        },
      ),
      { numRuns: 300 },
    );
  });
});
