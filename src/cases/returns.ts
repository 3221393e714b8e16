// Returning a case's frozen money (restitution.md): claims come from the case's losses, the
// frozen money from the request or from the case's executed freeze orders, and traced_first
// uses the case's latest amount-rule trace (or the one named). The request is stored, so the
// result and every victim's statement can be computed again exactly.
import { ClawbackError, ErrorCollector } from '../errors/index.js';
import { type Currency, currencyOf, formatMinor } from '../money/index.js';
import {
  type Claim,
  type FrozenAccount,
  type Method,
  proRata,
  type Restitution,
  resolveTraced,
  restitutionJson,
  risingTide,
  statement,
  statementHtml,
  statementText,
  tracedFirst,
  traceFromChunks,
  traceWithoutAmounts,
} from '../restitute/index.js';
import { asInt, asText, type Db } from '../store/index.js';
import type { Audit } from './audit-port.js';
import { findCase, iso, newId, scoped } from './cases.js';
import type { Viewer } from './model.js';
import { findTrace } from './trace.js';

export interface ReturnRequest {
  readonly method: Method;
  /** Account -> frozen minor units; undefined = the case's executed freeze orders. */
  readonly frozen?: readonly { account: string; amount: number }[] | undefined;
  /** Victim -> already recovered minor units. */
  readonly recovered?: readonly { victim: string; amount: number }[] | undefined;
  readonly traceId?: string | undefined;
}

interface StoredRequest {
  readonly method: Method;
  readonly currency: string;
  readonly claims: readonly Claim[];
  readonly frozen: readonly { account: string; amount: number }[];
  readonly traceId: string | null;
  readonly frozenFrom: 'request' | 'orders';
}

export interface ReturnRecord {
  readonly id: string;
  readonly caseId: string;
  readonly createdAt: string;
  readonly approvedAt: string | null;
  readonly result: unknown;
}

async function claimsOf(db: Db, caseId: string): Promise<{ claims: Claim[]; currency: Currency }> {
  const rows = await db.query(
    `SELECT l.victim, sum(t.amount) AS loss, min(t.currency) AS currency, count(DISTINCT t.currency) AS n
       FROM losses l JOIN transfers t ON t.id = l.transfer_id
      WHERE l.case_id = $1 GROUP BY l.victim ORDER BY l.victim`,
    [caseId],
  );
  const first = rows[0];
  const currency = first === undefined ? undefined : currencyOf(asText(first.currency));
  if (currency === undefined)
    throw new ClawbackError('CB_E_CASE_EMPTY', {
      detail: 'the case has no losses to return money for',
    });
  return {
    currency,
    claims: rows.map((r) => ({ victim: asText(r.victim), loss: asInt(r.loss), recovered: 0 })),
  };
}

async function frozenFromOrders(
  db: Db,
  caseId: string,
): Promise<{ account: string; amount: number }[]> {
  const rows = await db.query(
    `SELECT account, sum((body->>'held')::bigint) AS held FROM orders
      WHERE case_id = $1 AND kind = 'freeze' AND state = 'executed' GROUP BY account ORDER BY account`,
    [caseId],
  );
  return rows
    .map((r) => ({ account: asText(r.account), amount: asInt(r.held) }))
    .filter((f) => f.amount > 0);
}

function compute(
  req: StoredRequest,
  traced: ReadonlyMap<string, readonly { victim: string; amount: number }[]> | undefined,
): Restitution {
  const pool = req.frozen.reduce((s, f) => s + f.amount, 0);
  if (!Number.isSafeInteger(pool))
    throw new ClawbackError('CB_E_TOTAL_TOO_LARGE', {
      what: 'frozen total',
      max: Number.MAX_SAFE_INTEGER,
    });
  switch (req.method) {
    case 'pro_rata':
      return proRata(req.claims, pool);
    case 'rising_tide':
      return risingTide(req.claims, pool);
    case 'traced_first': {
      const accounts: FrozenAccount[] = req.frozen.map((f) => ({
        account: f.account,
        frozen: f.amount,
        traced: traced?.get(f.account),
      }));
      return tracedFirst(req.claims, resolveTraced(req.claims, accounts));
    }
  }
}

async function tracedParts(db: Db, viewer: Viewer, caseId: string, traceId: string | null) {
  if (traceId === null) return undefined;
  const t = await findTrace(db, viewer, caseId, traceId);
  const collector = new ErrorCollector(20);
  const file = `trace ${t.id}`;
  // A poison trace names no amounts: say so without scanning its (often huge) document.
  if (t.rule === 'poison') collector.add(traceWithoutAmounts(t.rule, file));
  const input =
    t.rule === 'poison' ? undefined : await traceFromChunks(t.document(), file, collector);
  collector.throwIfAny();
  return input?.accounts;
}

