// Runs the migrations a database has not run yet, each in its own transaction, under a lock
// so two processes starting together on one PostgreSQL do not race.
import type { Db } from './db.js';
import { MIGRATIONS, type Migration } from './schema.js';

const LOCK_KEY = 7_216_911; // any constant: the advisory lock that serialises migrations

/** Brings the schema up to date; returns the versions it applied (empty on a second start). */
export async function migrate(
  db: Db,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<number[]> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY, name text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now())`);
  const applied: number[] = [];
  for (const m of migrations) {
    const done = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
      const seen = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [
        m.version,
      ]);
      if (seen.length > 0) return false;
      for (const statement of splitStatements(m.sql)) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        m.version,
        m.name,
      ]);
      return true;
    });
    if (done) applied.push(m.version);
  }
  return applied;
}

/** Splits on `;` at line ends outside `$$` bodies (our migrations are written that way). */
export function splitStatements(sql: string): string[] {
  const out: string[] = [];
  let current = '';
  let inBody = false;
  for (const line of sql.split('\n')) {
    if ((line.match(/\$\$/g)?.length ?? 0) % 2 === 1) inBody = !inBody;
    current += `${line}\n`;
    if (!inBody && line.trimEnd().endsWith(';')) {
      const s = current.trim();
      if (s.replace(/--.*$/gm, '').trim() !== '') out.push(s);
      current = '';
    }
  }
  if (current.replace(/--.*$/gm, '').trim() !== '') out.push(current.trim());
  return out;
}
