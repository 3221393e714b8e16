// Databases for tests: PGlite always; a fresh PostgreSQL database per call when a server is
// reachable. In CI (CI=true) an unreachable PostgreSQL is a failure, elsewhere a skip.
import postgres from 'postgres';
import type { DbTarget } from '../db.js';

const ADMIN_URL =
  process.env.CLAWBACK_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/postgres';

let reachable: Promise<boolean> | undefined;

export function postgresReachable(): Promise<boolean> {
  reachable ??= (async () => {
    const sql = postgres(ADMIN_URL, { max: 1, connect_timeout: 2, onnotice: () => {} });
    try {
      await sql`select 1`;
      return true;
    } catch {
      if (process.env.CI === 'true')
        throw new Error(`CI=true but PostgreSQL is not reachable at ${ADMIN_URL}`);
      console.warn(`PostgreSQL not reachable at ${ADMIN_URL}: its tests are skipped`);
      return false;
    } finally {
      await sql.end({ timeout: 1 });
    }
  })();
  return reachable;
}

/** Creates an empty database; `drop` removes it. */
export async function freshPostgres(): Promise<{ target: DbTarget; drop: () => Promise<void> }> {
  const name = `clawback_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    target: { kind: 'postgres', url: url.toString(), max: 4 },
    drop: async () => {
      const a = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
      await a.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

/** The targets a contract suite runs against: PGlite, plus PostgreSQL when reachable. */
export async function storeTargets(): Promise<Array<'pglite' | 'postgres'>> {
  return (await postgresReachable()) ? ['pglite', 'postgres'] : ['pglite'];
}

/** Opens a migrated, empty database of `kind`; `close` also drops a PostgreSQL one. */
export async function openTestDb(
  kind: 'pglite' | 'postgres',
): Promise<{ db: import('../db.js').Db; close: () => Promise<void> }> {
  const { openDb } = await import('../open.js');
  const { migrate } = await import('../migrate.js');
  if (kind === 'pglite') {
    const db = await openDb({ kind: 'pglite', dataDir: undefined });
    await migrate(db);
    return { db, close: () => db.close() };
  }
  const fresh = await freshPostgres();
  const db = await openDb(fresh.target);
  await migrate(db);
  return {
    db,
    close: async () => {
      await db.close();
      await fresh.drop();
    },
  };
}
