// The service's configuration: flags and environment parsed once into a frozen, typed object.
// Nothing else reads process.env; the CLI passes the environment in.
import { resolve } from 'node:path';
import { ClawbackError } from '../errors/index.js';
import { type OrderLimits, parseOrderLimits, unwrap } from '../orders/index.js';
import type { DbTarget } from '../store/index.js';

export interface ServeConfig {
  readonly host: string;
  readonly port: number;
  readonly db: DbTarget;
  /** NATS server(s) to consume transfers from; undefined = no stream ingest. */
  readonly natsUrl: string | undefined;
  readonly natsStream: string;
  readonly natsSubject: string;
  readonly natsDurable: string;
  /** Where rejected messages go (kept in the stream `<natsStream>_REJECTED`). */
  readonly natsDeadLetterSubject: string;
  /** Largest request body, bytes. */
  readonly bodyLimit: number;
  /** Requests per token (or per address when unauthenticated) per minute. */
  readonly rateLimitPerMinute: number;
  /** Records per POST /v1/transfers or /v1/accounts. */
  readonly maxBatch: number;
  readonly logLevel: string;
  /** Currency of records without one. */
  readonly currency: string;
  /** How often lapsed orders are expired, ms. */
  readonly expirySweepMs: number;
  /** Legal limits of orders (orders.md defaults), per jurisdiction. */
  readonly orderLimits: OrderLimits;
}

export interface ServeFlags {
  readonly data?: string | undefined;
  readonly host?: string | undefined;
  readonly port?: string | undefined;
}

export type Env = Readonly<Record<string, string | undefined>>;

/** Where the data lives: DATABASE_URL (PostgreSQL) wins, else PGlite in `--data` or ./clawback-data. */
export function dbTargetFrom(data: string | undefined, env: Env): DbTarget {
  const url = env.DATABASE_URL;
  if (url !== undefined && url !== '') {
    if (!/^postgres(ql)?:\/\//.test(url))
      throw new ClawbackError('CB_E_CONFIG', {
        field: 'DATABASE_URL',
        detail: 'expected postgres://user@host:port/database',
      });
    return {
      kind: 'postgres',
      url,
      max: intFrom(env.CLAWBACK_DB_POOL, 'CLAWBACK_DB_POOL', 10, 1, 200),
    };
  }
  return { kind: 'pglite', dataDir: resolve(data ?? './clawback-data') };
}

function intFrom(
  text: string | undefined,
  field: string,
  fallback: number,
  min: number,
  max: number,
): number {
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new ClawbackError('CB_E_CONFIG', {
      field,
      detail: `"${text}": expected a whole number from ${min} to ${max}`,
    });
  return n;
}

/** CLAWBACK_ORDER_LIMITS, a JSON object such as {"stopPaymentHours": 72}; the rest default. */
function orderLimitsFrom(text: string | undefined): OrderLimits {
  if (text === undefined || text === '') return unwrap(parseOrderLimits(undefined));
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new ClawbackError('CB_E_CONFIG', {
      field: 'CLAWBACK_ORDER_LIMITS',
      detail: `not JSON: ${e instanceof Error ? e.message : String(e)}`,
    });
  }
  const r = parseOrderLimits(parsed);
  if (!r.ok)
    throw new ClawbackError('CB_E_CONFIG', {
      field: 'CLAWBACK_ORDER_LIMITS',
      detail: r.errors.map((e) => e.reason).join('; '),
    });
  return r.value;
}

export function serveConfig(flags: ServeFlags, env: Env): ServeConfig {
  const nats = env.NATS_URL;
  return Object.freeze({
    host: flags.host ?? env.CLAWBACK_HOST ?? '127.0.0.1',
    port: intFrom(flags.port ?? env.CLAWBACK_PORT, '--port', 8080, 0, 65535),
    db: Object.freeze(dbTargetFrom(flags.data, env)),
    natsUrl: nats === undefined || nats === '' ? undefined : nats,
    natsStream: env.CLAWBACK_NATS_STREAM ?? 'CLAWBACK_TRANSFERS',
    natsSubject: env.CLAWBACK_NATS_SUBJECT ?? 'clawback.transfers.>',
    natsDurable: env.CLAWBACK_NATS_DURABLE ?? 'clawback-ingest',
    natsDeadLetterSubject: env.CLAWBACK_NATS_DEAD_LETTER ?? 'clawback.rejected.transfers',
    bodyLimit: intFrom(
      env.CLAWBACK_BODY_LIMIT,
      'CLAWBACK_BODY_LIMIT',
      16 * 1024 * 1024,
      1024,
      1 << 30,
    ),
    rateLimitPerMinute: intFrom(
      env.CLAWBACK_RATE_LIMIT,
      'CLAWBACK_RATE_LIMIT',
      6000,
      1,
      10_000_000,
    ),
    maxBatch: intFrom(env.CLAWBACK_MAX_BATCH, 'CLAWBACK_MAX_BATCH', 50_000, 1, 1_000_000),
    logLevel: env.CLAWBACK_LOG_LEVEL ?? 'info',
    currency: env.CLAWBACK_CURRENCY ?? 'CNY',
    orderLimits: orderLimitsFrom(env.CLAWBACK_ORDER_LIMITS),
    expirySweepMs: intFrom(
      env.CLAWBACK_EXPIRY_SWEEP_MS,
      'CLAWBACK_EXPIRY_SWEEP_MS',
      60_000,
      100,
      86_400_000,
    ),
  });
}
