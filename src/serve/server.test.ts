// The service's life cycle: a second start on the same data keeps everything, a second
// process on one PGlite directory is refused, and stopping finishes requests in flight.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createToken } from '../auth/index.js';
import { serveConfig } from '../config/index.js';
import { openDbLocked } from '../store/index.js';
import { startService } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'clawback-serve-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('clawback serve on a PGlite directory', () => {
  it('keeps everything across restarts, refuses a second opener, finishes in-flight work on stop', async () => {
    const config = serveConfig({ data: dir, port: '0' }, {});
    const first = await startService(config, { logger: false, defaultMetrics: false });
    await expect(openDbLocked(config.db)).rejects.toThrow(/in use by process/);
    const token = (await createToken(first.db, { role: 'authority', unit: 'PSB-1' })).token;
    const auth = { authorization: `Bearer ${token}` };
    const made = await first.app.inject({
      method: 'POST',
      url: '/v1/cases',
      headers: auth,
      payload: { title: 'kept' },
    });
    expect(made.statusCode).toBe(201);
    // A request in flight over HTTP when stop() is called still gets its answer: a batch
    // big enough to take a while to store.
    const address = await first.app.listen({ host: '127.0.0.1', port: 0 });
    const bank = (await createToken(first.db, { role: 'institution', institution: 'B' })).token;
    const batch = Array.from({ length: 20_000 }, (_, i) => ({
      id: `T${i}`,
      ts: '2026-03-01T10:00:00+08:00',
      from: `A${i % 97}`,
      to: `B${i % 89}`,
      amount: '12.34',
    }));
    const inFlight = fetch(`${address}/v1/transfers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bank}`, 'content-type': 'application/json' },
      body: JSON.stringify(batch),
    });
    await new Promise((r) => setTimeout(r, 300));
    await first.stop();
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { stored: number }).stored).toBe(20_000);

    const second = await startService(config, { logger: false, defaultMetrics: false });
    try {
      const migrations = await second.db.query(
        'SELECT version FROM schema_migrations ORDER BY version',
      );
      expect(migrations.length).toBeGreaterThanOrEqual(3);
      const list = await second.app.inject({ method: 'GET', url: '/v1/cases', headers: auth });
      expect(JSON.parse(list.body).cases.map((c: { title: string }) => c.title)).toEqual(['kept']);
      const n = await second.db.query<{ n: unknown }>('SELECT count(*) AS n FROM transfers');
      expect(Number(n[0]?.n)).toBe(20_000);
    } finally {
      await second.stop();
    }
  }, 90_000);
});
