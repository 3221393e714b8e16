import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { authenticate } from '../auth/index.js';
import { LOCK_FILE, lockDataDir, openDb } from '../store/index.js';
import { freshPostgres, postgresReachable } from '../store/test-support/targets.js';
import { tempDir } from '../test-support/temp-dirs.js';
import { runCli } from './test-support/run-cli.js';

const hasPg = await postgresReachable();
const fresh = () => join(tempDir('cb-token-'), 'data');

describe('clawback token', () => {
  it('create prints the token once on stdout; it authenticates; revoke ends it', async () => {
    const data = fresh();
    const r = await runCli(
      ['token', 'create', '--role', 'institution', '--institution', 'BANK-A', '--data', data],
      '',
      { USER: 'alice' },
    );
    expect(r.stderr).toMatch(
      /^created token (tok_\S+) \(institution, institution BANK-A, name BANK-A\); it is shown only once/,
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^cb_[A-Za-z0-9_-]{43}\n$/);
    const id = /created token (tok_\S+)/.exec(r.stderr)?.[1] ?? '';
    const token = r.stdout.trim();

    const check = async () => {
      const db = await openDb({ kind: 'pglite', dataDir: data });
      try {
        const actor = await db.query("SELECT actor FROM audit WHERE action = 'token.create'");
        return { principal: await authenticate(db, `Bearer ${token}`), actor };
      } finally {
        await db.close();
      }
    };
    expect(await check()).toEqual({
      principal: { tokenId: id, role: 'institution', institution: 'BANK-A', name: 'BANK-A' },
      actor: [{ actor: 'cli:alice' }],
    });

    expect(await runCli(['token', 'revoke', id, '--data', data])).toEqual({
      status: 0,
      stdout: `revoked token ${id}\n`,
      stderr: '',
    });
    expect((await check()).principal).toBeUndefined();
    const again = await runCli(['token', 'revoke', id, '--data', data]);
    expect(again.stdout).toBe(`token ${id} was already revoked\n`);
    const unknown = await runCli(['token', 'revoke', 'tok_nope', '--data', data]);
    expect(unknown).toMatchObject({ status: 2, stdout: '' });
    expect(unknown.stderr).toMatch(/token tok_nope not found/);
  });

  it('an authority token takes its unit from --name when no --unit is given', async () => {
    const r = await runCli([
      'token',
      'create',
      '--role',
      'authority',
      '--name',
      'PSB-0101',
      '--data',
      fresh(),
    ]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/\(authority, unit PSB-0101, name PSB-0101\)/);
  });

  it.each([
    [['--role', 'institution'], /institution token needs --institution/],
    [['--role', 'authority'], /needs --unit/],
    [['--role', 'root'], /Allowed choices are authority, institution, auditor, admin/],
    [[], /required option '--role <role>' not specified/],
  ])('refuses %j with status 2 and writes no token', async (args, message) => {
    const data = fresh();
    const r = await runCli(['token', 'create', ...args, '--data', data]);
    expect(existsSync(data)).toBe(false);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });

  it('refuses a data directory another process holds, saying what to do', async () => {
    const data = fresh();
    mkdirSync(data, { recursive: true });
    const lock = lockDataDir(data);
    try {
      const r = await runCli(['token', 'create', '--role', 'admin', '--data', data]);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(
        /is in use by process \d+.*stop the server first, or use the admin API/,
      );
    } finally {
      lock.release();
    }
  });

  it('takes over a lock its owner left behind when it died', async () => {
    const data = fresh();
    mkdirSync(data, { recursive: true });
    writeFileSync(join(data, LOCK_FILE), '999999999\n');
    const r = await runCli(['token', 'create', '--role', 'admin', '--data', data]);
    expect(r.status).toBe(0);
  });

  it.skipIf(!hasPg)('uses DATABASE_URL when set', async () => {
    const pg = await freshPostgres();
    try {
      const url = pg.target.kind === 'postgres' ? pg.target.url : '';
      const r = await runCli(['token', 'create', '--role', 'auditor'], '', { DATABASE_URL: url });
      expect(r.status).toBe(0);
      const db = await openDb(pg.target);
      try {
        expect(await authenticate(db, `Bearer ${r.stdout.trim()}`)).toMatchObject({
          role: 'auditor',
        });
      } finally {
        await db.close();
      }
    } finally {
      await pg.drop();
    }
  });
});
