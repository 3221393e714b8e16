// Orders in the database: the pure core of src/orders decides, this file loads, locks,
// stores and audits. Visibility is part of every query: an institution reaches only orders
// addressed to it, an authority only its own cases' orders, an auditor all; the rest is
// "not found".
import { ClawbackError } from '../errors/index.js';
import {
  type ActionInput,
  applyAction,
  expireDue,
  type IssueInput,
  issueOrder,
  mayAct,
  type Order,
  type OrderAction,
  type OrderEvent,
  type OrderLimits,
  type Principal,
  type ReturnDecisionFacts,
  unwrap,
} from '../orders/index.js';
import { asText, type Db, type Queryable } from '../store/index.js';
import type { Audit } from './audit-port.js';
import { findCase, newId } from './cases.js';
import type { Viewer } from './model.js';

export function principalOf(v: Viewer): Principal {
  return {
    role: v.role,
    ...(v.unit === undefined ? {} : { authority: v.unit }),
    ...(v.institution === undefined ? {} : { institution: v.institution }),
  };
}

/** SQL condition over `orders o JOIN cases c` for what `viewer` may see. */
function orderScope(viewer: Viewer, params: unknown[]): string {
  switch (viewer.role) {
    case 'auditor':
      return 'TRUE';
    case 'institution':
      params.push(viewer.institution ?? '\u0000');
      return `o.institution = $${params.length}`;
    case 'authority':
      params.push(viewer.unit ?? '\u0000');
      return `c.unit = $${params.length}`;
    case 'admin':
      return 'FALSE';
  }
}

function orderOf(body: unknown): Order {
  // Our own rows, written by saveOrder from a validated Order.
  return (typeof body === 'string' ? JSON.parse(body) : body) as Order;
}

async function saveOrder(q: Queryable, o: Order, insert: boolean): Promise<void> {
  const body = JSON.stringify(o);
  if (insert)
    await q.query(
      `INSERT INTO orders (id, case_id, kind, account, institution, state, expires_at, body)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text::jsonb)`,
      [o.id, o.caseId, o.kind, o.account, o.institution, o.state, o.expiresAt, body],
    );
  else
    await q.query(
      'UPDATE orders SET state = $2, expires_at = $3, body = $4::text::jsonb, updated_at = now() WHERE id = $1',
      [o.id, o.state, o.expiresAt, body],
    );
}

async function auditEvent(
  audit: Audit,
  tx: Queryable,
  viewer: Viewer | 'system',
  e: OrderEvent,
): Promise<void> {
  const who: Viewer = viewer === 'system' ? { tokenId: 'system', role: 'admin' } : viewer;
  await audit(tx, who, `order.${e.action}`, e.orderId, {
    from: e.from,
    to: e.to,
    at: new Date(e.at).toISOString(),
    actor: e.actor,
    reason: e.reason,
    ...e.details,
  });
}

export interface IssueRequest extends Omit<IssueInput, 'returnDecision'> {
  readonly returnId?: string | null;
}

export async function issue(
  db: Db,
  audit: Audit,
  viewer: Viewer,
  req: IssueRequest,
  now: number,
  limits: OrderLimits,
): Promise<Order> {
  return db.transaction(async (tx) => {
    const c = await findCase(tx, viewer, req.caseId);
    const allowed = mayAct(principalOf(viewer), 'issue', {
      authority: c.unit,
      institution: req.institution,
    });
    if (!allowed.allowed) throw allowed.error;
    // An order goes to the institution that holds the account, where the store knows it.
    const holder = await tx.query('SELECT institution FROM accounts WHERE account = $1', [
      req.account,
    ]);
    const known = holder[0]?.institution;
    if (typeof known === 'string' && known !== req.institution)
      throw new ClawbackError(
        'CB_E_WRONG_INSTITUTION',
        { account: req.account, holder: known, institution: req.institution },
        { path: '/institution', value: req.institution },
      );
    // Lock the case's orders: the per-account limit is checked against a stable set.
    const rows = await tx.query('SELECT body FROM orders WHERE case_id = $1 FOR UPDATE', [c.id]);
    const orders = rows.map((r) => orderOf(r.body));
    const decisions = new Map<string, ReturnDecisionFacts>();
    if (req.returnId) {
      const d = await tx.query(
        'SELECT id, case_id, approved_at FROM returns WHERE id = $1 AND case_id = $2',
        [req.returnId, c.id],
      );
      for (const r of d)
        decisions.set(asText(r.id), {
          id: asText(r.id),
          caseId: asText(r.case_id),
          approved: r.approved_at !== null,
        });
    }
    const out = unwrap(
      issueOrder(
        { ...req, returnDecision: req.returnId ?? null },
        {
          id: newId('order'),
          now,
          actor: viewer.tokenId,
          authority: c.unit,
          orders,
          returnDecisions: decisions,
          limits,
        },
      ),
    );
    await saveOrder(tx, out.order, true);
    await auditEvent(audit, tx, viewer, out.event);
    return out.order;
  });
}

async function lockVisible(tx: Queryable, viewer: Viewer, id: string): Promise<Order> {
  const params: unknown[] = [id];
  const where = orderScope(viewer, params);
  const rows = await tx.query(
    `SELECT o.body FROM orders o JOIN cases c ON c.id = o.case_id WHERE o.id = $1 AND ${where} FOR UPDATE OF o`,
    params,
  );
  const r = rows[0];
  if (r === undefined) throw new ClawbackError('CB_E_NOT_FOUND', { what: `order ${id}` });
  return orderOf(r.body);
}

