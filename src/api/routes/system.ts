// Health, Prometheus metrics and the OpenAPI description: the routes without a token.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';

export function systemRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    app.get('/healthz', { schema: { hide: true } }, async (_req, reply) => {
      try {
        await ctx.db.query('SELECT 1');
        return { status: 'ok', database: ctx.db.kind };
      } catch {
        return reply.status(503).send({ status: 'unavailable', database: ctx.db.kind });
      }
    });
    app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
      await refreshDeadlines(ctx);
      return reply
        .type(ctx.metrics.registry.contentType)
        .send(await ctx.metrics.registry.metrics());
    });
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  };
}

/** Order deadlines are read from the database when scraped, not kept in memory. */
async function refreshDeadlines(ctx: AppContext): Promise<void> {
  const now = ctx.now();
  const rows = await ctx.db.query<{ kind: string; expires_at: unknown }>(
    `SELECT kind, expires_at FROM orders
      WHERE kind IN ('stop_payment', 'freeze') AND state IN ('issued', 'acknowledged', 'executed')
        AND expires_at IS NOT NULL`,
  );
  const windows = { '1h': 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000 } as const;
  let next = Number.POSITIVE_INFINITY;
  const counts = new Map<string, number>();
  for (const r of rows) {
    const at = Number(r.expires_at);
    if (at < now) continue;
    next = Math.min(next, at);
    for (const [label, ms] of Object.entries(windows))
      if (at - now <= ms)
        counts.set(`${r.kind}|${label}`, (counts.get(`${r.kind}|${label}`) ?? 0) + 1);
  }
  ctx.metrics.ordersDue.reset();
  for (const kind of ['stop_payment', 'freeze'])
    for (const label of Object.keys(windows))
      ctx.metrics.ordersDue.set({ kind, within: label }, counts.get(`${kind}|${label}`) ?? 0);
  ctx.metrics.nextDeadline.reset();
  if (Number.isFinite(next)) ctx.metrics.nextDeadline.set((next - now) / 1000);
}
