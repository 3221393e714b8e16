// Cross-tenant attempts on every endpoint that names a record: another police unit, an
// institution the order is not addressed to, and an admin must get exactly the answer a
// record that does not exist gets (404, or the route's own 403), so nothing leaks existence.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresReachable } from '../store/test-support/targets.js';
import { exampleAccounts, exampleLosses, exampleTransfers } from './test-support/example.js';
import { type Harness, startHarness } from './test-support/harness.js';

const hasPg = await postgresReachable();
const MULE = '6217000011112222333';

interface Ids {
  case: string;
  trace: string;
  ret: string;
  freeze: string;
  query: string;
}

/** Every request that names a record, built from the ids of one authority's case. */
function requests(ids: Ids): {
  name: string;
  method: 'GET' | 'POST';
  url: string;
  payload?: Record<string, unknown> | Record<string, unknown>[];
}[] {
  const c = `/v1/cases/${ids.case}`;
  const list: {
    name: string;
    method: 'GET' | 'POST';
    url: string;
    payload?: Record<string, unknown> | Record<string, unknown>[];
  }[] = [
    { name: 'case', method: 'GET', url: c },
    { name: 'add losses', method: 'POST', url: `${c}/losses`, payload: exampleLosses() },
    { name: 'trace', method: 'POST', url: `${c}/traces`, payload: { rule: 'fifo' } },
    { name: 'stored trace', method: 'GET', url: `${c}/traces/${ids.trace}` },
    {
      name: 'return',
      method: 'POST',
      url: `${c}/returns`,
      payload: { method: 'pro_rata', frozen: [{ account: MULE, amount: '1.00' }] },
    },
    { name: 'stored return', method: 'GET', url: `${c}/returns/${ids.ret}` },
    { name: 'approve return', method: 'POST', url: `${c}/returns/${ids.ret}/approve` },
    { name: 'statement', method: 'GET', url: `${c}/returns/${ids.ret}/statements/WANG-Fang` },
    {
      name: 'issue order on the case',
      method: 'POST',
      url: '/v1/orders',
      payload: {
        kind: 'freeze',
        case_id: ids.case,
        account: MULE,
        institution: 'CCB',
        amount: '1.00',
        reason: 'x',
      },
    },
    { name: 'order', method: 'GET', url: `/v1/orders/${ids.freeze}` },
    { name: 'query answer', method: 'GET', url: `/v1/orders/${ids.query}/data` },
  ];
  for (const action of ['acknowledge', 'execute', 'reject', 'renew', 'release', 'return'])
    list.push({
      name: `order ${action}`,
      method: 'POST',
      url: `/v1/orders/${ids.freeze}/${action}`,
      payload:
        action === 'reject' ? { reason: 'no' } : action === 'execute' ? { held: '1.00' } : {},
    });
  return list;
}

