import { describe, expect, it } from 'vitest';
import { knownCurrency } from '../money/index.js';
import { resolveTraced } from './attribute.js';
import type { Claim, FrozenAccount } from './model.js';
import { proRata } from './pro-rata.js';
import { statementHtml, statementText } from './render.js';
import { restitutionCsv, restitutionJson, restitutionJsonText } from './report.js';
import { risingTide } from './rising-tide.js';
import { statement } from './statement.js';
import { restitutionTable } from './table.js';
import { tracedFirst as tracedFirstById } from './traced-first.js';

const tracedFirst = (cs: readonly Claim[], accounts: readonly FrozenAccount[]) =>
  tracedFirstById(cs, resolveTraced(cs, accounts));

const CNY = knownCurrency('CNY');
const claims: Claim[] = [
  { victim: 'A', loss: 3_000_000, recovered: 0 },
  { victim: 'B', loss: 2_000_000, recovered: 0 },
  { victim: 'C', loss: 1_500_000, recovered: 0 },
];

describe('the JSON document of formats.md', () => {
  it('has method, currency, pool, allocations with victim and amount, and unallocated', () => {
    const doc = restitutionJson(proRata(claims, 1_000_000), { currency: CNY });
    expect(doc).toMatchObject({
      method: 'pro_rata',
      currency: 'CNY',
      pool: '10000.00',
      allocations: [
        { victim: 'A', amount: '4615.39', net_loss: '30000.00', status: 'share' },
        { victim: 'B', amount: '3076.92' },
        { victim: 'C', amount: '2307.69' },
      ],
      unallocated: '0.00',
      total_net_loss: '65000.00',
    });
    expect((doc as { allocations: { explanation: string }[] }).allocations[0]?.explanation).toBe(
      'pool 10000.00 × net loss 30000.00 / total net loss 65000.00 = 4615.384615…, rounded down to 4615.38, +0.01 (largest remainder)',
    );
  });

  it('is written line by line as the same document', () => {
    for (const r of [proRata(claims, 1_000_000), risingTide(claims, 0), proRata([], 5)]) {
      const text = [...restitutionJsonText(r, { currency: CNY })].join('');
      expect(JSON.parse(text)).toEqual(restitutionJson(r, { currency: CNY }));
    }
  });

  it('says how traced_first came about, per account', () => {
    const r = tracedFirst(claims, [
      { account: 'M1', frozen: 100, traced: [{ victim: 'B', amount: 100 }] },
    ]);
    const doc = restitutionJson(r, { currency: CNY, traceRule: 'fifo' });
    expect(doc).toMatchObject({
      method: 'traced_first',
      trace_rule: 'fifo',
      shared_remainder: '0.00',
      pool: '1.00',
      allocations: expect.arrayContaining([
        expect.objectContaining({
          victim: 'B',
          amount: '1.00',
          traced: '1.00',
          shared: '0.00',
          accounts: [{ account: 'M1', traced: '1.00', attributed: '1.00', returned: '1.00' }],
        }),
      ]),
    });
  });
});

describe('CSV', () => {
  it('echoes the columns clawback does not use, quoted where needed', () => {
    const r = proRata(claims.slice(0, 2), 100);
    const csv = [
      ...restitutionCsv(r, {
        currency: CNY,
        extraColumns: ['note'],
        extra: [{ note: 'a, "b"' }, { note: '' }],
      }),
    ].join('');
    expect(csv).toBe(
      'victim,loss,recovered,net_loss,amount,status,note\nA,30000.00,0.00,30000.00,0.60,share,"a, ""b"""\nB,20000.00,0.00,20000.00,0.40,share,\n',
    );
  });
});

describe('the table', () => {
  it('fits 80 columns, with long ids and large amounts', () => {
    const big: Claim[] = [
      {
        victim: 'a-very-long-victim-identifier-from-the-police-case-file-0001',
        loss: 123_456_789_012,
        recovered: 1_000_000_000,
      },
      { victim: 'B', loss: 99_999_999_999, recovered: 0 },
    ];
    const lines = [...restitutionTable(proRata(big, 50_000_000_000), CNY)];
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(80);
    expect(lines.join('\n')).toContain('500,000,000.00');
    expect(lines.some((l) => l.startsWith('a-very-long') && l.includes('…'))).toBe(true);
    const tf = tracedFirst(big, [
      {
        account: `6222021001123456781-${'x'.repeat(70)}`,
        frozen: 99_999_999_999,
        traced: [{ victim: 'B', amount: 99_999_999_999 }],
      },
      { account: '6230580000001234567', frozen: 12_345_678_901, traced: undefined },
    ]);
    for (const l of restitutionTable(tf, CNY)) expect(l.length).toBeLessThanOrEqual(80);
  });
});

describe('statements', () => {
  it('show the victim loss, recovered, method, pool, share and its computation', () => {
    const r = proRata(claims, 1_000_000);
    const text = statementText(statement(r, 0, CNY));
    const flat = text.replace(/\s+/g, ' ');
    for (const s of [
      'Victim    A',
      'pro rata on net loss',
      'Loss',
      '30,000.00',
      'Money to distribute',
      '10,000.00',
      '65,000.00',
      '= 10,000.00 × 30,000.00 ÷ 65,000.00 = 4,615.384615…',
      'You received one of them: 0.01',
      'You receive 4,615.39 (15.38% of your net loss)',
    ]) {
      expect(flat).toContain(s.replace(/\s+/g, ' '));
    }
    for (const l of text.split('\n')) expect(l.length).toBeLessThanOrEqual(80);
  });

  it('explain rising tide and traced_first in their own terms', () => {
    const rt = statementText(
      statement(
        risingTide(
          [
            { victim: 'A', loss: 100, recovered: 90 },
            { victim: 'B', loss: 100, recovered: 0 },
            { victim: 'C', loss: 100, recovered: 0 },
          ],
          60,
        ),
        0,
        CNY,
      ),
    );
    expect(rt.replace(/\s+/g, ' ')).toContain(
      'at least the level × your loss (0.30): you receive nothing now',
    );
    const tf = tracedFirst(claims, [
      { account: 'M1', frozen: 50_000, traced: [{ victim: 'A', amount: 100_000 }] },
      { account: 'M2', frozen: 6500, traced: undefined },
    ]);
    const text = statementText(statement(tf, 0, CNY));
    expect(text).toContain('M1 holds 500.00 of the 1,000.00 traced to it');
    expect(text).toContain('Not attributable by tracing (shared)');
  });

  it('escape victim ids in HTML', () => {
    const r = proRata([{ victim: '<script>x</script>', loss: 100, recovered: 0 }], 10);
    const html = statementHtml(statement(r, 0, CNY));
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;x&lt;/script&gt;');
  });
});
