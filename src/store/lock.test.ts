import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ClawbackError } from '../errors/index.js';
import { tempDir } from '../test-support/temp-dirs.js';
import { LOCK_FILE, lockDataDir, openDbLocked } from './lock.js';

const fresh = () => tempDir('cb-lock-');

/** A pid that belonged to a process that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(r.stdout.toString());
}

describe('lockDataDir', () => {
  it('writes our pid, refuses a second holder, and can be taken again after release', () => {
    const dir = fresh();
    const lock = lockDataDir(dir);
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe(`${process.pid}\n`);
    let err: unknown;
    try {
      lockDataDir(dir);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ClawbackError);
    expect((err as ClawbackError).code).toBe('CB_E_DATA_LOCKED');
    expect((err as ClawbackError).message).toMatch(
      new RegExp(`in use by process ${process.pid}.*stop the server first, or use the admin API`),
    );
    lock.release();
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    lockDataDir(dir).release();
  });

  it('takes over a lock left by a process that is gone', () => {
    const dir = fresh();
    writeFileSync(join(dir, LOCK_FILE), `${deadPid()}\n`);
    const lock = lockDataDir(dir);
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe(`${process.pid}\n`);
    lock.release();
  });
});

describe('openDbLocked', () => {
  it('holds the lock while a PGlite directory is open and releases it on close', async () => {
    const dir = join(fresh(), 'data');
    const db = await openDbLocked({ kind: 'pglite', dataDir: dir });
    await expect(openDbLocked({ kind: 'pglite', dataDir: dir })).rejects.toThrow(/in use by/);
    expect(await db.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    await db.close();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    const again = await openDbLocked({ kind: 'pglite', dataDir: dir });
    await again.close();
  });
});
