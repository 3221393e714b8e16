// The answer to an executed `query` order: the account's facts and its transfers in the
// period asked for. Only the issuing authority (and an auditor) may read it, and every read
// is written to the audit log with who read what.
import { ClawbackError } from '../errors/index.js';
import { amountText, transferFromRow } from '../ledger/index.js';
import { asInt, asOptionalText, asText, type Db } from '../store/index.js';
import type { Audit } from './audit-port.js';
import type { Viewer } from './model.js';
import { findOrder } from './orders.js';

const MAX_ROWS = 100_000;

export async function queryOrderData(
  db: Db,
  audit: Audit,
  viewer: Viewer,
  id: string,
  now: number,
) {
  if (viewer.role !== 'authority' && viewer.role !== 'auditor')
    throw new ClawbackError('CB_E_FORBIDDEN', {
      detail: 'the answer to a query order is read by the authority that issued it',
    });
  const order = await findOrder(db, viewer, id, now);
  if (order.kind !== 'query' || order.period === null)
    throw new ClawbackError('CB_E_NOT_FOUND', { what: `query order ${id}` });
  if (order.executedAt === null)
    throw new ClawbackError('CB_E_ORDER_TRANSITION', {
      action: 'read the answer of',
      kind: order.kind,
      id,
      state: order.state,
      why: 'the institution has not executed it yet',
    });
  return db.transaction(async (tx) => {
    const facts = await tx.query(
      'SELECT account, kind, institution, opening_balance, currency FROM accounts WHERE account = $1',
      [order.account],
    );
    const rows = await tx.query(
      `SELECT id, ts, ts_ms, from_account, to_account, amount, currency, channel, device FROM transfers
        WHERE (from_account = $1 OR to_account = $1) AND ts_ms >= $2 AND ts_ms < $3
        ORDER BY ts_ms, seq LIMIT ${MAX_ROWS + 1}`,
      [order.account, order.period?.from, order.period?.to],
    );
    const transfers = rows.slice(0, MAX_ROWS).map((r) => {
      const t = transferFromRow(r);
      return {
        id: t.id,
        ts: t.ts,
        from: t.from,
        to: t.to,
        amount: amountText(t.amount, t.currency),
        currency: t.currency,
        channel: t.channel,
        device: t.device,
      };
    });
    const f = facts[0];
    await audit(tx, viewer, 'order.query.read', id, {
      account: order.account,
      period_from: new Date(order.period?.from ?? 0).toISOString(),
      period_to: new Date(order.period?.to ?? 0).toISOString(),
      transfers: transfers.length,
    });
    return {
      order: id,
      account: order.account,
      institution: order.institution,
      facts:
        f === undefined
          ? null
          : {
              kind: asText(f.kind),
              institution: asOptionalText(f.institution) ?? null,
              opening_balance: amountText(
                asInt(f.opening_balance),
                asOptionalText(f.currency) ?? 'CNY',
              ),
            },
      period: {
        from: new Date(order.period?.from ?? 0).toISOString(),
        to: new Date(order.period?.to ?? 0).toISOString(),
      },
      transfers,
      truncated: rows.length > MAX_ROWS,
    };
  });
}
