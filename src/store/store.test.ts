import { afterAll, describe, expect, it } from 'vitest';
import { type Db, migrate, openDb, splitStatements } from './index.js';
import { MIGRATIONS } from './schema.js';
import { freshPostgres, postgresReachable } from './test-support/targets.js';

const hasPg = await postgresReachable();

describe.each([
  ['pglite', false],
  ['postgres', true],
] as const)('store on %s', (name, needsPg) => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });
  async function open(): Promise<Db> {
    if (!needsPg) return openDb({ kind: 'pglite', dataDir: undefined });
    const fresh = await freshPostgres();
    const db = await openDb(fresh.target);
    cleanups.push(fresh.drop, () => db.close());
    return db;
  }
  it.skipIf(needsPg && !hasPg)(
    `${name}: migrations run once, a second run applies nothing`,
    async () => {
      const db = await open();
      expect(await migrate(db)).toEqual(MIGRATIONS.map((m) => m.version));
      expect(await migrate(db)).toEqual([]);
      const tables = await db.query<{ t: string }>(
        "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
      );
      expect(tables.map((r) => r.t)).toContain('transfers');
      if (!needsPg) await db.close();
    },
  );
  it.skipIf(needsPg && !hasPg)(`${name}: the audit table refuses updates and deletes`, async () => {
    const db = await open();
    await migrate(db);
    await db.query("INSERT INTO audit VALUES (1, 'now', 'a', 'x', 's', '{}', '0', 'h')");
    await expect(db.query("UPDATE audit SET actor = 'b'")).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM audit')).rejects.toThrow(/append-only/);
    await expect(
      db.transaction(async (tx) => {
        await tx.query("INSERT INTO audit VALUES (2, 'now', 'a', 'x', 's', '{}', 'h', 'h2')");
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await db.query('SELECT seq FROM audit')).toHaveLength(1);
    const csv = (await db.copyCsv('SELECT seq, actor FROM audit ORDER BY seq')).toString();
    expect(csv).toBe('seq,actor\n1,a\n');
    if (!needsPg) await db.close();
  });
  it.skipIf(needsPg && !hasPg)(
    `${name}: a large COPY out leaves every pooled connection usable`,
    async () => {
      const db = await open();
      // Megabytes of CSV: the driver's stream fills up and pauses the socket mid-copy.
      const big = 'SELECT g, repeat(md5(g::text), 4) FROM generate_series(1, 200000) g';
      for (let i = 0; i < 3; i++) {
        const csv = await db.copyCsv(big);
        expect(csv.length).toBeGreaterThan(200000 * 128);
        const rows = await Promise.all(
          Array.from({ length: 12 }, (_, k) => db.query<{ k: number }>('SELECT $1::int AS k', [k])),
        );
        expect(rows.map((r) => r[0]?.k)).toEqual(Array.from({ length: 12 }, (_, k) => k));
      }
      if (!needsPg) await db.close();
    },
    60_000,
  );
});

describe('splitStatements', () => {
  it('keeps $$ bodies whole', () => {
    const parts = splitStatements(
      'CREATE TABLE a (x int);\nCREATE FUNCTION f() AS $$\nBEGIN\n  x;\nEND $$;\n-- c\n',
    );
    expect(parts).toHaveLength(2);
    expect(parts[1]).toContain('END $$;');
  });
});
