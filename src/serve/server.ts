// Assembling the service: open and migrate the database, build the API, start the order
// expiry sweep and (with NATS_URL) the stream consumer; stop all of it gracefully.
import type { FastifyInstance } from 'fastify';
import { buildApp, createMetrics } from '../api/index.js';
import { appendAudit } from '../audit/index.js';
import { TokenCache } from '../auth/index.js';
import type { Audit } from '../cases/index.js';
import { sweepExpired } from '../cases/index.js';
import type { ServeConfig } from '../config/index.js';
import type { OrderLimits } from '../orders/index.js';
import { type Db, migrate, openDbLocked } from '../store/index.js';

export interface Service {
  readonly app: FastifyInstance;
  readonly db: Db;
  /** Finishes in-flight requests and acks, then closes the database. */
  stop(): Promise<void>;
}

export interface ServiceOptions {
  readonly now?: () => number;
  readonly limits?: OrderLimits;
  readonly logger?: boolean | Record<string, unknown>;
  /** Use this database instead of opening config.db (tests). */
  readonly db?: Db;
  readonly defaultMetrics?: boolean;
}

export function auditWith(now: () => number): Audit {
  return async (tx, viewer, action, subject, detail) => {
    await appendAudit(
      tx,
      { actor: viewer.tokenId, action, subject, detail: JSON.parse(JSON.stringify(detail)) },
      now(),
    );
  };
}

export async function startService(
  config: ServeConfig,
  options: ServiceOptions = {},
): Promise<Service> {
  const now = options.now ?? Date.now;
  const db = options.db ?? (await openDbLocked(config.db));
  await migrate(db);
  const metrics = createMetrics(options.defaultMetrics ?? true);
  const audit = auditWith(now);
  const tokens = new TokenCache(db);
  const app = await buildApp(
    {
      db,
      config,
      limits: options.limits ?? config.orderLimits,
      now,
      authenticate: (header) => tokens.authenticate(header),
      forgetToken: (id) => tokens.forget(id),
      audit,
      metrics,
    },
    options.logger === undefined ? {} : { logger: options.logger },
  );
  let stopping = false;
  let sweeping: Promise<unknown> = Promise.resolve();
  const sweep = () => {
    if (stopping) return;
    sweeping = sweepExpired(db, audit, now()).then(
      (n) => {
        if (n > 0) app.log.info({ expired: n }, 'orders lapsed');
      },
      (e: unknown) => app.log.error({ err: e }, 'order expiry sweep failed'),
    );
  };
  const timer = setInterval(sweep, config.expirySweepMs);
  timer.unref();
  sweep();
  let consumer: { stop(): Promise<void> } | undefined;
  if (config.natsUrl !== undefined) {
    const { startTransferConsumer } = await import('../stream/index.js');
    consumer = await startTransferConsumer({
      db,
      natsUrl: config.natsUrl,
      stream: config.natsStream,
      subject: config.natsSubject,
      durable: config.natsDurable,
      deadLetterSubject: config.natsDeadLetterSubject,
      currency: config.currency,
      logger: app.log,
      onBatch: (s) => {
        metrics.ingested.inc({ kind: 'transfer', source: 'nats', outcome: 'stored' }, s.stored);
        metrics.ingested.inc({ kind: 'transfer', source: 'nats', outcome: 'replayed' }, s.replayed);
        metrics.ingested.inc({ kind: 'transfer', source: 'nats', outcome: 'rejected' }, s.rejected);
      },
    });
  }
  return {
    app,
    db,
    async stop() {
      stopping = true;
      clearInterval(timer);
      await app.close(); // stops accepting, finishes in-flight requests
      await consumer?.stop(); // finishes the batch in hand: commit, then ack
      await sweeping;
      if (options.db === undefined) await db.close();
    },
  };
}
