import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit, verifyAudit } from '../audit/index.js';
import type { Db } from '../store/index.js';
import { openTestDb, storeTargets } from '../store/test-support/targets.js';
import { TokenCache } from './cache.js';
import {
  authenticate,
  bearerToken,
  createToken,
  hashToken,
  resolveSpec,
  revokeToken,
} from './tokens.js';

describe('resolveSpec', () => {
  it('fills defaults: an authority unit from its name, names from unit or institution', () => {
    expect(resolveSpec({ role: 'authority', name: 'PSB Pudong' })).toEqual({
      role: 'authority',
      unit: 'PSB Pudong',
      name: 'PSB Pudong',
    });
    expect(resolveSpec({ role: 'authority', unit: 'U1' })).toEqual({
      role: 'authority',
      unit: 'U1',
      name: 'U1',
    });
    expect(resolveSpec({ role: 'institution', institution: ' BANK-A ' })).toEqual({
      role: 'institution',
      institution: 'BANK-A',
      name: 'BANK-A',
    });
    expect(resolveSpec({ role: 'auditor' })).toEqual({ role: 'auditor', name: 'auditor' });
  });

  it.each([
    [{ role: 'institution' }, /needs --institution/],
    [{ role: 'authority' }, /needs --unit/],
    [{ role: 'authority', unit: 'U', institution: 'B' }, /takes no institution/],
    [{ role: 'institution', institution: 'B', unit: 'U' }, /takes no unit/],
    [{ role: 'admin', unit: 'U' }, /takes neither/],
    [{ role: 'admin', name: '  ' }, /--name must not be empty/],
    [{ role: 'admin', name: 'a\u0000b' }, /control characters/],
    [{ role: 'root' }, /unknown role "root"/],
  ] as const)('refuses %j', (spec, message) => {
    expect(() => resolveSpec(spec as never)).toThrow(message);
  });
});

describe('bearerToken', () => {
  const t = `cb_${'A'.repeat(43)}`;
  it('takes the token of a Bearer header, any case of the scheme', () => {
    expect(bearerToken(`Bearer ${t}`)).toBe(t);
    expect(bearerToken(`bearer  ${t}`)).toBe(t);
  });
  it.each([undefined, '', t, `Basic ${t}`, `Bearer ${t}x`, `Bearer cb_short`, `Bearer ${t} x`])(
    'finds none in %j',
    (h) => {
      expect(bearerToken(h)).toBeUndefined();
    },
  );
});

const targets = await storeTargets();

describe.each(targets)('tokens on %s', (kind) => {
  let db: Db;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ db, close } = await openTestDb(kind));
  });
  afterAll(() => close());

  it('creates a token shown once, stored hashed, audited, that authenticates', async () => {
    const created = await createToken(
      db,
      { role: 'institution', institution: 'BANK-A' },
      { actor: 'admin-1' },
    );
    expect(created.token).toMatch(/^cb_[A-Za-z0-9_-]{43}$/);
    const stored = await db.query('SELECT token_hash FROM tokens WHERE id = $1', [created.id]);
    expect(stored).toEqual([{ token_hash: hashToken(created.token) }]);
    const text = JSON.stringify(await db.query('SELECT * FROM tokens'));
    expect(text).not.toContain(created.token);

    expect(await authenticate(db, `Bearer ${created.token}`)).toEqual({
      tokenId: created.id,
      role: 'institution',
      institution: 'BANK-A',
      name: 'BANK-A',
    });
    expect(await authenticate(db, `Bearer cb_${'x'.repeat(43)}`)).toBeUndefined();

    const entries = await listAudit(db, { subject: `token:${created.id}` });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actor: 'admin-1',
      action: 'token.create',
      detail: { role: 'institution', institution: 'BANK-A', name: 'BANK-A' },
    });
    expect(JSON.stringify(entries)).not.toContain(created.token);
    expect(await verifyAudit(db)).toMatchObject({ ok: true });
  });

  it('a revoked token no longer authenticates; revoking twice changes nothing', async () => {
    const { id, token } = await createToken(db, { role: 'authority', unit: 'U-7', name: 'Ann' });
    expect(await authenticate(db, `Bearer ${token}`)).toMatchObject({ unit: 'U-7', name: 'Ann' });
    expect(await revokeToken(db, id)).toEqual({ id, changed: true });
    expect(await revokeToken(db, id)).toEqual({ id, changed: false });
    expect(await authenticate(db, `Bearer ${token}`)).toBeUndefined();
    const actions = (await listAudit(db, { subject: `token:${id}` })).map((e) => e.action);
    expect(actions).toEqual(['token.create', 'token.revoke']);
    await expect(revokeToken(db, 'tok_nope')).rejects.toThrow(/token tok_nope not found/);
  });

  it('a bad spec writes nothing', async () => {
    const before = await db.query('SELECT count(*)::int AS n FROM audit');
    await expect(createToken(db, { role: 'institution' })).rejects.toThrow(/--institution/);
    expect(await db.query('SELECT count(*)::int AS n FROM audit')).toEqual(before);
  });

  it('the cache answers from memory within its ttl, and forgets on revocation here', async () => {
    let clock = 0;
    const cache = new TokenCache(db, { ttlMs: 10_000, maxEntries: 2, now: () => clock });
    const a = await createToken(db, { role: 'auditor' });
    const header = `Bearer ${a.token}`;
    expect(await cache.authenticate(header)).toMatchObject({ tokenId: a.id });
    await revokeToken(db, a.id);
    clock = 9_999; // revoked elsewhere: still trusted within the ttl
    expect(await cache.authenticate(header)).toMatchObject({ tokenId: a.id });
    clock = 10_000; // the ttl is over: the database says revoked
    expect(await cache.authenticate(header)).toBeUndefined();

    const b = await createToken(db, { role: 'admin' });
    expect(await cache.authenticate(`Bearer ${b.token}`)).toMatchObject({ role: 'admin' });
    await revokeToken(db, b.id);
    cache.forget(b.id); // revoked through this process: at once
    expect(await cache.authenticate(`Bearer ${b.token}`)).toBeUndefined();

    for (let i = 0; i < 3; i++) {
      const t = await createToken(db, { role: 'admin' });
      await cache.authenticate(`Bearer ${t.token}`);
    }
    expect(cache.size).toBe(2);
    expect(await cache.authenticate(`Bearer cb_${'z'.repeat(43)}`)).toBeUndefined();
    expect(cache.size).toBe(2);
  });
});