export async function findOrder(db: Db, viewer: Viewer, id: string, now: number): Promise<Order> {
  const params: unknown[] = [id];
  const where = orderScope(viewer, params);
  const rows = await db.query(
    `SELECT o.body FROM orders o JOIN cases c ON c.id = o.case_id WHERE o.id = $1 AND ${where}`,
    params,
  );
  const r = rows[0];
  if (r === undefined) throw new ClawbackError('CB_E_NOT_FOUND', { what: `order ${id}` });
  return current(orderOf(r.body), now);
}

/** The order as it stands at `now` (a lapsed one shows as expired before the sweep records it). */
function current(o: Order, now: number): Order {
  const e = expireDue([o], now)[0];
  return e === undefined ? o : e.order;
}

export interface OrderFilter {
  readonly caseId?: string | undefined;
  readonly state?: string | undefined;
  readonly account?: string | undefined;
  readonly limit: number;
  readonly after?: string | undefined;
}

export async function listOrders(
  db: Db,
  viewer: Viewer,
  f: OrderFilter,
  now: number,
): Promise<Order[]> {
  const params: unknown[] = [];
  const conds = [orderScope(viewer, params)];
  if (f.caseId !== undefined) {
    params.push(f.caseId);
    conds.push(`o.case_id = $${params.length}`);
  }
  if (f.account !== undefined) {
    params.push(f.account);
    conds.push(`o.account = $${params.length}`);
  }
  if (f.after !== undefined) {
    params.push(f.after);
    conds.push(`o.id > $${params.length}`);
  }
  params.push(f.limit);
  const rows = await db.query(
    `SELECT o.body FROM orders o JOIN cases c ON c.id = o.case_id WHERE ${conds.join(' AND ')}
      ORDER BY o.id LIMIT $${params.length}`,
    params,
  );
  const list = rows.map((r) => current(orderOf(r.body), now));
  return f.state === undefined ? list : list.filter((o) => o.state === f.state);
}

export async function act(
  db: Db,
  audit: Audit,
  viewer: Viewer,
  id: string,
  action: OrderAction,
  input: Omit<ActionInput, 'target' | 'returnDecision'>,
  now: number,
  limits: OrderLimits,
): Promise<Order> {
  // Record a lapse first, in its own transaction, so it stays recorded when the action is
  // then refused (as it will be: nothing may be done to a lapsed order).
  await db.transaction(async (tx) => {
    const o = await lockVisible(tx, viewer, id);
    const lapsed = expireDue([o], now)[0];
    if (lapsed === undefined) return;
    await saveOrder(tx, lapsed.order, false);
    await auditEvent(audit, tx, 'system', lapsed.event);
  });
  return db.transaction(async (tx) => {
    const order = await lockVisible(tx, viewer, id);
    const c = await tx.query('SELECT unit FROM cases WHERE id = $1', [order.caseId]);
    const scope = { authority: asText(c[0]?.unit), institution: order.institution };
    const allowed = mayAct(principalOf(viewer), action, scope);
    if (!allowed.allowed) throw allowed.error;
    let target: Order | null = null;
    if (order.target !== null && action === 'execute') {
      target = current(
        await lockVisible(tx, { tokenId: 'system', role: 'auditor' }, order.target),
        now,
      );
    }
    let returnDecision: ReturnDecisionFacts | null = null;
    if (order.returnDecision !== null) {
      const d = await tx.query('SELECT id, case_id, approved_at FROM returns WHERE id = $1', [
        order.returnDecision,
      ]);
      const r = d[0];
      if (r !== undefined)
        returnDecision = {
          id: asText(r.id),
          caseId: asText(r.case_id),
          approved: r.approved_at !== null,
        };
    }
    const applied = unwrap(
      applyAction(order, action, viewer.tokenId, { ...input, target, returnDecision }, now, limits),
    );
    await saveOrder(tx, applied.order, false);
    await auditEvent(audit, tx, viewer, applied.event);
    if (applied.target !== undefined) {
      await saveOrder(tx, applied.target.order, false);
      await auditEvent(audit, tx, viewer, applied.target.event);
    }
    return applied.order;
  });
}

/** Records every lapse due at `now` (stop-payments after 48 h, unrenewed freezes). */
export async function sweepExpired(db: Db, audit: Audit, now: number): Promise<number> {
  return db.transaction(async (tx) => {
    const rows = await tx.query(
      `SELECT body FROM orders WHERE state IN ('issued', 'acknowledged', 'executed')
         AND expires_at IS NOT NULL AND expires_at <= $1 FOR UPDATE`,
      [now],
    );
    const due = expireDue(
      rows.map((r) => orderOf(r.body)),
      now,
    );
    for (const d of due) {
      await saveOrder(tx, d.order, false);
      await auditEvent(audit, tx, 'system', d.event);
    }
    return due.length;
  });
}

/** Active holds on accounts, for an institution's own accounts (or an auditor). */
export async function holdsOnAccount(
  db: Db,
  viewer: Viewer,
  account: string,
  now: number,
): Promise<Order[]> {
  const params: unknown[] = [account];
  const where = orderScope(viewer, params);
  const rows = await db.query(
    `SELECT o.body FROM orders o JOIN cases c ON c.id = o.case_id
      WHERE o.account = $1 AND o.kind IN ('stop_payment', 'freeze') AND o.state = 'executed' AND ${where}`,
    params,
  );
  return rows.map((r) => current(orderOf(r.body), now)).filter((o) => o.state === 'executed');
}
