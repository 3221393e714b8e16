// The consumer across a NATS server crash and restart: a private nats-server (its own port and
// store, started and killed by this test) so the shared one is never touched. Runs where the
// nats-server binary is installed (NATS_SERVER_BIN, default /usr/sbin/nats-server).
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';
import { describe, expect, it } from 'vitest';
import { openTestDb } from '../store/test-support/targets.js';
import { publishTransfers, startTransferConsumer } from './index.js';
import { until } from './test-support/nats.js';

const BIN = process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server';
const present = existsSync(BIN);
if (!present) console.warn(`${BIN} not found: the NATS reconnect test is skipped`);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function serverUp(url: string): Promise<void> {
  await until(async () => {
    try {
      const nc = await connect({ servers: url, maxReconnectAttempts: 0, timeout: 500 });
      await nc.close();
      return true;
    } catch {
      return false;
    }
  }, 10_000);
}

const transfer = (i: number) => ({
  id: `T${i}`,
  ts: '2024-03-01T10:00:00Z',
  from: 'A',
  to: 'B',
  amount: `${i + 1}.00`,
});

describe.runIf(present)('NATS transfer consumer across a server restart', () => {
  it('reconnects and stores every transfer exactly once', async () => {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const url = `nats://127.0.0.1:${port}`;
    const store = mkdtempSync(join(tmpdir(), 'clawback-nats-'));
    const start = () =>
      spawn(BIN, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', store], {
        stdio: 'ignore',
      });
    let server: ChildProcess = start();
    const { db, close } = await openTestDb('pglite');
    const events: string[] = [];
    try {
      await serverUp(url);
      const subject = 'clawback.transfers.x';
      await publishTransfers(
        url,
        subject,
        Array.from({ length: 3000 }, (_, i) => transfer(i)),
        { stream: 'CLAWBACK_TRANSFERS' },
      );
      const c = await startTransferConsumer({
        db,
        natsUrl: url,
        stream: 'CLAWBACK_TRANSFERS',
        subject: 'clawback.transfers.>',
        durable: 'clawback-ingest',
        currency: 'CNY',
        batch: 200,
        logger: {
          info() {},
          warn: (o) => events.push(String((o as { event?: string }).event)),
          error() {},
        },
      });
      await until(() => c.stats.stored >= 500);
      server.kill('SIGKILL'); // a crash: acks in flight are lost
      await sleep(1500);
      server = start();
      await serverUp(url);
      await publishTransfers(
        url,
        subject,
        Array.from({ length: 2000 }, (_, i) => transfer(3000 + i)),
      );
      await until(async () => {
        const [r] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM transfers');
        return Number(r?.n) >= 5000;
      }, 60_000);
      await c.stop();
      const [r] = await db.query<{ n: number; d: number }>(
        'SELECT count(*)::int AS n, count(DISTINCT id)::int AS d FROM transfers',
      );
      expect([Number(r?.n), Number(r?.d)]).toEqual([5000, 5000]);
      expect(c.stats.stored).toBe(5000);
      expect(events).toContain('reconnect');
    } finally {
      server.kill('SIGKILL');
      await close();
      rmSync(store, { recursive: true, force: true });
    }
  });
});
