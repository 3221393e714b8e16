// The HTTP API (Fastify): authentication, limits, problem+json errors, metrics and OpenAPI
// around the capability routes. buildApp does no I/O of its own beyond what it is given.
import { createHash } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import { ClawbackError } from '../errors/index.js';
import type { AppContext } from './context.js';
import { sendProblem } from './problem.js';
import { adminRoutes } from './routes/admin.js';
import { caseRoutes } from './routes/cases.js';
import { ingestRoutes } from './routes/ingest.js';
import { orderRoutes } from './routes/orders.js';
import { systemRoutes } from './routes/system.js';

/** Routes anyone may call: health, metrics (scraped by Prometheus) and the API description. */
const PUBLIC = new Set(['/healthz', '/metrics', '/openapi.json']);

export interface BuildOptions {
  /** pino logger options, or false for none (tests). */
  readonly logger?: boolean | Record<string, unknown>;
}

export async function buildApp(
  ctx: AppContext,
  options: BuildOptions = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? { level: ctx.config.logLevel },
    bodyLimit: ctx.config.bodyLimit,
    // Strict schemas: unknown fields are an error, never silently dropped or coerced.
    ajv: {
      customOptions: {
        removeAdditional: false,
        coerceTypes: false,
        allErrors: true,
        useDefaults: false,
      },
    },
    return503OnClosing: true,
    requestIdHeader: 'x-request-id',
  });
  app.decorateRequest('viewer', undefined);
  app.addContentTypeParser('application/x-ndjson', { parseAs: 'string' }, (_req, body, done) =>
    done(null, body),
  );
  app.setErrorHandler((error, request, reply) => sendProblem(reply, request, error));
  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      reply,
      request,
      new ClawbackError('CB_E_NOT_FOUND', {
        what: `route ${request.method} ${request.url.split('?')[0]}`,
      }),
    ),
  );

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'clawback API',
        version: '1',
        description:
          'Cases, traces, orders and returns between police units and banks. Errors are application/problem+json (RFC 9457).',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });

  await app.register(rateLimit, {
    max: ctx.config.rateLimitPerMinute,
    timeWindow: 60_000,
    keyGenerator: (request) => {
      const auth = request.headers.authorization;
      return auth === undefined
        ? `ip:${request.ip}`
        : `token:${createHash('sha256').update(auth).digest('base64url')}`;
    },
    allowList: (request) => PUBLIC.has(request.url.split('?')[0] ?? ''),
    errorResponseBuilder: (_req, context) => {
      const e = new ClawbackError('CB_E_RATE_LIMITED', { after: context.after });
      return Object.assign(e, { statusCode: 429 });
    },
  });
  app.addHook('onRequest', async (request) => {
    const path = request.url.split('?')[0] ?? '';
    if (PUBLIC.has(path)) return;
    const viewer = await ctx.authenticate(request.headers.authorization);
    if (viewer === undefined) throw new ClawbackError('CB_E_UNAUTHENTICATED');
    request.viewer = viewer;
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    ctx.metrics.requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    ctx.metrics.latency.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });

  await app.register(systemRoutes(ctx));
  await app.register(ingestRoutes(ctx));
  await app.register(caseRoutes(ctx));
  await app.register(orderRoutes(ctx));
  await app.register(adminRoutes(ctx));
  return app;
}
