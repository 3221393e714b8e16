// API tokens: created once and shown once, stored only as a sha256 hash, revocable. Every
// creation and revocation is written to the audit log in the same transaction.
import { createHash, randomBytes } from 'node:crypto';
import { appendAudit } from '../audit/index.js';
import { ClawbackError } from '../errors/index.js';
import { asOptionalText, asText, type Db, type Queryable } from '../store/index.js';

export const ROLES = ['authority', 'institution', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(x: string): x is Role {
  return (ROLES as readonly string[]).includes(x);
}

/** Who a request comes from, as established from its bearer token. */
export interface Principal {
  readonly tokenId: string;
  readonly role: Role;
  /** The institution an `institution` token acts for. */
  readonly institution?: string;
  /** The police unit an `authority` token acts for (owns its cases). */
  readonly unit?: string;
  readonly name: string;
}

export interface TokenSpec {
  readonly role: Role;
  /** Required for, and only for, role `institution`. */
  readonly institution?: string | undefined;
  /** Only for role `authority`; defaults to `name` (one token per unit is the simple case). */
  readonly unit?: string | undefined;
  /** A label for people; defaults to the unit, the institution, or the role. */
  readonly name?: string | undefined;
}

/** Who did it and when, for the audit entry. */
export interface ChangeContext {
  readonly actor?: string;
  readonly now?: number;
}

export interface CreatedToken {
  readonly id: string;
  /** The secret, `cb_` + 43 base64url characters. Shown once; only its hash is kept. */
  readonly token: string;
  readonly principal: Principal;
}

const TOKEN_PATTERN = /^cb_[A-Za-z0-9_-]{43}$/;
const MAX_TEXT = 200;

/** sha256 hex of a token: what tokens.token_hash holds. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Checks a spec and fills in its defaults; throws CB_E_TOKEN_SPEC saying what is wrong.
 * An authority needs a unit: `unit`, else `name`. An institution needs `institution`.
 */
export function resolveSpec(spec: TokenSpec): Omit<Principal, 'tokenId'> {
  const unit = text(spec.unit, 'unit');
  const institution = text(spec.institution, 'institution');
  const name = text(spec.name, 'name');
  switch (spec.role) {
    case 'authority': {
      if (institution !== undefined) refuse('an authority token takes no institution');
      const u = unit ?? name;
      if (u === undefined) refuse('an authority token needs --unit (the police unit) or --name');
      return { role: 'authority', unit: u, name: name ?? u };
    }
    case 'institution':
      if (unit !== undefined) refuse('an institution token takes no unit');
      if (institution === undefined) refuse('an institution token needs --institution');
      return { role: 'institution', institution, name: name ?? institution };
    case 'auditor':
    case 'admin':
      if (unit !== undefined || institution !== undefined)
        refuse(`an ${spec.role} token takes neither unit nor institution`);
      return { role: spec.role, name: name ?? spec.role };
    default:
      return refuse(`unknown role "${String(spec.role)}"; expected one of ${ROLES.join(', ')}`);
  }
}

/**
 * Creates a token and its audit entry in one transaction.
 *
 * @example const { id, token } = await createToken(db, { role: 'institution', institution: 'BANK-A' });
 */
export async function createToken(
  db: Db,
  spec: TokenSpec,
  ctx: ChangeContext = {},
): Promise<CreatedToken> {
  const p = resolveSpec(spec);
  const id = `tok_${randomBytes(9).toString('base64url')}`;
  const token = `cb_${randomBytes(32).toString('base64url')}`;
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO tokens (id, name, role, institution, unit, token_hash)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [id, p.name, p.role, p.institution ?? null, p.unit ?? null, hashToken(token)],
    );
    await appendAudit(
      tx,
      {
        actor: ctx.actor ?? 'cli',
        action: 'token.create',
        subject: `token:${id}`,
        detail: { role: p.role, name: p.name, institution: p.institution, unit: p.unit },
      },
      ctx.now,
    );
  });
  return { id, token, principal: { tokenId: id, ...p } };
}

export interface Revocation {
  readonly id: string;
  /** False when it was revoked before (nothing changed, nothing audited). */
  readonly changed: boolean;
}

/** Revokes a token by id; throws CB_E_NOT_FOUND for an unknown id. */
export async function revokeToken(
  db: Db,
  id: string,
  ctx: ChangeContext = {},
): Promise<Revocation> {
  return db.transaction(async (tx) => {
    const rows = await tx.query('SELECT revoked_at FROM tokens WHERE id = $1 FOR UPDATE', [id]);
    const row = rows[0];
    if (row === undefined) throw new ClawbackError('CB_E_NOT_FOUND', { what: `token ${id}` });
    if (row.revoked_at !== null) return { id, changed: false };
    const now = ctx.now ?? Date.now();
    await tx.query('UPDATE tokens SET revoked_at = $2 WHERE id = $1', [id, new Date(now)]);
    await appendAudit(
      tx,
      { actor: ctx.actor ?? 'cli', action: 'token.revoke', subject: `token:${id}`, detail: {} },
      now,
    );
    return { id, changed: true };
  });
}

/** The bearer token of an Authorization header value, or undefined when it has none. */
export function bearerToken(header: string | undefined): string | undefined {
  const m = header === undefined ? null : /^Bearer +(\S+) *$/i.exec(header);
  const token = m?.[1];
  return token !== undefined && TOKEN_PATTERN.test(token) ? token : undefined;
}

/**
 * The principal of an `Authorization` header value, or undefined for a missing, malformed,
 * unknown or revoked token. Uncached: see TokenCache for the per-request path.
 */
export async function authenticate(
  db: Queryable,
  header: string | undefined,
): Promise<Principal | undefined> {
  const token = bearerToken(header);
  return token === undefined ? undefined : principalByHash(db, hashToken(token));
}

/** Looks a token hash up; revoked tokens are not found. */
export async function principalByHash(
  db: Queryable,
  tokenHash: string,
): Promise<Principal | undefined> {
  const rows = await db.query(
    `SELECT id, name, role, institution, unit FROM tokens
     WHERE token_hash = $1 AND revoked_at IS NULL`,
    [tokenHash],
  );
  const r = rows[0];
  if (r === undefined) return undefined;
  const role = asText(r.role);
  if (!isRole(role)) throw new Error(`token ${String(r.id)} has unknown role ${role}`);
  const institution = asOptionalText(r.institution);
  const unit = asOptionalText(r.unit);
  return {
    tokenId: asText(r.id),
    role,
    name: asText(r.name),
    ...(institution === undefined ? {} : { institution }),
    ...(unit === undefined ? {} : { unit }),
  };
}

function text(v: string | undefined, field: string): string | undefined {
  if (v === undefined) return undefined;
  const t = v.trim();
  if (t === '') refuse(`--${field} must not be empty`);
  if (t.length > MAX_TEXT) refuse(`--${field} is longer than ${MAX_TEXT} characters`);
  if (/\p{Cc}/u.test(t)) refuse(`--${field} contains control characters`);
  return t;
}

function refuse(detail: string): never {
  throw new ClawbackError('CB_E_TOKEN_SPEC', { detail });
}
