// Storage: one SQL interface over embedded PGlite or PostgreSQL, with versioned migrations.
export type { Db, DbTarget, Queryable, Row } from './db.js';
export { type DataDirLock, LOCK_FILE, lockDataDir, openDbLocked } from './lock.js';
export { migrate, splitStatements } from './migrate.js';
export { openDb } from './open.js';
export { MIGRATIONS, type Migration } from './schema.js';
export { asBytes, asInt, asOptionalText, asText } from './values.js';
