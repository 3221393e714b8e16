// Cases (authorities): open one, add its losses, trace it over the stored transfers, and
// return its frozen money. A case another unit owns is "not found", never "forbidden".

import { Readable } from 'node:stream';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import {
  addLosses,
  approveReturn,
  caseCurrency,
  createCase,
  createReturn,
  findCase,
  findReturn,
  findTrace,
  listCases,
  returnStatement,
  type StoredTrace,
  traceCase,
} from '../../cases/index.js';
import { ClawbackError } from '../../errors/index.js';
import { parseAmount } from '../../money/index.js';
import { isMethod, METHODS } from '../../restitute/index.js';
import { parseTimestamp } from '../../time/index.js';
import { isRule, RULES } from '../../trace/index.js';
import { batchOf } from '../body.js';
import type { AppContext } from '../context.js';
import { requireRole, viewerOf } from '../guard.js';
import { batchBody, batchResult, Decimal, Id, strict } from '../schemas.js';

const CaseParams = strict({ id: Id });

/** A stored trace document, streamed from its stored parts: never one string. */
function sendDocument(reply: FastifyReply, t: StoredTrace): FastifyReply {
  return reply
    .type('application/json; charset=utf-8')
    .header('content-length', t.bytes)
    .send(Readable.from(t.document(), { objectMode: false, highWaterMark: 1 << 20 }));
}
const CaseOut = Type.Object({
  id: Type.String(),
  title: Type.String(),
  unit: Type.String(),
  created_at: Type.String(),
});

