// Orders between authorities and institutions (orders.md): issue, act on, list, and for an
// executed query order read the account's data (each read is written to the audit log).

import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import {
  act,
  findOrder,
  holdsOnAccount,
  issue,
  listOrders,
  queryOrderData,
} from '../../cases/index.js';
import { ClawbackError } from '../../errors/index.js';
import { currencyOf, formatMinor, knownCurrency, parseAmount } from '../../money/index.js';
import {
  checkPayment,
  isOrderAction,
  ORDER_ACTIONS,
  ORDER_KINDS,
  ORDER_STATES,
  type Order,
} from '../../orders/index.js';
import { parseTimestamp } from '../../time/index.js';
import type { AppContext } from '../context.js';
import { viewerOf } from '../guard.js';
import { Decimal, Id, strict } from '../schemas.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The wire form of an order: amounts as decimals in its currency, times as ISO 8601. */
export function orderJson(o: Order) {
  const digits = (o.currency === null ? undefined : currencyOf(o.currency)?.digits) ?? 2;
  const money = (m: number | null) => (m === null ? null : formatMinor(m, digits));
  return {
    id: o.id,
    kind: o.kind,
    state: o.state,
    case_id: o.caseId,
    account: o.account,
    institution: o.institution,
    amount: money(o.amount),
    currency: o.currency,
    held: money(o.held),
    held_at_execution: money(o.heldAtExecution),
    released: money(o.released),
    returned: money(o.returned),
    reason: o.reason,
    issued_by: o.issuedBy,
    issued_at: iso(o.issuedAt),
    acknowledged_at: iso(o.acknowledgedAt),
    executed_at: iso(o.executedAt),
    expires_at: iso(o.expiresAt),
    ended_at: iso(o.endedAt),
    renewals: o.renewals,
    target: o.target,
    return_id: o.returnDecision,
    period: o.period === null ? null : { from: iso(o.period.from), to: iso(o.period.to) },
    rejection: o.rejection,
  };
}

function minor(text: string | undefined, currency: string | null, path: string): number | null {
  if (text === undefined) return null;
  const c = (currency === null ? undefined : currencyOf(currency)) ?? knownCurrency('CNY');
  const r = parseAmount(text, c.digits, false);
  if (!r.ok)
    throw new ClawbackError(
      'CB_E_BAD_AMOUNT',
      { detail: `${r.problem.replaceAll('_', ' ')} (${c.code} has ${c.digits} decimals)` },
      { path, value: text },
    );
  return r.minor;
}

function instant(text: string, path: string): number {
  const t = parseTimestamp(text);
  if (!t.ok)
    throw new ClawbackError('CB_E_BAD_TIMESTAMP', { detail: t.problem }, { path, value: text });
  return t.ms;
}

const IssueBody = strict({
  kind: Type.Union(ORDER_KINDS.map((k) => Type.Literal(k))),
  case_id: Id,
  account: Id,
  institution: Id,
  amount: Type.Optional(Decimal),
  currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
  reason: Type.String({ minLength: 1, maxLength: 2000 }),
  period: Type.Optional(strict({ from: Type.String(), to: Type.String() })),
  target: Type.Optional(Id),
  return_id: Type.Optional(Id),
});

const ActionBody = strict({
  held: Type.Optional(Decimal),
  amount: Type.Optional(Decimal),
  reason: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
});

