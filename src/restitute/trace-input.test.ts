import { describe, expect, it } from 'vitest';
import { ErrorCollector, InputRejected } from '../errors/index.js';
import { pathOf, traceFromJson } from './trace-input.js';

const trace = (over: Record<string, unknown> = {}) => ({
  rule: 'clean_first',
  currency: 'CNY',
  version: 1,
  accounts: [
    {
      account: 'M1',
      kind: 'bank',
      hop: 1,
      balance: '300.00',
      clean: '0.00',
      traced: { A: '200.00', B: '100.00' },
      gap: '0.00',
    },
    { account: 'M2', kind: 'bank', hop: 2, traced: {} },
  ],
  victims: [
    { victim: 'A', loss: '1000.00', held: '200.00', exited: {}, accounts: 1 },
    { victim: 'B', loss: '500.00' },
  ],
  ...over,
});

function problems(doc: unknown): string[] {
  const c = new ErrorCollector();
  const r = traceFromJson(doc, 'trace.json', c);
  try {
    c.throwIfAny();
  } catch (e) {
    if (e instanceof InputRejected) return e.errors.map((x) => `${x.code} ${x.message}`);
    throw e;
  }
  expect(r).toBeDefined();
  return [];
}

describe('the trace JSON at the boundary', () => {
  it('reads what restitution needs and ignores the rest', () => {
    const c = new ErrorCollector();
    const r = traceFromJson(trace(), 'trace.json', c);
    expect(c.count).toBe(0);
    expect(r?.currency.code).toBe('CNY');
    expect(r?.rule).toBe('clean_first');
    expect(r?.accounts.get('M1')).toEqual([
      { victim: 'A', amount: 20000 },
      { victim: 'B', amount: 10000 },
    ]);
    expect(r?.accounts.get('M2')).toEqual([]);
    expect(r?.victims).toEqual([
      { victim: 'A', loss: 100000, path: '$.victims[0]' },
      { victim: 'B', loss: 50000, path: '$.victims[1]' },
    ]);
  });

  it('rejects a poison trace: it has no amounts', () => {
    const poison = trace({ rule: 'poison', accounts: [{ account: 'M1', hop: 1, victims: ['A'] }] });
    expect(problems(poison)).toEqual([
      expect.stringMatching(
        /^CB_E_TRACE_WITHOUT_AMOUNTS trace\.json: \$\.rule: a poison trace names victims but no amounts; run clawback trace with an amount rule/,
      ),
    ]);
  });

  it('names the JSON path, the value and the reason of every problem', () => {
    const bad = trace({
      accounts: [
        { account: 'M1', traced: { A: '12.345', B: 100, 'Wang Fang': '1.00' } },
        { account: 'M1', traced: {} },
        { account: '', traced: {} },
      ],
      victims: [
        { victim: 'A', loss: '-5' },
        { victim: 'B', loss: '0' },
        { victim: 'A', loss: '1' },
      ],
    });
    expect(problems(bad)).toEqual([
      'CB_E_NONPOSITIVE_AMOUNT trace.json: $.victims[0].loss: amount "-5": amount must be positive',
      'CB_E_NONPOSITIVE_AMOUNT trace.json: $.victims[1].loss: amount "0": amount must be positive',
      'CB_E_BAD_DOCUMENT trace.json: $.victims[2].victim: "A": victim listed twice (first at $.victims[0])',
      'CB_E_TOO_MANY_DECIMALS trace.json: $.accounts[0].traced.A: amount "12.345": CNY has 2 decimal places',
      'CB_E_BAD_TYPE trace.json: $.accounts[0].traced.B: must be a decimal string such as "300.00"',
      `CB_E_UNKNOWN_VICTIM trace.json: $.accounts[0].traced["Wang Fang"]: "Wang Fang": victim not among the trace's victims ($.victims)`,
      'CB_E_BAD_DOCUMENT trace.json: $.accounts[1].account: "M1": account listed twice (first at $.accounts[0])',
      'CB_E_BAD_DOCUMENT trace.json: $.accounts[2].account: expected a non-empty string',
    ]);
  });

  it('checks the document shape and the currency', () => {
    expect(problems([])).toEqual([
      'CB_E_BAD_DOCUMENT trace.json: $: expected the JSON object printed by clawback trace --format json',
    ]);
    expect(problems(trace({ currency: 'XYZ' }))).toEqual([
      'CB_E_UNKNOWN_CURRENCY trace.json: $.currency: "XYZ": unknown ISO 4217 currency',
    ]);
    expect(problems(trace({ currency: undefined }))[0]).toMatch(/\$\.currency: missing/);
    expect(problems(trace({ accounts: {} }))).toEqual([
      'CB_E_BAD_DOCUMENT trace.json: $.accounts: missing: expected an array of accounts',
    ]);
    expect(
      problems(trace({ currency: 'JPY', victims: [{ victim: 'A', loss: '10.5' }], accounts: [] })),
    ).toEqual([
      'CB_E_TOO_MANY_DECIMALS trace.json: $.victims[0].loss: amount "10.5": JPY has 0 decimal places',
    ]);
  });

  it('writes paths a reader can paste into jq', () => {
    expect(pathOf('$', 'a')).toBe('$.a');
    expect(pathOf('$.a', 3)).toBe('$.a[3]');
    expect(pathOf('$.t', '王 芳')).toBe('$.t["王 芳"]');
    expect(pathOf('$.t', '1x')).toBe('$.t["1x"]');
  });
});
