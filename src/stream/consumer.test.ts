// The JetStream consumer against the real NATS server and PGlite (and PostgreSQL when
// reachable): exactly-once storage across a stop midway and a restart, harmless redelivery,
// dead letters for bad records and conflicts, naks on a database failure.
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../store/index.js';
import { openTestDb, storeTargets } from '../store/test-support/targets.js';
import type { BatchReport, TransferConsumer, TransferConsumerOptions } from './index.js';
import { publishTransfers, startTransferConsumer } from './index.js';
import {
  NATS_URL,
  natsReachable,
  readAll,
  removeStreams,
  testNames,
  until,
} from './test-support/nats.js';

const up = await natsReachable();
const targets = up ? await storeTargets() : [];

function transfer(i: number, amount?: string) {
  return {
    id: `T${String(i).padStart(7, '0')}`,
    ts: new Date(Date.UTC(2024, 2, 1) + i * 1000).toISOString(),
    from: `A${i % 97}`,
    to: `B${i % 89}`,
    amount: amount ?? `${(i % 5000) + 1}.${String(i % 100).padStart(2, '0')}`,
    channel: 'transfer',
  };
}

async function countStored(db: Db): Promise<{ rows: number; ids: number; minor: number }> {
  const [r] = await db.query<{ rows: number; ids: number; minor: number }>(
    `SELECT count(*)::int AS rows, count(DISTINCT id)::int AS ids,
            coalesce(sum(amount), 0)::bigint AS minor FROM transfers`,
  );
  return { rows: Number(r?.rows), ids: Number(r?.ids), minor: Number(r?.minor) };
}

