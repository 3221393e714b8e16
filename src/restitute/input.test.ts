import { describe, expect, it } from 'vitest';
import { ErrorCollector, InputRejected } from '../errors/index.js';
import { knownCurrency } from '../money/index.js';
import { claimsFromRows, frozenFromRows } from './input.js';

const CNY = { currency: knownCurrency('CNY'), from: '--currency' };
const rows = (...rs: Record<string, string>[]) => rs.map((values, i) => ({ line: i + 2, values }));

function rejected(f: (c: ErrorCollector) => unknown): string[] {
  const c = new ErrorCollector();
  f(c);
  try {
    c.throwIfAny();
    return [];
  } catch (e) {
    if (e instanceof InputRejected) return e.errors.map((x) => `${x.code} ${x.message}`);
    throw e;
  }
}

describe('claims rows', () => {
  it('become claims in minor units, with recovered 0 by default and other columns kept', () => {
    const c = new ErrorCollector();
    const r = claimsFromRows(
      rows(
        { victim: 'A', loss: '1000', recovered: '1500.5', phone: '138' },
        { victim: 'B', loss: '0.01', recovered: '', phone: '' },
      ),
      'claims.csv',
      CNY,
      c,
    );
    expect(c.count).toBe(0);
    expect(r.claims).toEqual([
      { victim: 'A', loss: 100000, recovered: 150050 },
      { victim: 'B', loss: 1, recovered: 0 },
    ]);
    expect(r.extraColumns).toEqual(['phone']);
    expect(r.extra).toEqual([{ phone: '138' }, { phone: '' }]);
    expect([...r.index]).toEqual([
      ['A', 0],
      ['B', 1],
    ]);
  });

  it('are rejected with file:line, column, value and reason, all of them together', () => {
    const problems = rejected((c) =>
      claimsFromRows(
        rows(
          { victim: 'A', loss: '12.345' },
          { victim: '', loss: '1' },
          { victim: 'B', loss: '-3' },
          { victim: 'C', loss: '0' },
          { victim: 'D', loss: '1', recovered: '-1' },
          { victim: 'E', loss: '1,5' },
          { victim: 'A', loss: '1' },
          { victim: 'F', loss: '1', currency: 'USD' },
          { victim: 'G', loss: '' },
        ),
        'claims.csv',
        CNY,
        c,
      ),
    );
    expect(problems).toEqual([
      'CB_E_TOO_MANY_DECIMALS claims.csv:2: loss "12.345": CNY has 2 decimal places',
      'CB_E_EMPTY_FIELD claims.csv:3: victim: must not be empty',
      'CB_E_NONPOSITIVE_AMOUNT claims.csv:4: loss "-3": amount must be positive',
      'CB_E_NONPOSITIVE_AMOUNT claims.csv:5: loss "0": amount must be positive',
      'CB_E_NEGATIVE_AMOUNT claims.csv:6: recovered "-1": must not be negative',
      'CB_E_BAD_AMOUNT claims.csv:7: loss "1,5": not a decimal number (digits, optional "." and decimals)',
      'CB_E_DUPLICATE_VICTIM claims.csv:8: victim "A": victim listed twice (first at line 2)',
      'CB_E_CURRENCY_MISMATCH claims.csv:9: currency "USD": currency differs from CNY (--currency): one restitution, one currency',
      'CB_E_EMPTY_FIELD claims.csv:10: loss: must not be empty',
    ]);
  });
});

describe('frozen rows', () => {
  it('accept zero, reject negative amounts and accounts listed twice', () => {
    const c = new ErrorCollector();
    const ok = frozenFromRows(
      rows({ account: 'M1', amount: '0' }, { account: 'M2', amount: '10' }),
      'frozen.csv',
      CNY,
      c,
    );
    expect(ok).toEqual([
      { account: 'M1', amount: 0, line: 2 },
      { account: 'M2', amount: 1000, line: 3 },
    ]);
    expect(
      rejected((c2) =>
        frozenFromRows(
          rows(
            { account: 'M1', amount: '-1' },
            { account: 'M1', amount: '1' },
            { account: 'M3', amount: 'x' },
          ),
          'frozen.csv',
          CNY,
          c2,
        ),
      ),
    ).toEqual([
      'CB_E_NEGATIVE_AMOUNT frozen.csv:2: amount "-1": must not be negative',
      'CB_E_DUPLICATE_ACCOUNT frozen.csv:3: account "M1": account listed twice (first at line 2)',
      'CB_E_BAD_AMOUNT frozen.csv:4: amount "x": not a decimal number (digits, optional "." and decimals)',
    ]);
  });
});
