import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createToken, type Role } from '../auth/index.js';
import { migrate, openDb } from '../store/index.js';
import { freshPostgres, postgresReachable } from '../store/test-support/targets.js';
import { tempDir } from '../test-support/temp-dirs.js';
import { runCli } from './test-support/run-cli.js';

const hasPg = await postgresReachable();
const fresh = () => join(tempDir('cb-audit-'), 'data');

/** Changes the database behind clawback's back, as someone with table access could. */
async function tamper(data: string, sql: string): Promise<void> {
  const db = await openDb({ kind: 'pglite', dataDir: data });
  try {
    await db.exec(`ALTER TABLE audit DISABLE TRIGGER USER; ALTER TABLE audit_head DISABLE TRIGGER USER;
      ${sql};
      ALTER TABLE audit ENABLE TRIGGER USER; ALTER TABLE audit_head ENABLE TRIGGER USER;`);
  } finally {
    await db.close();
  }
}

/** A data directory with one token (and one audit entry) per role, opened once. */
async function seed(data: string, roles: readonly Role[]): Promise<void> {
  const db = await openDb({ kind: 'pglite', dataDir: data });
  try {
    await migrate(db);
    for (const role of roles) await createToken(db, { role });
  } finally {
    await db.close();
  }
}

describe('clawback audit verify', () => {
  const data = fresh();
  beforeAll(async () => {
    await seed(data, ['admin', 'auditor', 'admin']);
  }, 60_000);

  it('exits 0 with a summary on an untouched log; the head is the last hash', async () => {
    const r = await runCli(['audit', 'verify', '--data', data]);
    expect(r).toMatchObject({ status: 0, stderr: '' });
    expect(r.stdout).toMatch(/^audit log intact: 3 entries, head [0-9a-f]{64}\n$/);
    const db = await openDb({ kind: 'pglite', dataDir: data });
    const [last] = await db.query('SELECT hash FROM audit ORDER BY seq DESC LIMIT 1');
    await db.close();
    expect(r.stdout).toContain(String(last?.hash));
  });

  it('exits 2 naming the entry, its action and why, after an edit', async () => {
    await tamper(data, `UPDATE audit SET detail = '{"role":"auditor"}' WHERE seq = 2`);
    const r = await runCli(['audit', 'verify', '--data', data]);
    expect(r).toMatchObject({ status: 2, stdout: '' });
    expect(r.stderr).toBe(
      'clawback: audit log broken at entry 2 (token.create): its content does not match its hash: the entry was edited\n',
    );
  });

  it('exits 2 naming a deleted last entry', async () => {
    const other = fresh();
    for (let i = 0; i < 2; i++)
      await runCli(['token', 'create', '--role', 'admin', '--data', other]);
    await tamper(other, 'DELETE FROM audit WHERE seq = 2');
    const r = await runCli(['audit', 'verify', '--data', other]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^clawback: audit log broken at entry 2: entry 2 is missing/);
  });

  it('refuses a data directory that does not exist rather than creating one', async () => {
    const r = await runCli(['audit', 'verify', '--data', join(data, 'nope')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no such data directory/);
  });

  it.skipIf(!hasPg)('verifies the PostgreSQL of DATABASE_URL', async () => {
    const pg = await freshPostgres();
    try {
      const env = { DATABASE_URL: pg.target.kind === 'postgres' ? pg.target.url : '' };
      await runCli(['token', 'create', '--role', 'admin'], '', env);
      const r = await runCli(['audit', 'verify'], '', env);
      expect(r.stdout).toMatch(/^audit log intact: 1 entry, head [0-9a-f]{64}\n$/);
    } finally {
      await pg.drop();
    }
  });
});
