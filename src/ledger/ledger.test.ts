import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { knownCurrency } from '../money/index.js';
import type { Db } from '../store/index.js';
import { openTestDb, postgresReachable } from '../store/test-support/targets.js';
import {
  checkAccount,
  checkTransfer,
  insertTransfers,
  type LedgerTransfer,
  upsertAccounts,
} from './index.js';

const CNY = knownCurrency('CNY');
const good = { id: 't1', ts: '2026-03-01T10:00:00+08:00', from: 'A', to: 'B', amount: '12.50' };

function valid(v: unknown): LedgerTransfer {
  const r = checkTransfer(v, CNY);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value;
}

describe('checkTransfer', () => {
  it('turns a good record into minor units and canonical UTC time', () => {
    expect(valid(good)).toMatchObject({
      amount: 1250,
      ts: '2026-03-01T02:00:00.000Z',
      currency: 'CNY',
    });
    expect(valid({ ...good, amount: 7.1, currency: 'USD' }).amount).toBe(710);
  });
  it('names every bad field with a JSON pointer, together', () => {
    const r = checkTransfer(
      { id: '', ts: 'yesterday', from: 'A', to: 'A', amount: '1.234', extra: 1 },
      CNY,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => `${p.pointer} ${p.code}`).sort()).toEqual([
      '/amount CB_E_TOO_MANY_DECIMALS',
      '/extra CB_E_UNKNOWN_FIELD',
      '/id CB_E_EMPTY_FIELD',
      '/to CB_E_SELF_TRANSFER',
      '/ts CB_E_BAD_TIMESTAMP',
    ]);
  });
  it('rejects zero, negative, non-objects, wrong types and unknown currencies', () => {
    for (const [bad, code] of [
      [{ ...good, amount: '0' }, 'CB_E_NONPOSITIVE_AMOUNT'],
      [{ ...good, amount: '-3' }, 'CB_E_NONPOSITIVE_AMOUNT'],
      [{ ...good, amount: true }, 'CB_E_BAD_TYPE'],
      [{ ...good, currency: 'XYZ' }, 'CB_E_UNKNOWN_CURRENCY'],
      [{ ...good, from: 5 }, 'CB_E_BAD_TYPE'],
      [[good], 'CB_E_BAD_TYPE'],
    ] as const) {
      const r = checkTransfer(bad, CNY);
      expect(r.ok ? 'ok' : r.problems[0]?.code).toBe(code);
    }
  });
  it('checks accounts: kind, opening balance may be zero, not negative', () => {
    expect(checkAccount({ account: 'X', kind: 'cash', opening_balance: '0' }, CNY).ok).toBe(true);
    const r = checkAccount({ account: 'X', kind: 'boat', opening_balance: '-1' }, CNY);
    expect(r.ok ? [] : r.problems.map((p) => p.code).sort()).toEqual([
      'CB_E_BAD_KIND',
      'CB_E_NEGATIVE_AMOUNT',
    ]);
  });
});

const hasPg = await postgresReachable();
describe.each(['pglite', 'postgres'] as const)('ledger store on %s', (kind) => {
  let db: Db;
  let close: () => Promise<void>;
  const skip = kind === 'postgres' && !hasPg;
  beforeAll(async () => {
    if (skip) return;
    ({ db, close } = await openTestDb(kind));
  });
  afterAll(async () => {
    if (!skip) await close();
  });
  it.skipIf(skip)(
    'stores once: replays are accepted, changed content under a stored id is a conflict',
    async () => {
      const a = valid(good);
      const b = valid({ ...good, id: 't2', amount: '3' });
      const first = await db.transaction((tx) => insertTransfers(tx, [a, b, a], 'http'));
      expect(first.inserted).toBe(2);
      expect(first.replayed).toBe(1);
      const changed = valid({ ...good, amount: '99' });
      const again = await db.transaction((tx) => insertTransfers(tx, [a, changed, b], 'nats'));
      expect(again.inserted).toBe(0);
      expect(again.replayed).toBe(2);
      expect([...again.conflicts]).toEqual([[1, 'amount']]);
      const rows = await db.query<{ n: unknown }>('SELECT count(*) AS n FROM transfers');
      expect(Number(rows[0]?.n)).toBe(2);
    },
  );
  it.skipIf(skip)('upserts accounts, latest wins', async () => {
    const acc = (v: unknown) => {
      const r = checkAccount(v, CNY);
      if (!r.ok) throw new Error('bad');
      return r.value;
    };
    await upsertAccounts(db, [
      acc({ account: 'M1', institution: 'ICBC' }),
      acc({ account: 'M1', institution: 'BOC', opening_balance: '5' }),
    ]);
    const rows = await db.query<{ institution: string; opening_balance: unknown }>(
      'SELECT institution, opening_balance FROM accounts',
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.institution).toBe('BOC');
    expect(Number(rows[0]?.opening_balance)).toBe(500);
  });
});
