// Opens the database a target names; the drivers are loaded only when used.
import type { Db, DbTarget } from './db.js';

export async function openDb(target: DbTarget): Promise<Db> {
  if (target.kind === 'pglite') {
    const { openPglite } = await import('./pglite.js');
    return openPglite(target.dataDir);
  }
  const { openPostgres } = await import('./postgres.js');
  return openPostgres(target.url, target.max);
}