export async function createReturn(
  db: Db,
  audit: Audit,
  viewer: Viewer,
  caseId: string,
  req: ReturnRequest,
): Promise<ReturnRecord> {
  await findCase(db, viewer, caseId);
  const { claims, currency } = await claimsOf(db, caseId);
  const recovered = new Map((req.recovered ?? []).map((r) => [r.victim, r.amount]));
  for (const victim of recovered.keys())
    if (!claims.some((c) => c.victim === victim))
      throw new ClawbackError(
        'CB_E_UNKNOWN_VICTIM',
        { detail: `victim ${victim} has no loss in this case` },
        { path: '/recovered' },
      );
  const withRecovered = claims.map((c) => ({ ...c, recovered: recovered.get(c.victim) ?? 0 }));
  const traceId =
    req.method === 'traced_first' ? (await findTrace(db, viewer, caseId, req.traceId)).id : null;
  const stored: StoredRequest = {
    method: req.method,
    currency: currency.code,
    claims: withRecovered,
    frozen: req.frozen ?? (await frozenFromOrders(db, caseId)),
    traceId,
    frozenFrom: req.frozen === undefined ? 'orders' : 'request',
  };
  const r = compute(stored, await tracedParts(db, viewer, caseId, traceId));
  const id = newId('return');
  const result = {
    id,
    case_id: caseId,
    frozen_from: stored.frozenFrom,
    trace_id: traceId,
    ...(restitutionJson(r, { currency }) as Record<string, unknown>),
  };
  const createdAt = await db.transaction(async (tx) => {
    const rows = await tx.query(
      `INSERT INTO returns (id, case_id, method, trace_id, request, result, created_by)
       VALUES ($1, $2, $3, $4, $5::text::jsonb, $6::text::jsonb, $7) RETURNING created_at`,
      [
        id,
        caseId,
        req.method,
        traceId,
        JSON.stringify(stored),
        JSON.stringify(result),
        viewer.tokenId,
      ],
    );
    await audit(tx, viewer, 'case.return', caseId, {
      return: id,
      method: req.method,
      pool: formatMinor(
        stored.frozen.reduce((s, f) => s + f.amount, 0),
        currency.digits,
      ),
      victims: claims.length,
    });
    return iso(rows[0]?.created_at);
  });
  return { id, caseId, createdAt, approvedAt: null, result };
}

async function storedReturn(db: Db, viewer: Viewer, caseId: string, returnId: string) {
  const params: unknown[] = [returnId, caseId];
  const rows = await db.query(
    `SELECT r.id, r.request, r.result, r.created_at, r.approved_at FROM returns r JOIN cases c ON c.id = r.case_id
      WHERE r.id = $1 AND r.case_id = $2 AND ${scoped(viewer, params).replace(/\bunit\b/, 'c.unit')}`,
    params,
  );
  const row = rows[0];
  if (row === undefined) throw new ClawbackError('CB_E_NOT_FOUND', { what: `return ${returnId}` });
  return row;
}

export async function findReturn(
  db: Db,
  viewer: Viewer,
  caseId: string,
  returnId: string,
): Promise<ReturnRecord> {
  const row = await storedReturn(db, viewer, caseId, returnId);
  return {
    id: returnId,
    caseId,
    createdAt: iso(row.created_at),
    approvedAt:
      row.approved_at === null || row.approved_at === undefined ? null : iso(row.approved_at),
    result: parseJson(row.result),
  };
}

function parseJson(v: unknown): unknown {
  return typeof v === 'string' ? JSON.parse(v) : v;
}

/** One victim's statement of a stored return, as text or HTML. */
export async function returnStatement(
  db: Db,
  viewer: Viewer,
  caseId: string,
  returnId: string,
  victim: string,
  format: 'text' | 'html',
): Promise<string> {
  const row = await storedReturn(db, viewer, caseId, returnId);
  const req = parseJson(row.request) as StoredRequest;
  const index = req.claims.findIndex((c) => c.victim === victim);
  if (index < 0)
    throw new ClawbackError('CB_E_NOT_FOUND', { what: `victim ${victim} in return ${returnId}` });
  const currency = currencyOf(req.currency);
  if (currency === undefined)
    throw new ClawbackError('CB_E_INTERNAL', { detail: 'stored currency unknown' });
  const r = compute(req, await tracedParts(db, viewer, caseId, req.traceId));
  const s = statement(r, index, currency);
  return format === 'html' ? statementHtml(s) : statementText(s);
}

/**
 * Approves a computed return (authority of the case): only an approved return decision may
 * back a `return` order. Approving twice changes nothing.
 */
export async function approveReturn(
  db: Db,
  audit: Audit,
  viewer: Viewer,
  caseId: string,
  returnId: string,
): Promise<{ approvedAt: string }> {
  return db.transaction(async (tx) => {
    await findCase(tx, viewer, caseId);
    if (viewer.role !== 'authority')
      throw new ClawbackError('CB_E_FORBIDDEN', {
        detail: 'the authority of the case approves its returns',
      });
    const rows = await tx.query(
      'SELECT approved_at FROM returns WHERE id = $1 AND case_id = $2 FOR UPDATE',
      [returnId, caseId],
    );
    const row = rows[0];
    if (row === undefined)
      throw new ClawbackError('CB_E_NOT_FOUND', { what: `return ${returnId}` });
    if (row.approved_at !== null && row.approved_at !== undefined)
      return { approvedAt: iso(row.approved_at) };
    const done = await tx.query(
      'UPDATE returns SET approved_at = now(), approved_by = $2 WHERE id = $1 RETURNING approved_at',
      [returnId, viewer.tokenId],
    );
    await audit(tx, viewer, 'case.return.approve', caseId, { return: returnId });
    return { approvedAt: iso(done[0]?.approved_at) };
  });
}
