// Stored trace documents on PGlite and PostgreSQL: written in parts inside the trace's
// transaction (all or nothing), read back byte for byte, documents stored whole by older
// versions moved into parts by the migration, and traced_first reading a many-part document.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCollector } from '../errors/index.js';
import { resolveTraced, tracedFirst, traceFromJson } from '../restitute/index.js';
import { type Db, MIGRATIONS, migrate, openDb } from '../store/index.js';
import { freshPostgres, storeTargets } from '../store/test-support/targets.js';
import type { Audit } from './audit-port.js';
import { createReturn } from './returns.js';
import { findTrace, traceCase } from './trace.js';
import { PART_BYTES, readDocument, writeDocument } from './trace-document.js';

const viewer = { tokenId: 'tok', role: 'authority', unit: 'U1' } as const;
const noAudit: Audit = async () => {};

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const c of chunks) parts.push(c);
  return Buffer.concat(parts);
}

/** A migrated (up to `upto` migrations) empty database; closed and dropped after the suite. */
async function open(kind: 'pglite' | 'postgres', upto = MIGRATIONS.length) {
  let db: Db;
  let drop = async () => {};
  if (kind === 'pglite') db = await openDb({ kind: 'pglite', dataDir: undefined });
  else {
    const fresh = await freshPostgres();
    db = await openDb(fresh.target);
    drop = fresh.drop;
  }
  await migrate(db, MIGRATIONS.slice(0, upto));
  await db.query(
    "INSERT INTO tokens (id, name, role, unit, token_hash) VALUES ('tok', 'police', 'authority', 'U1', 'h')",
  );
  await db.query(
    "INSERT INTO cases (id, title, unit, created_by) VALUES ('case_1', 'test', 'U1', 'tok')",
  );
  return {
    db,
    close: async () => {
      await db.close();
      await drop();
    },
  };
}

/**
 * A case whose document takes several parts: `victims` victims lose 100.00 each to M0, and
 * the money moves on M0 -> M1 -> ... -> M`hops`, each account keeping 1.00 of every
 * victim's money (under pro_rata every account holds every victim).
 */
async function bigCase(db: Db, victims: number, hops: number): Promise<void> {
  await db.query(
    `INSERT INTO transfers (id, ts, ts_ms, from_account, to_account, amount, currency, source)
     SELECT 'L' || g, '2026-03-01T00:00:00Z', 1772323200000 + g, 'P' || g, 'M0', 10000, 'CNY', 'test'
       FROM generate_series(1, $1::int) g`,
    [victims],
  );
  await db.query(
    `INSERT INTO transfers (id, ts, ts_ms, from_account, to_account, amount, currency, source)
     SELECT 'H' || g, '2026-03-02T00:00:00Z', 1772409600000 + g, 'M' || (g - 1), 'M' || g,
            $1::bigint * (10000 - 100 * g), 'CNY', 'test'
       FROM generate_series(1, $2::int) g`,
    [victims, hops],
  );
  await db.query(
    "INSERT INTO losses (case_id, transfer_id, victim) SELECT 'case_1', 'L' || g, 'Victim ' || g FROM generate_series(1, $1::int) g",
    [victims],
  );
}