export function caseRoutes(ctx: AppContext) {
  const caseOut = (c: { id: string; title: string; unit: string; createdAt: string }) => ({
    id: c.id,
    title: c.title,
    unit: c.unit,
    created_at: c.createdAt,
  });
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    app.post(
      '/v1/cases',
      {
        schema: {
          summary: 'Open a case (authority)',
          body: strict({ title: Type.String({ minLength: 1, maxLength: 500 }) }),
          response: { 201: CaseOut },
        },
      },
      async (request, reply) => {
        const viewer = requireRole(request, ['authority'], 'opening a case');
        const { title } = request.body;
        const c = await createCase(ctx.db, ctx.audit, viewer, title);
        return reply.status(201).send(caseOut(c));
      },
    );
    app.get('/v1/cases', { schema: { summary: 'Cases the caller may see' } }, async (request) => ({
      cases: (await listCases(ctx.db, viewerOf(request))).map(caseOut),
    }));
    app.get(
      '/v1/cases/:id',
      { schema: { params: CaseParams, response: { 200: CaseOut } } },
      async (request) => {
        const { id } = request.params;
        return caseOut(await findCase(ctx.db, viewerOf(request), id));
      },
    );
    app.post(
      '/v1/cases/:id/losses',
      {
        schema: {
          summary: "Say which stored transfers were which victim's loss: [{transfer_id, victim}]",
          params: CaseParams,
          body: batchBody('loss'),
          response: { 200: batchResult },
        },
      },
      async (request) => {
        const { id } = request.params;
        const viewer = viewerOf(request);
        const { records, unparsed } = batchOf(request.body, ctx.config.maxBatch);
        const out = await addLosses(
          ctx.db,
          ctx.audit,
          viewer,
          id,
          records.map((r, i) => (unparsed.has(i) ? undefined : r)),
        );
        const rejected = out.rejected.map((r) => {
          const u = unparsed.get(r.index);
          return {
            index: r.index,
            errors: (u === undefined ? r.errors : [u]).map((p) => ({
              pointer: p.pointer,
              code: p.code,
              detail: p.detail,
            })),
          };
        });
        ctx.metrics.ingested.inc({ kind: 'loss', source: 'http', outcome: 'stored' }, out.accepted);
        ctx.metrics.ingested.inc(
          { kind: 'loss', source: 'http', outcome: 'rejected' },
          rejected.length,
        );
        return { accepted: out.accepted, stored: out.accepted, replayed: 0, rejected };
      },
    );
    app.post(
      '/v1/cases/:id/traces',
      {
        schema: {
          summary:
            'Trace the case over the stored transfers: the clawback trace --format json document plus its id',
          params: CaseParams,
          body: strict({
            rule: Type.Union(RULES.map((r) => Type.Literal(r))),
            as_of: Type.Optional(Type.String()),
          }),
        },
      },
      async (request, reply) => {
        const { id } = request.params;
        const body = request.body;
        const viewer = requireRole(request, ['authority'], 'tracing a case');
        if (!isRule(body.rule))
          throw new ClawbackError('CB_E_USAGE', { detail: 'unknown rule' }, { path: '/rule' });
        let asOf: number | undefined;
        if (body.as_of !== undefined) {
          const t = parseTimestamp(body.as_of);
          if (!t.ok)
            throw new ClawbackError(
              'CB_E_BAD_TIMESTAMP',
              { detail: t.problem },
              { path: '/as_of', value: body.as_of },
            );
          asOf = t.ms;
        }
        const t = await traceCase(ctx.db, ctx.audit, viewer, id, {
          rule: body.rule,
          asOf,
          asOfText: body.as_of,
        });
        return sendDocument(reply.status(201), t);
      },
    );
    app.get(
      '/v1/cases/:id/traces/:trace',
      { schema: { params: strict({ id: Id, trace: Id }) } },
      async (request, reply) => {
        const { id, trace } = request.params;
        return sendDocument(reply, await findTrace(ctx.db, viewerOf(request), id, trace));
      },
    );
    app.post(
      '/v1/cases/:id/returns',
      {
        schema: {
          summary: 'Compute the return of frozen money to the victims (restitution.md)',
          params: CaseParams,
          body: strict({
            method: Type.Union(METHODS.map((m) => Type.Literal(m))),
            frozen: Type.Optional(
              Type.Array(strict({ account: Id, amount: Decimal }), {
                description: "omit to use the case's executed freeze orders",
              }),
            ),
            recovered: Type.Optional(Type.Array(strict({ victim: Id, amount: Decimal }))),
            trace_id: Type.Optional(Id),
          }),
        },
      },
      async (request, reply) => {
        const { id } = request.params;
        const viewer = requireRole(request, ['authority'], 'deciding a return');
        const body = request.body;
        if (!isMethod(body.method))
          throw new ClawbackError('CB_E_USAGE', { detail: 'unknown method' }, { path: '/method' });
        const c = await findCase(ctx.db, viewer, id);
        const currency = await caseCurrency(ctx.db, c.id);
        if (currency === undefined)
          throw new ClawbackError('CB_E_CASE_EMPTY', {
            detail: 'the case has no losses to return money for',
          });
        const digits = currency.digits;
        const amount = (text: string, path: string, allowZero: boolean) => {
          const r = parseAmount(text, digits, allowZero);
          if (!r.ok)
            throw new ClawbackError(
              'CB_E_BAD_AMOUNT',
              { detail: r.problem.replaceAll('_', ' ') },
              { path, value: text },
            );
          return r.minor;
        };
        const frozen = body.frozen?.map((f, i) => ({
          account: f.account,
          amount: amount(f.amount, `/frozen/${i}/amount`, true),
        }));
        const recovered = body.recovered?.map((f, i) => ({
          victim: f.victim,
          amount: amount(f.amount, `/recovered/${i}/amount`, true),
        }));
        const r = await createReturn(ctx.db, ctx.audit, viewer, id, {
          method: body.method,
          frozen,
          recovered,
          traceId: body.trace_id,
        });
        return reply
          .status(201)
          .send({ ...(r.result as object), created_at: r.createdAt, approved_at: r.approvedAt });
      },
    );
    app.post(
      '/v1/cases/:id/returns/:ret/approve',
      {
        schema: {
          summary: 'Approve a computed return (authority): it may then back return orders',
          params: strict({ id: Id, ret: Id }),
        },
      },
      async (request) => {
        const { id, ret } = request.params;
        const done = await approveReturn(ctx.db, ctx.audit, viewerOf(request), id, ret);
        return { id: ret, approved_at: done.approvedAt };
      },
    );
    app.get(
      '/v1/cases/:id/returns/:ret',
      { schema: { params: strict({ id: Id, ret: Id }) } },
      async (request) => {
        const { id, ret } = request.params;
        const r = await findReturn(ctx.db, viewerOf(request), id, ret);
        return { ...(r.result as object), created_at: r.createdAt, approved_at: r.approvedAt };
      },
    );
    app.get(
      '/v1/cases/:id/returns/:ret/statements/:victim',
      {
        schema: {
          summary: "One victim's statement: text, or HTML with ?format=html",
          params: strict({ id: Id, ret: Id, victim: Id }),
          querystring: strict({
            format: Type.Optional(Type.Union([Type.Literal('text'), Type.Literal('html')])),
          }),
        },
      },
      async (request, reply) => {
        const { id, ret, victim } = request.params;
        const { format } = request.query;
        const text = await returnStatement(
          ctx.db,
          viewerOf(request),
          id,
          ret,
          victim,
          format ?? 'text',
        );
        return reply
          .type(format === 'html' ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8')
          .send(text);
      },
    );
  };
}
