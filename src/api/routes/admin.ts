// Tokens (admin) and the audit log (auditor): who may call, and the record of what was done.

import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { listAudit, verifyAudit } from '../../audit/index.js';
import { createToken, revokeToken } from '../../auth/index.js';
import type { AppContext } from '../context.js';
import { requireRole } from '../guard.js';
import { Id, strict } from '../schemas.js';

export function adminRoutes(ctx: AppContext) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    app.post(
      '/v1/tokens',
      {
        schema: {
          summary: 'Create an API token (admin); the token is in this answer only',
          body: strict({
            role: Type.Union([
              Type.Literal('authority'),
              Type.Literal('institution'),
              Type.Literal('auditor'),
              Type.Literal('admin'),
            ]),
            institution: Type.Optional(Id),
            unit: Type.Optional(Id),
            name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
          }),
        },
      },
      async (request, reply) => {
        const viewer = requireRole(request, ['admin'], 'creating tokens');
        const b = request.body;
        const created = await createToken(ctx.db, b, { actor: viewer.tokenId, now: ctx.now() });
        const p = created.principal;
        return reply.status(201).send({
          id: created.id,
          token: created.token,
          role: p.role,
          name: p.name,
          institution: p.institution ?? null,
          unit: p.unit ?? null,
        });
      },
    );
    app.delete(
      '/v1/tokens/:id',
      { schema: { summary: 'Revoke a token (admin)', params: strict({ id: Id }) } },
      async (request, reply) => {
        const viewer = requireRole(request, ['admin'], 'revoking tokens');
        const { id } = request.params;
        await revokeToken(ctx.db, id, { actor: viewer.tokenId, now: ctx.now() });
        ctx.forgetToken(id);
        return reply.status(204).send();
      },
    );
    app.get(
      '/v1/audit',
      {
        schema: {
          summary: 'A page of the audit log (auditor)',
          querystring: strict({
            after: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$' })),
            limit: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,3}$' })),
            subject: Type.Optional(Id),
          }),
        },
      },
      async (request) => {
        requireRole(request, ['auditor'], 'reading the audit log');
        const q = request.query;
        const entries = await listAudit(ctx.db, {
          after: Number(q.after ?? 0),
          limit: Number(q.limit ?? 100),
          ...(q.subject === undefined ? {} : { subject: q.subject }),
        });
        return { entries, next: entries.at(-1)?.seq ?? null };
      },
    );
    app.get(
      '/v1/audit/verify',
      { schema: { summary: 'Verify the hash chain (auditor, admin)' } },
      async (request) => {
        requireRole(request, ['auditor', 'admin'], 'verifying the audit log');
        return verifyAudit(ctx.db);
      },
    );
  };
}
