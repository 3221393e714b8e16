import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../store/index.js';
import { openTestDb, storeTargets } from '../store/test-support/targets.js';
import { GENESIS_HASH } from './chain.js';
import { appendAudit, listAudit, readHead, verifyAudit } from './log.js';

/** Tampering as an attacker with full table access would: triggers off, change, triggers on. */
async function tamper(db: Db, sql: string, params: unknown[] = []): Promise<void> {
  await db.exec('ALTER TABLE audit DISABLE TRIGGER USER');
  await db.exec('ALTER TABLE audit_head DISABLE TRIGGER USER');
  try {
    await db.query(sql, params);
  } finally {
    await db.exec('ALTER TABLE audit ENABLE TRIGGER USER');
    await db.exec('ALTER TABLE audit_head ENABLE TRIGGER USER');
  }
}

async function reset(db: Db): Promise<void> {
  await tamper(db, 'DELETE FROM audit');
  await tamper(db, 'DELETE FROM audit_head');
  await db.query('INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, $1)', [GENESIS_HASH]);
}

async function append(db: Db, n: number, subject = (i: number) => `case:${i % 3}`) {
  for (let i = 1; i <= n; i++)
    await db.transaction((tx) =>
      appendAudit(
        tx,
        { actor: 'tok_1', action: `act.${i}`, subject: subject(i), detail: { i, z: 'é', a: [i] } },
        1_700_000_000_000 + i,
      ),
    );
}

const targets = await storeTargets();

describe.each(targets)('audit log on %s', (kind) => {
  let db: Db;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ db, close } = await openTestDb(kind));
  });
  afterAll(() => close());

  it('an empty log is intact, with the genesis head', async () => {
    await reset(db);
    expect(await verifyAudit(db)).toEqual({
      ok: true,
      entries: 0,
      head: { seq: 0, hash: GENESIS_HASH },
    });
  });

  it('appends a chain that verifies across pages, and keeps detail as canonical JSON', async () => {
    await reset(db);
    await append(db, 7);
    const v = await verifyAudit(db, { pageSize: 3 });
    expect(v).toMatchObject({ ok: true, entries: 7 });
    expect(v.ok && v.head).toEqual(await readHead(db));
    const [first] = await db.query('SELECT detail, prev_hash, at FROM audit WHERE seq = 1');
    expect(first).toEqual({
      detail: '{"a":[1],"i":1,"z":"é"}',
      prev_hash: GENESIS_HASH,
      at: '2023-11-14T22:13:20.001Z',
    });
  });

  it('an entry rolls back with the transaction it belongs to', async () => {
    await reset(db);
    await append(db, 2);
    await expect(
      db.transaction(async (tx) => {
        await appendAudit(tx, { actor: 'a', action: 'x', subject: 's', detail: {} });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await verifyAudit(db)).toMatchObject({ ok: true, entries: 2 });
    await append(db, 1);
    expect(await verifyAudit(db)).toMatchObject({ ok: true, entries: 3 });
  });

  it('names an edited entry, a deleted one, and a deleted tail', async () => {
    await reset(db);
    await append(db, 6);
    await tamper(db, `UPDATE audit SET detail = '{"i":99}' WHERE seq = 4`);
    expect(await verifyAudit(db, { pageSize: 2 })).toMatchObject({
      ok: false,
      seq: 4,
      action: 'act.4',
      problem: 'edited',
    });

    await reset(db);
    await append(db, 6);
    await tamper(db, 'DELETE FROM audit WHERE seq = 3');
    expect(await verifyAudit(db)).toMatchObject({ ok: false, seq: 3, problem: 'missing' });

    await reset(db);
    await append(db, 6);
    await tamper(db, 'DELETE FROM audit WHERE seq >= 5');
    const v = await verifyAudit(db);
    expect(v).toMatchObject({ ok: false, seq: 5, problem: 'head' });
    expect(!v.ok && v.reason).toMatch(/entries 5 to 6 are missing/);

    // an append after the tail was cut leaves a gap where the deleted entries were
    await append(db, 1);
    expect(await verifyAudit(db)).toMatchObject({ ok: false, seq: 5, problem: 'missing' });
  });

  it('the head record only moves forward one entry at a time', async () => {
    await reset(db);
    await append(db, 2);
    await expect(db.query('UPDATE audit_head SET seq = 1')).rejects.toThrow(/only moves forward/);
    await expect(db.query('DELETE FROM audit_head')).rejects.toThrow(/only moves forward/);
    await tamper(db, 'DELETE FROM audit_head');
    expect(await verifyAudit(db)).toMatchObject({ ok: false, problem: 'head' });
    await expect(
      db.transaction((tx) =>
        appendAudit(tx, { actor: 'a', action: 'x', subject: 's', detail: {} }),
      ),
    ).rejects.toThrow(/head record is missing/);
  });

  it('concurrent appenders get consecutive seqs and one chain', async () => {
    await reset(db);
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        db.transaction((tx) =>
          appendAudit(tx, { actor: `a${i}`, action: 'x', subject: 's', detail: { i } }),
        ),
      ),
    );
    expect(await verifyAudit(db)).toMatchObject({ ok: true, entries: 12 });
  });

  it('lists pages in seq order, by subject when asked', async () => {
    await reset(db);
    await append(db, 7);
    const page = await listAudit(db, { after: 2, limit: 3 });
    expect(page.map((e) => e.seq)).toEqual([3, 4, 5]);
    expect(page[0]?.detail).toEqual({ a: [3], i: 3, z: 'é' });
    const mine = await listAudit(db, { subject: 'case:1' });
    expect(mine.map((e) => e.seq)).toEqual([1, 4, 7]);
    expect(await listAudit(db, { subject: 'case:1', after: 4, limit: 0 })).toHaveLength(1);
  });
});

describe('audit log on pglite, any single edit or deletion', () => {
  let db: Db;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ db, close } = await openTestDb('pglite'));
  });
  afterAll(() => close());

  it('is named at its seq', async () => {
    const columns = ['at', 'actor', 'action', 'subject', 'detail', 'prev_hash', 'hash'] as const;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 12 }),
        fc.nat(),
        fc.option(fc.constantFrom(...columns), { nil: undefined }),
        fc.integer({ min: 1, max: 5 }),
        async (n, at, column, pageSize) => {
          await reset(db);
          await append(db, n);
          const k = (at % n) + 1;
          if (column === undefined) await tamper(db, 'DELETE FROM audit WHERE seq = $1', [k]);
          else
            await tamper(db, `UPDATE audit SET ${column} = ${column} || 'x' WHERE seq = $1`, [k]);
          expect(await verifyAudit(db, { pageSize })).toMatchObject({ ok: false, seq: k });
        },
      ),
      { numRuns: 40 },
    );
  });
});