export function orderRoutes(ctx: AppContext) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    app.post(
      '/v1/orders',
      { schema: { summary: 'Issue an order (authority, own case)', body: IssueBody } },
      async (request, reply) => {
        const viewer = viewerOf(request);
        const b = request.body;
        const currency =
          b.currency ??
          (b.amount !== undefined && (b.kind === 'stop_payment' || b.kind === 'freeze')
            ? ctx.config.currency
            : null);
        const o = await issue(
          ctx.db,
          ctx.audit,
          viewer,
          {
            kind: b.kind,
            caseId: b.case_id,
            account: b.account,
            institution: b.institution,
            amount: minor(b.amount, currency, '/amount'),
            currency,
            reason: b.reason,
            period:
              b.period === undefined
                ? null
                : {
                    from: instant(b.period.from, '/period/from'),
                    to: instant(b.period.to, '/period/to'),
                  },
            target: b.target ?? null,
            returnId: b.return_id ?? null,
          },
          ctx.now(),
          ctx.limits,
        );
        return reply.status(201).send(orderJson(o));
      },
    );

    app.get(
      '/v1/orders',
      {
        schema: {
          summary:
            'Orders the caller may see (institution: addressed to it; authority: its cases; auditor: all)',
          querystring: strict({
            case_id: Type.Optional(Id),
            account: Type.Optional(Id),
            state: Type.Optional(Type.Union(ORDER_STATES.map((s) => Type.Literal(s)))),
            after: Type.Optional(Id),
            limit: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,3}$' })),
          }),
        },
      },
      async (request) => {
        const q = request.query;
        const limit = Math.min(Number(q.limit ?? 100), 1000);
        const list = await listOrders(
          ctx.db,
          viewerOf(request),
          { caseId: q.case_id, account: q.account, state: q.state, after: q.after, limit },
          ctx.now(),
        );
        return {
          orders: list.map(orderJson),
          next: list.length === limit ? (list[list.length - 1]?.id ?? null) : null,
        };
      },
    );

    app.get('/v1/orders/:id', { schema: { params: strict({ id: Id }) } }, async (request) => {
      const { id } = request.params;
      return orderJson(await findOrder(ctx.db, viewerOf(request), id, ctx.now()));
    });

    app.post(
      '/v1/orders/:id/:action',
      {
        schema: {
          summary:
            'acknowledge | execute {held} | reject {reason} | renew | release {amount?} | return {amount?}',
          params: strict({ id: Id, action: Type.Union(ORDER_ACTIONS.map((a) => Type.Literal(a))) }),
          body: ActionBody,
        },
        // No body at all means no fields: acknowledge and renew need none.
        preValidation: async (request) => {
          if (request.body === undefined || request.body === null) request.body = {};
        },
      },
      async (request) => {
        const { id, action } = request.params;
        if (!isOrderAction(action))
          throw new ClawbackError('CB_E_NOT_FOUND', { what: `action ${action}` });
        const viewer = viewerOf(request);
        const b = request.body ?? {};
        const before = await findOrder(ctx.db, viewer, id, ctx.now());
        const o = await act(
          ctx.db,
          ctx.audit,
          viewer,
          id,
          action,
          {
            held: minor(b.held, before.currency, '/held'),
            amount: minor(b.amount, before.currency, '/amount'),
            reason: b.reason ?? null,
          },
          ctx.now(),
          ctx.limits,
        );
        return orderJson(o);
      },
    );

    app.get(
      '/v1/orders/:id/data',
      {
        schema: {
          summary:
            "An executed query order's answer: the account's facts and its transfers in the period (audited)",
          params: strict({ id: Id }),
        },
      },
      async (request) => {
        const { id } = request.params;
        return queryOrderData(ctx.db, ctx.audit, viewerOf(request), id, ctx.now());
      },
    );

    app.get(
      '/v1/accounts/:account/holds',
      {
        schema: {
          summary:
            'Active holds on an account, and whether a payment leaving `balance_after` would be blocked',
          params: strict({ account: Id }),
          querystring: strict({
            balance_after: Type.Optional(Type.String({ pattern: '^-?[0-9]+(\\.[0-9]+)?$' })),
          }),
        },
      },
      async (request) => {
        const { account } = request.params;
        const { balance_after } = request.query;
        const viewer = viewerOf(request);
        if (viewer.role !== 'institution' && viewer.role !== 'auditor')
          throw new ClawbackError('CB_E_FORBIDDEN', {
            detail: 'holds are read by the institution holding the account (or an auditor)',
          });
        const now = ctx.now();
        const holds = await holdsOnAccount(ctx.db, viewer, account, now);
        const currency = holds[0]?.currency ?? ctx.config.currency;
        const digits = currencyOf(currency)?.digits ?? 2;
        const held = holds.reduce((s, o) => s + o.held, 0);
        let check: unknown;
        if (balance_after !== undefined) {
          const neg = balance_after.startsWith('-');
          const r = parseAmount(neg ? balance_after.slice(1) : balance_after, digits, true);
          if (!r.ok)
            throw new ClawbackError(
              'CB_E_BAD_AMOUNT',
              { detail: r.problem },
              { path: '/balance_after', value: balance_after },
            );
          const c = checkPayment(account, neg ? -r.minor : r.minor, holds, now);
          check =
            c.decision === 'allow'
              ? { decision: 'allow' }
              : {
                  decision: 'block',
                  reasons: c.reasons,
                  shortfall: formatMinor(c.shortfall, digits),
                };
        }
        return {
          account,
          currency,
          held: formatMinor(held, digits),
          holds: holds.map(orderJson),
          ...(check === undefined ? {} : { payment: check }),
        };
      },
    );
  };
}
