// Cases and their losses: an authority opens a case and says which stored transfers were
// which victim's loss. Every change is audited in the same transaction.
import { randomUUID } from 'node:crypto';
import { ClawbackError } from '../errors/index.js';
import { type Currency, currencyOf } from '../money/index.js';
import { asText, type Db, type Queryable } from '../store/index.js';
import type { Audit } from './audit-port.js';
import { type CaseRecord, caseScope, type Viewer } from './model.js';

export function newId(prefix: string): string {
  return `${prefix}_${randomUUID().replaceAll('-', '')}`;
}

/** Binds the viewer's scope parameter as the next positional parameter. */
export function scoped(viewer: Viewer, params: unknown[]): string {
  const s = caseScope(viewer);
  if (s.param === null) return s.sql;
  params.push(s.param);
  return s.sql.replace('$SCOPE', `$${params.length}`);
}

export async function createCase(
  db: Db,
  audit: Audit,
  viewer: Viewer,
  title: string,
): Promise<CaseRecord> {
  if (viewer.role !== 'authority' || viewer.unit === undefined)
    throw new ClawbackError('CB_E_FORBIDDEN', { detail: 'only an authority opens cases' });
  const id = newId('case');
  return db.transaction(async (tx) => {
    const rows = await tx.query(
      'INSERT INTO cases (id, title, unit, created_by) VALUES ($1, $2, $3, $4) RETURNING created_at',
      [id, title, viewer.unit, viewer.tokenId],
    );
    await audit(tx, viewer, 'case.create', id, { title });
    return { id, title, unit: viewer.unit ?? '', createdAt: iso(rows[0]?.created_at) };
  });
}

/** The case if the viewer may see it; CB_E_NOT_FOUND otherwise (never a hint it exists). */
export async function findCase(q: Queryable, viewer: Viewer, id: string): Promise<CaseRecord> {
  const params: unknown[] = [id];
  const where = scoped(viewer, params);
  const rows = await q.query(
    `SELECT id, title, unit, created_at FROM cases WHERE id = $1 AND ${where}`,
    params,
  );
  const r = rows[0];
  if (r === undefined) throw new ClawbackError('CB_E_NOT_FOUND', { what: `case ${id}` });
  return {
    id: asText(r.id),
    title: asText(r.title),
    unit: asText(r.unit),
    createdAt: iso(r.created_at),
  };
}

export async function listCases(q: Queryable, viewer: Viewer): Promise<CaseRecord[]> {
  const params: unknown[] = [];
  const rows = await q.query(
    `SELECT id, title, unit, created_at FROM cases WHERE ${scoped(viewer, params)} ORDER BY created_at, id`,
    params,
  );
  return rows.map((r) => ({
    id: asText(r.id),
    title: asText(r.title),
    unit: asText(r.unit),
    createdAt: iso(r.created_at),
  }));
}

export function iso(v: unknown): string {
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'string') return new Date(v).toISOString();
  return '';
}

/** The currency of a case's losses (one per case, checked as losses are added), if any. */
export async function caseCurrency(q: Queryable, caseId: string): Promise<Currency | undefined> {
  const rows = await q.query(
    'SELECT t.currency FROM losses l JOIN transfers t ON t.id = l.transfer_id WHERE l.case_id = $1 LIMIT 1',
    [caseId],
  );
  const code = rows[0] === undefined ? undefined : asText(rows[0].currency);
  return code === undefined ? undefined : currencyOf(code);
}
