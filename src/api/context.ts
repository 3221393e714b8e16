// What the routes are given: the database, configuration, the clock, and the edges (token
// look-up and audit append) passed in, so tests can run the whole app in process.
import type { Audit, Viewer } from '../cases/index.js';
import type { ServeConfig } from '../config/index.js';
import type { OrderLimits } from '../orders/index.js';
import type { Db } from '../store/index.js';
import type { Metrics } from './metrics.js';

export interface AppContext {
  readonly db: Db;
  readonly config: ServeConfig;
  readonly limits: OrderLimits;
  readonly now: () => number;
  readonly authenticate: (authorization: string | undefined) => Promise<Viewer | undefined>;
  readonly audit: Audit;
  /** Drops a revoked token from the authentication cache at once. */
  readonly forgetToken: (tokenId: string) => void;
  readonly metrics: Metrics;
}

declare module 'fastify' {
  interface FastifyRequest {
    viewer: Viewer | undefined;
  }
}
