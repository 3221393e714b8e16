// POST /v1/transfers and /v1/accounts: batches of formats.md records as a JSON array or
// NDJSON. Each record is validated on its own; the good ones are stored in one transaction
// whatever is wrong with the others, and the answer lists every rejected index and why.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { ERRORS, renderMessage } from '../../errors/index.js';
import {
  type Checked,
  checkAccount,
  checkTransfer,
  type FieldProblem,
  insertTransfers,
  type LedgerAccount,
  type LedgerTransfer,
  upsertAccounts,
} from '../../ledger/index.js';
import { knownCurrency } from '../../money/index.js';
import { batchOf } from '../body.js';
import type { AppContext } from '../context.js';
import { requireRole } from '../guard.js';
import { batchBody, batchResult } from '../schemas.js';

interface Rejected {
  index: number;
  errors: FieldProblem[];
}

function split<T>(
  records: readonly unknown[],
  unparsed: ReadonlyMap<number, FieldProblem>,
  check: (v: unknown) => Checked<T>,
) {
  const good: { index: number; value: T }[] = [];
  const rejected: Rejected[] = [];
  records.forEach((r, index) => {
    const bad = unparsed.get(index);
    if (bad !== undefined) {
      rejected.push({ index, errors: [bad] });
      return;
    }
    const c = check(r);
    if (c.ok) good.push({ index, value: c.value });
    else rejected.push({ index, errors: [...c.problems] });
  });
  return { good, rejected };
}

const wire = (p: FieldProblem) => ({ pointer: p.pointer, code: p.code, detail: p.detail });

export function ingestRoutes(ctx: AppContext) {
  const currency = knownCurrency(ctx.config.currency);
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    app.post(
      '/v1/transfers',
      {
        schema: {
          summary: 'Store transfers (formats.md fields), idempotent by id',
          body: batchBody('transfer'),
          response: { 200: batchResult },
        },
      },
      async (request) => {
        const viewer = requireRole(
          request,
          ['institution', 'authority', 'admin'],
          'storing transfers',
        );
        const { records, unparsed } = batchOf(request.body, ctx.config.maxBatch);
        const { good, rejected } = split<LedgerTransfer>(records, unparsed, (v) =>
          checkTransfer(v, currency),
        );
        const outcome = await ctx.db.transaction(async (tx) => {
          const o = await insertTransfers(
            tx,
            good.map((g) => g.value),
            'http',
          );
          if (o.inserted > 0)
            await ctx.audit(tx, viewer, 'transfers.store', 'transfers', {
              inserted: o.inserted,
              replayed: o.replayed,
            });
          return o;
        });
        for (const [i, field] of outcome.conflicts) {
          const g = good[i];
          if (g === undefined) continue;
          rejected.push({
            index: g.index,
            errors: [
              {
                pointer: '/id',
                code: 'CB_E_TRANSFER_CONFLICT',
                detail: renderMessage('CB_E_TRANSFER_CONFLICT', { field }),
                status: ERRORS.CB_E_TRANSFER_CONFLICT.status,
              },
            ],
          });
        }
        rejected.sort((a, b) => a.index - b.index);
        const m = ctx.metrics.ingested;
        m.inc({ kind: 'transfer', source: 'http', outcome: 'stored' }, outcome.inserted);
        m.inc({ kind: 'transfer', source: 'http', outcome: 'replayed' }, outcome.replayed);
        m.inc({ kind: 'transfer', source: 'http', outcome: 'rejected' }, rejected.length);
        return {
          accepted: good.length - outcome.conflicts.size,
          stored: outcome.inserted,
          replayed: outcome.replayed,
          rejected: rejected.map((r) => ({ index: r.index, errors: r.errors.map(wire) })),
        };
      },
    );

    app.post(
      '/v1/accounts',
      {
        schema: {
          summary: 'Store account facts (formats.md accounts fields); the latest record wins',
          body: batchBody('account'),
          response: { 200: batchResult },
        },
      },
      async (request) => {
        const viewer = requireRole(
          request,
          ['institution', 'authority', 'admin'],
          'storing accounts',
        );
        const { records, unparsed } = batchOf(request.body, ctx.config.maxBatch);
        const { good, rejected } = split<LedgerAccount>(records, unparsed, (v) =>
          checkAccount(v, currency),
        );
        const own: LedgerAccount[] = [];
        for (const g of good) {
          // An institution speaks only for the accounts it holds.
          if (viewer.role === 'institution') {
            if (g.value.institution !== null && g.value.institution !== viewer.institution) {
              rejected.push({
                index: g.index,
                errors: [
                  {
                    pointer: '/institution',
                    code: 'CB_E_FORBIDDEN',
                    detail: renderMessage('CB_E_FORBIDDEN', {
                      detail: `an institution token of ${viewer.institution} may only describe its own accounts`,
                    }),
                    status: 403,
                  },
                ],
              });
              continue;
            }
            own.push({ ...g.value, institution: viewer.institution ?? null });
          } else own.push(g.value);
        }
        if (viewer.role === 'institution' && own.length > 0) {
          // Nor may it overwrite an account another institution holds.
          const taken = await ctx.db.query<{ account: string }>(
            'SELECT account FROM accounts WHERE account = ANY($1::text[]) AND institution IS DISTINCT FROM $2',
            [own.map((a) => a.account), viewer.institution],
          );
          const blocked = new Set(taken.map((t) => t.account));
          for (let k = own.length - 1; k >= 0; k--) {
            const a = own[k];
            if (a === undefined || !blocked.has(a.account)) continue;
            own.splice(k, 1);
            const g = good.find((x) => x.value.account === a.account);
            if (g !== undefined)
              rejected.push({
                index: g.index,
                errors: [
                  {
                    pointer: '/account',
                    code: 'CB_E_NOT_FOUND',
                    detail: renderMessage('CB_E_NOT_FOUND', {
                      what: `account ${a.account} of ${viewer.institution}`,
                    }),
                    status: 404,
                  },
                ],
              });
          }
        }
        await ctx.db.transaction(async (tx) => {
          const n = await upsertAccounts(tx, own);
          if (n > 0)
            await ctx.audit(tx, viewer, 'accounts.store', 'accounts', {
              written: n,
              accounts: own.slice(0, 1000).map((a) => a.account),
            });
        });
        rejected.sort((a, b) => a.index - b.index);
        ctx.metrics.ingested.inc(
          { kind: 'account', source: 'http', outcome: 'stored' },
          own.length,
        );
        ctx.metrics.ingested.inc(
          { kind: 'account', source: 'http', outcome: 'rejected' },
          rejected.length,
        );
        return {
          accepted: own.length,
          stored: own.length,
          replayed: 0,
          rejected: rejected.map((r) => ({ index: r.index, errors: r.errors.map(wire) })),
        };
      },
    );
  };
}
