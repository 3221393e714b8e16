// One process at a time in a PGlite data directory: PGlite has no locking of its own, and two
// processes writing one directory corrupt it. The lock is a file holding the owner's pid.
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ClawbackError } from '../errors/index.js';
import type { Db, DbTarget } from './db.js';
import { openDb } from './open.js';

export const LOCK_FILE = 'clawback.lock';

export interface DataDirLock {
  readonly path: string;
  /** Removes the lock file; safe to call twice. */
  release(): void;
}

/**
 * Takes `<dir>/clawback.lock` or throws CB_E_DATA_LOCKED naming the process holding it.
 * A lock left by a process that is gone (crash, kill -9) is taken over. Two processes taking
 * over the same stale lock at the same instant could both succeed; that needs a crash and a
 * double start within microseconds, and is accepted.
 */
export function lockDataDir(dir: string): DataDirLock {
  const path = join(dir, LOCK_FILE);
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      let held = true;
      return {
        path,
        release() {
          if (!held) return;
          held = false;
          rmSync(path, { force: true });
        },
      };
    } catch (e) {
      if (!isCode(e, 'EEXIST')) throw e;
      const pid = holder(path);
      if (pid !== undefined && alive(pid)) {
        throw new ClawbackError('CB_E_DATA_LOCKED', { dir, pid });
      }
      if (attempt > 0) throw new ClawbackError('CB_E_DATA_LOCKED', { dir, pid: pid ?? 'unknown' });
      rmSync(path, { force: true }); // stale: its process is gone
    }
  }
}

/**
 * Opens a target; for a PGlite directory, under its lock (released by close()). Use this
 * rather than openDb wherever a data directory may be shared with a running server.
 */
export async function openDbLocked(target: DbTarget): Promise<Db> {
  if (target.kind !== 'pglite' || target.dataDir === undefined) return openDb(target);
  mkdirSync(target.dataDir, { recursive: true });
  const lock = lockDataDir(target.dataDir);
  let db: Db;
  try {
    db = await openDb(target);
  } catch (e) {
    lock.release();
    throw e;
  }
  return {
    ...db,
    async close() {
      try {
        await db.close();
      } finally {
        lock.release();
      }
    },
  };
}

function holder(path: string): number | undefined {
  try {
    const pid = Number(readFileSync(path, 'utf8').trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0: only asks whether the process exists
    return true;
  } catch (e) {
    return isCode(e, 'EPERM'); // exists, owned by someone else
  }
}

function isCode(e: unknown, code: string): boolean {
  return e instanceof Error && 'code' in e && e.code === code;
}
