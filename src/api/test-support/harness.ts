// An in-process service for HTTP tests: a migrated database (PGlite or a fresh PostgreSQL),
// a settable clock, and one token per kind of caller.
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { createToken } from '../../auth/index.js';
import { serveConfig } from '../../config/index.js';
import { startService } from '../../serve/index.js';
import type { Db } from '../../store/index.js';
import { openTestDb } from '../../store/test-support/targets.js';

export interface Harness {
  readonly app: FastifyInstance;
  readonly db: Db;
  readonly tokens: Record<'admin' | 'authA' | 'authB' | 'bankX' | 'bankY' | 'auditor', string>;
  /** Moves the service's clock. */
  clock: { now: number };
  call(who: keyof Harness['tokens'] | 'none', opts: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export async function startHarness(
  kind: 'pglite' | 'postgres',
  env: Record<string, string> = {},
): Promise<Harness> {
  const { db, close } = await openTestDb(kind);
  const clock = { now: Date.parse('2026-03-01T00:00:00Z') };
  const service = await startService(serveConfig({}, env), {
    db,
    now: () => clock.now,
    logger: process.env.CLAWBACK_TEST_LOG === undefined ? false : { level: 'error' },
    defaultMetrics: false,
  });
  const make = async (spec: Parameters<typeof createToken>[1]) =>
    (await createToken(db, spec)).token;
  const tokens = {
    admin: await make({ role: 'admin', name: 'ops' }),
    authA: await make({ role: 'authority', unit: 'PSB-A' }),
    authB: await make({ role: 'authority', unit: 'PSB-B' }),
    bankX: await make({ role: 'institution', institution: 'CCB' }),
    bankY: await make({ role: 'institution', institution: 'CMB' }),
    auditor: await make({ role: 'auditor', name: 'inspector' }),
  };
  return {
    app: service.app,
    db,
    tokens,
    clock,
    call: (who, opts) =>
      service.app.inject({
        ...opts,
        headers: {
          ...(who === 'none' ? {} : { authorization: `Bearer ${tokens[who]}` }),
          ...(opts.headers ?? {}),
        },
      }),
    async close() {
      await service.stop();
      await close();
    },
  };
}
