// clawback serve with NATS_URL: transfers published on the stream are stored once, counted
// in the metrics, and bad ones are dead-lettered, next to the HTTP API on the same database.
import { afterAll, describe, expect, it } from 'vitest';
import { serveConfig } from '../config/index.js';
import { openTestDb } from '../store/test-support/targets.js';
import { publishTransfers } from '../stream/index.js';
import {
  NATS_URL,
  natsReachable,
  removeStreams,
  testNames,
  until,
} from '../stream/test-support/nats.js';
import { startService } from './index.js';

const hasNats = await natsReachable();
const names = testNames();
afterAll(async () => {
  if (hasNats) await removeStreams(names);
});

describe('serve with NATS_URL', () => {
  it.skipIf(!hasNats)(
    'consumes the stream into the same database the API reads',
    async () => {
      const { db, close } = await openTestDb('pglite');
      const env = {
        NATS_URL,
        CLAWBACK_NATS_STREAM: names.stream,
        CLAWBACK_NATS_SUBJECT: names.subject,
        CLAWBACK_NATS_DURABLE: names.durable,
        CLAWBACK_NATS_DEAD_LETTER: names.deadLetterSubject,
      };
      const service = await startService(serveConfig({}, env), {
        db,
        logger: false,
        defaultMetrics: false,
      });
      try {
        const good = Array.from({ length: 300 }, (_, i) => ({
          id: `N${i}`,
          ts: '2026-03-01T09:00:00Z',
          from: `P${i % 7}`,
          to: `Q${i % 5}`,
          amount: '10.00',
        }));
        await publishTransfers(NATS_URL, names.publishOn, [
          ...good,
          { id: 'BAD', ts: 'x' },
          ...good.slice(0, 50),
        ]);
        const count = async () =>
          Number((await db.query<{ n: unknown }>('SELECT count(*) AS n FROM transfers'))[0]?.n);
        await until(async () => (await count()) === 300);
        await until(async () =>
          /outcome="replayed"\} 50/.test(
            (await service.app.inject({ method: 'GET', url: '/metrics' })).body,
          ),
        );
        const metrics = (await service.app.inject({ method: 'GET', url: '/metrics' })).body;
        expect(metrics).toMatch(
          /clawback_ingest_records_total\{kind="transfer",source="nats",outcome="stored"\} 300/,
        );
        expect(await count()).toBe(300);
      } finally {
        await service.stop();
        await close();
      }
    },
    60_000,
  );
});