describe.each(await storeTargets())('stored trace documents on %s', (kind) => {
  const closers: (() => Promise<void>)[] = [];
  let db: Db;
  beforeAll(async () => {
    const o = await open(kind);
    db = o.db;
    closers.push(o.close);
    await bigCase(db, 2500, 30);
  }, 60_000);
  afterAll(async () => {
    for (const c of closers.reverse()) await c();
  });

  async function traceRow(id: string): Promise<void> {
    await db.query(
      `INSERT INTO traces (id, case_id, rule, currency, transfers_seen, transfers_upto,
                           losses_digest, accounts_digest, created_by)
       VALUES ($1, 'case_1', 'fifo', 'CNY', 0, 0, '', '', 'tok')`,
      [id],
    );
  }

  it('writes any chunks as parts of a fixed size and reads the same bytes back', async () => {
    const text = Buffer.from('{"王芳":"1.00","a":"b"}'.repeat(5));
    const cuts = [
      [text],
      [text.subarray(0, 3), text.subarray(3, 4), text.subarray(4)],
      Array.from(text, (b) => Uint8Array.of(b)),
      [],
    ];
    for (const [k, chunks] of cuts.entries()) {
      const id = `trace_parts_${k}`;
      await traceRow(id);
      const size = await db.transaction((tx) => writeDocument(tx, id, chunks, 16));
      const want = Buffer.concat(chunks);
      expect(size).toBe(want.length);
      const parts = await db.query<{ n: number }>(
        'SELECT octet_length(bytes) AS n FROM trace_parts WHERE trace_id = $1 ORDER BY seq',
        [id],
      );
      expect(parts.map((p) => Number(p.n))).toEqual(
        want.length === 0
          ? [0]
          : Array.from({ length: Math.ceil(want.length / 16) }, (_, i) =>
              Math.min(16, want.length - 16 * i),
            ),
      );
      expect(await collect(readDocument(db, id, size))).toEqual(want);
    }
  });

  it('says so when a stored part is missing or the size is wrong', async () => {
    await traceRow('trace_gap');
    const bytes = Buffer.alloc(100, 97);
    await db.transaction((tx) => writeDocument(tx, 'trace_gap', [bytes], 10));
    await expect(collect(readDocument(db, 'trace_gap', 99))).rejects.toThrow(
      /stored parts hold 100 bytes, the trace row says 99/,
    );
    await db.query("DELETE FROM trace_parts WHERE trace_id = 'trace_gap' AND seq = 5");
    await expect(collect(readDocument(db, 'trace_gap', 100))).rejects.toThrow(
      /trace trace_gap: stored part 5 is missing/,
    );
  });

  it('stores the document in the trace transaction: a failure leaves nothing behind', async () => {
    const counts = async () =>
      (
        await db.query(
          'SELECT (SELECT count(*) FROM traces) AS traces, (SELECT count(*) FROM trace_parts) AS parts',
        )
      ).map((r) => [Number(r.traces), Number(r.parts)]);
    const before = await counts();
    const failing: Audit = async () => {
      throw new Error('audit store down');
    };
    await expect(traceCase(db, failing, viewer, 'case_1', { rule: 'pro_rata' })).rejects.toThrow(
      'audit store down',
    );
    expect(await counts()).toEqual(before);
  });

  it('serves a document of several parts, and traced_first reads it as a stream', async () => {
    // 2,500 victims in each of 31 accounts: about 1.5 MB of traced amounts.
    const t = await traceCase(db, noAudit, viewer, 'case_1', { rule: 'pro_rata' });
    expect(t.bytes).toBeGreaterThan(PART_BYTES);
    const found = await findTrace(db, viewer, 'case_1', t.id);
    expect(found.bytes).toBe(t.bytes);
    const doc = await collect(found.document());
    expect(doc.length).toBe(t.bytes);
    const parsed = JSON.parse(doc.toString('utf8'));
    expect(JSON.stringify(parsed)).toBe(doc.toString('utf8')); // JSON.stringify's form
    expect(parsed).toMatchObject({ id: t.id, case_id: 'case_1', rule: 'pro_rata' });
    const parts = await db.query('SELECT count(*) AS n FROM trace_parts WHERE trace_id = $1', [
      t.id,
    ]);
    expect(Number(parts[0]?.n)).toBe(Math.ceil(t.bytes / PART_BYTES));

    const frozen = [{ account: 'M30', amount: 1_234_567 }];
    const r = await createReturn(db, noAudit, viewer, 'case_1', {
      method: 'traced_first',
      frozen,
      traceId: t.id,
    });
    // The same as reading the whole document at once.
    const c = new ErrorCollector();
    const input = traceFromJson(parsed, 'x', c);
    expect(c.count).toBe(0);
    const claims = (input?.victims ?? []).map((v) => ({
      victim: v.victim,
      loss: v.loss,
      recovered: 0,
    }));
    const accounts = frozen.map((f) => ({
      account: f.account,
      frozen: f.amount,
      traced: input?.accounts.get(f.account),
    }));
    expect(accounts[0]?.traced).toHaveLength(2500);
    const want = tracedFirst(claims, resolveTraced(claims, accounts));
    const got = r.result as { allocations: { victim: string; amount: string }[] };
    expect(new Map(got.allocations.map((a) => [a.victim, a.amount]))).toEqual(
      new Map(claims.map((cl, i) => [cl.victim, ((want.amounts[i] ?? 0) / 100).toFixed(2)])),
    );
    expect(want.amounts.reduce((s, x) => s + x, 0)).toBe(1_234_567);
  });
});

describe.each(await storeTargets())('documents stored whole before trace_parts, on %s', (kind) => {
  it('are moved into parts by the migration, byte for byte, and an inline one is still served', async () => {
    const { db, close } = await open(kind, 3);
    try {
      // Over one part, with characters of 2, 3 and 4 bytes; and a small one.
      const big = `{"id":"trace_old","note":"${'é王😀x'.repeat(120_000)}"}`;
      for (const [id, document] of [
        ['trace_old', big],
        ['trace_small', '{"id":"trace_small","王":"芳"}'],
      ] as const)
        await db.query(
          `INSERT INTO traces (id, case_id, rule, currency, transfers_seen, transfers_upto,
                               losses_digest, accounts_digest, document, created_by)
           VALUES ($1, 'case_1', 'fifo', 'CNY', 0, 0, '', '', $2, 'tok')`,
          [id, document],
        );
      expect(await migrate(db)).toEqual([4]);
      const rows = await db.query('SELECT id, document, document_bytes FROM traces ORDER BY id');
      expect(rows.map((r) => [r.id, r.document, Number(r.document_bytes)])).toEqual([
        ['trace_old', null, Buffer.byteLength(big)],
        ['trace_small', null, Buffer.byteLength('{"id":"trace_small","王":"芳"}')],
      ]);
      const old = await findTrace(db, viewer, 'case_1', 'trace_old');
      expect(old.bytes).toBe(Buffer.byteLength(big));
      expect((await collect(old.document())).toString('utf8')).toBe(big);
      const parts = await db.query(
        "SELECT count(*) AS n FROM trace_parts WHERE trace_id = 'trace_old'",
      );
      expect(Number(parts[0]?.n)).toBe(Math.ceil(Buffer.byteLength(big) / PART_BYTES));

      // A process of the version before writes a document whole while a new one runs.
      const inline = '{"id":"trace_inline","victim":"王芳"}';
      await db.query(
        `INSERT INTO traces (id, case_id, rule, currency, transfers_seen, transfers_upto,
                             losses_digest, accounts_digest, document, created_by)
         VALUES ('trace_inline', 'case_1', 'fifo', 'CNY', 0, 0, '', '', $1, 'tok')`,
        [inline],
      );
      const t = await findTrace(db, viewer, 'case_1', 'trace_inline');
      expect(t.bytes).toBe(Buffer.byteLength(inline));
      expect((await collect(t.document())).toString('utf8')).toBe(inline);
    } finally {
      await close();
    }
  }, 60_000);
});