describe.each(['pglite', 'postgres'] as const)('tenancy on %s', (kind) => {
  const skip = kind === 'postgres' && !hasPg;
  let h: Harness;
  let ids: Ids;
  const json = (r: { body: string }) => JSON.parse(r.body);
  beforeAll(async () => {
    if (skip) return;
    h = await startHarness(kind);
    await h.call('bankX', { method: 'POST', url: '/v1/transfers', payload: exampleTransfers() });
    await h.call('admin', { method: 'POST', url: '/v1/accounts', payload: exampleAccounts() });
    const c = json(
      await h.call('authA', { method: 'POST', url: '/v1/cases', payload: { title: 'A' } }),
    ).id;
    await h.call('authA', {
      method: 'POST',
      url: `/v1/cases/${c}/losses`,
      payload: exampleLosses(),
    });
    const trace = json(
      await h.call('authA', {
        method: 'POST',
        url: `/v1/cases/${c}/traces`,
        payload: { rule: 'fifo' },
      }),
    ).id;
    const freeze = json(
      await h.call('authA', {
        method: 'POST',
        url: '/v1/orders',
        payload: {
          kind: 'freeze',
          case_id: c,
          account: MULE,
          institution: 'CCB',
          amount: '100.00',
          reason: 'x',
        },
      }),
    ).id;
    const query = json(
      await h.call('authA', {
        method: 'POST',
        url: '/v1/orders',
        payload: {
          kind: 'query',
          case_id: c,
          account: MULE,
          institution: 'CCB',
          reason: 'x',
          period: { from: '2026-03-01T00:00:00Z', to: '2026-03-09T00:00:00Z' },
        },
      }),
    ).id;
    await h.call('bankX', { method: 'POST', url: `/v1/orders/${query}/acknowledge` });
    await h.call('bankX', { method: 'POST', url: `/v1/orders/${query}/execute` });
    const ret = json(
      await h.call('authA', {
        method: 'POST',
        url: `/v1/cases/${c}/returns`,
        payload: { method: 'pro_rata', frozen: [{ account: MULE, amount: '10.00' }] },
      }),
    ).id;
    ids = { case: c, trace, ret, freeze, query };
  }, 90_000);
  afterAll(async () => {
    if (!skip) await h.close();
  });

  it.skipIf(skip)('the owners reach every record (the requests are valid)', async () => {
    for (const r of requests(ids).filter((x) => x.method === 'GET')) {
      const res = await h.call('authA', r);
      expect(res.statusCode, `${r.name}: ${res.body}`).toBe(200);
    }
    expect(
      (await h.call('bankX', { method: 'GET', url: `/v1/orders/${ids.freeze}` })).statusCode,
    ).toBe(200);
  });

  it.skipIf(skip)('outsiders get what a missing record gets, for every endpoint', async () => {
    const fake: Ids = {
      case: 'case_0',
      trace: 'trace_0',
      ret: 'return_0',
      freeze: 'order_0',
      query: 'order_1',
    };
    const real = requests(ids);
    const missing = requests(fake);
    for (const who of ['authB', 'bankY', 'admin'] as const) {
      for (let i = 0; i < real.length; i++) {
        const r = real[i];
        const m = missing[i];
        if (r === undefined || m === undefined) continue;
        const a = await h.call(who, r);
        const b = await h.call(who, m);
        const what = `${who} ${r.name}: ${a.body}`;
        expect([403, 404], what).toContain(a.statusCode);
        expect({ status: a.statusCode, code: json(a).code }, what).toEqual({
          status: b.statusCode,
          code: json(b).code,
        });
        if (a.statusCode === 403)
          expect(json(a).detail, what).not.toMatch(/case_|order_|return_|trace_/);
      }
    }
    // Lists show the outsider nothing of it either.
    for (const who of ['authB', 'bankY', 'admin'] as const) {
      const orders = json(
        await h.call(who, { method: 'GET', url: `/v1/orders?case_id=${ids.case}` }),
      );
      expect(orders.orders ?? [], who).toEqual([]);
    }
    expect(json(await h.call('authB', { method: 'GET', url: '/v1/cases' })).cases).toEqual([]);
    expect(
      json(await h.call('bankY', { method: 'GET', url: `/v1/accounts/${MULE}/holds` })).holds,
    ).toEqual([]);
    // Nothing changed through any of it.
    const row = await h.db.query<{ state: string }>('SELECT state FROM orders WHERE id = $1', [
      ids.freeze,
    ]);
    expect(row[0]?.state).toBe('issued');
  });

  it.skipIf(skip)('the auditor reads everything and changes nothing', async () => {
    for (const r of requests(ids)) {
      const res = await h.call('auditor', r);
      if (r.method === 'GET') expect(res.statusCode, `${r.name}: ${res.body}`).toBe(200);
      else expect(res.statusCode, `${r.name}: ${res.body}`).toBe(403);
    }
    const log = json(
      await h.call('auditor', { method: 'GET', url: `/v1/audit?subject=${ids.query}` }),
    );
    expect(
      log.entries.filter((e: { action: string }) => e.action === 'order.query.read').length,
    ).toBeGreaterThanOrEqual(2);
  });
});