describe.runIf(up)('NATS transfer consumer', () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const f of cleanup.splice(0).reverse()) await f();
  });

  async function setup(kind: 'pglite' | 'postgres') {
    const names = testNames();
    const { db, close } = await openTestDb(kind);
    cleanup.push(close, () => removeStreams(names));
    const running: TransferConsumer[] = [];
    cleanup.push(async () => {
      for (const c of running) await c.stop();
    });
    const start = (extra: Partial<TransferConsumerOptions> = {}) =>
      startTransferConsumer({
        db,
        natsUrl: NATS_URL,
        stream: names.stream,
        subject: names.subject,
        durable: names.durable,
        deadLetterSubject: names.deadLetterSubject,
        deadLetterStream: names.deadLetterStream,
        currency: 'CNY',
        batch: 250,
        ...extra,
      }).then((c) => {
        running.push(c);
        return c;
      });
    const publish = (records: unknown[]) =>
      publishTransfers(NATS_URL, names.publishOn, records, { stream: names.stream });
    return { names, db, start, publish };
  }

  for (const kind of targets) {
    describe(kind, () => {
      it('stores exactly N across a stop midway and a restart; a redelivery stores nothing', async () => {
        const { db, start, publish } = await setup(kind);
        const N = 5000;
        const records = Array.from({ length: N }, (_, i) => transfer(i));
        const expectedMinor = records.reduce((s, r) => s + Math.round(Number(r.amount) * 100), 0);
        await publish(records);

        const first = await start();
        await until(() => first.stats.stored >= 1000);
        await first.stop();
        const midway = (await countStored(db)).rows;
        expect(midway).toBeGreaterThanOrEqual(1000);
        expect(midway).toBeLessThan(N); // stopped midway, not at the end
        expect(midway).toBe(first.stats.stored); // everything acked was committed, and only that

        const second = await start();
        await until(async () => (await countStored(db)).rows >= N);
        await second.stop();
        expect(await countStored(db)).toEqual({ rows: N, ids: N, minor: expectedMinor });
        // Each transfer was written by exactly one of the two runs.
        expect(first.stats.stored + second.stats.stored).toBe(N);
        expect(first.stats.rejected + second.stats.rejected).toBe(0);

        // The same 1,000 transfers again (a producer's retry): replayed, nothing stored.
        await publish(records.slice(0, 1000));
        const third = await start();
        await until(() => third.stats.replayed >= 1000);
        await third.stop();
        expect(third.stats.stored).toBe(0);
        expect(third.stats.deadLettered).toBe(0);
        expect((await countStored(db)).rows).toBe(N);
      });

      it('dead-letters bad messages and conflicts without blocking the good ones', async () => {
        const { names, db, start, publish } = await setup(kind);
        const ndjson = [transfer(101), { ...transfer(102), amount: '-5' }, transfer(103)]
          .map((r) => JSON.stringify(r))
          .join('\n');
        const messages: unknown[] = [
          transfer(1),
          '{"id": "T-broken"',
          { ...transfer(2), amount: '1.234' },
          transfer(3),
          ndjson,
          { ...transfer(1), amount: '999.00' }, // same id as the first, other content
          { ...transfer(4), extra: true },
          transfer(5),
        ];
        await publish(messages);
        const reports: BatchReport[] = [];
        const c = await start({ batch: 3, onBatch: (r) => reports.push(r) });
        await until(() => c.stats.messages >= messages.length);
        await c.stop();

        const stored = await db.query<{ id: string; amount: unknown }>(
          'SELECT id, amount FROM transfers ORDER BY id',
        );
        expect(stored.map((r) => r.id)).toEqual(
          ['T0000001', 'T0000003', 'T0000005', 'T0000101', 'T0000103'].sort(),
        );
        expect(Number(stored[0]?.amount)).toBe(Math.round(Number(transfer(1).amount) * 100));
        expect(c.stats).toMatchObject({
          stored: 5,
          deadLettered: 5,
          rejected: 5,
          failedBatches: 0,
        });
        expect(reports.reduce((s, r) => s + r.messages, 0)).toBe(messages.length);

        const dead = (await readAll(names.deadLetterStream)) as Array<{
          subject: string;
          seq: number;
          errors: Array<{ line: number; pointer: string; code: string }>;
          payload: string;
        }>;
        const bySeq = new Map(dead.map((d) => [d.seq, d]));
        expect([...bySeq.keys()].sort((a, b) => a - b)).toEqual([2, 3, 5, 6, 7]);
        expect(bySeq.get(2)?.errors[0]?.code).toBe('CB_E_MALFORMED_JSON');
        expect(bySeq.get(2)?.payload).toBe('{"id": "T-broken"');
        expect(bySeq.get(3)?.errors).toMatchObject([
          { line: 1, pointer: '/amount', code: 'CB_E_TOO_MANY_DECIMALS' },
        ]);
        expect(bySeq.get(5)?.errors).toMatchObject([
          { line: 2, pointer: '/amount', code: 'CB_E_NONPOSITIVE_AMOUNT' },
        ]);
        expect(bySeq.get(6)?.errors).toMatchObject([
          { line: 1, pointer: '/amount', code: 'CB_E_TRANSFER_CONFLICT' },
        ]);
        expect(bySeq.get(7)?.errors).toMatchObject([
          { pointer: '/extra', code: 'CB_E_UNKNOWN_FIELD' },
        ]);
        expect(bySeq.get(6)?.subject).toBe(names.publishOn);

        // Terminated, not retried: a restart sees nothing left to do.
        const again = await start({ batch: 3 });
        await new Promise((r) => setTimeout(r, 500));
        await again.stop();
        expect(again.stats.messages).toBe(0);
      });

      it('naks a batch whose transaction fails, and stores it when it comes again', async () => {
        const { db, start, publish } = await setup(kind);
        let failures = 2;
        const flaky: Db = {
          ...db,
          query: db.query.bind(db),
          transaction: (fn) => {
            if (failures > 0) {
              failures--;
              return Promise.reject(new Error('database is down'));
            }
            return db.transaction(fn);
          },
        };
        await publish(Array.from({ length: 300 }, (_, i) => transfer(i)));
        const errors: unknown[] = [];
        const c = await start({
          db: flaky,
          retryDelayMs: 50,
          logger: { info() {}, warn() {}, error: (o) => errors.push(o) },
        });
        await until(async () => (await countStored(db)).rows >= 300);
        await c.stop();
        expect(c.stats.failedBatches).toBe(2);
        expect(c.stats.retried).toBeGreaterThan(0);
        expect(errors).toHaveLength(2);
        expect(c.stats.stored).toBe(300);
        expect((await countStored(db)).rows).toBe(300);
      });
    });
  }
});
