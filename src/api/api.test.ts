// The whole HTTP surface in process, against PGlite always and PostgreSQL when reachable:
// ingest, cases, traces (identical to the CLI), orders with their limits, returns,
// statements, audit, and cross-tenant attempts on every endpoint (404, never a leak).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/test-support/run-cli.js';
import { postgresReachable } from '../store/test-support/targets.js';
import { exampleAccounts, exampleLosses, exampleTransfers } from './test-support/example.js';
import { type Harness, startHarness } from './test-support/harness.js';

const hasPg = await postgresReachable();
const HOUR = 3_600_000;
const MULE = '6217000011112222333'; // CCB, hop 2 in the example
const MULE_CMB = '6214830055556666777';

describe.each(['pglite', 'postgres'] as const)('API on %s', (kind) => {
  const skip = kind === 'postgres' && !hasPg;
  let h: Harness;
  let caseId = '';
  let freezeId = '';
  beforeAll(async () => {
    if (!skip) h = await startHarness(kind);
  }, 60_000);
  afterAll(async () => {
    if (!skip) await h.close();
  });
  const json = (r: { body: string }) => JSON.parse(r.body);

  it.skipIf(skip)(
    'health, metrics and the OpenAPI description need no token; the rest does',
    async () => {
      expect((await h.call('none', { method: 'GET', url: '/healthz' })).statusCode).toBe(200);
      const api = json(await h.call('none', { method: 'GET', url: '/openapi.json' }));
      expect(Object.keys(api.paths)).toEqual(
        expect.arrayContaining([
          '/v1/transfers',
          '/v1/cases/{id}/traces',
          '/v1/orders/{id}/{action}',
        ]),
      );
      const none = await h.call('none', { method: 'GET', url: '/v1/orders' });
      expect(none.statusCode).toBe(401);
      expect(none.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(json(none).code).toBe('CB_E_UNAUTHENTICATED');
      const bad = await h.app.inject({
        method: 'GET',
        url: '/v1/orders',
        headers: { authorization: 'Bearer cb_nope' },
      });
      expect(bad.statusCode).toBe(401);
    },
  );

  it.skipIf(skip)(
    'ingests transfers: bad records never block good ones, replays are idempotent, conflicts named',
    async () => {
      const records = [
        ...exampleTransfers(),
        { id: 'BAD1', ts: 'noon', from: 'a', to: 'a', amount: '1.001' },
        { id: 'BAD2', ts: '2026-03-01T00:00:00Z', from: 'a', to: 'b', amount: '5', colour: 'red' },
      ];
      const r = await h.call('bankX', { method: 'POST', url: '/v1/transfers', payload: records });
      expect(r.statusCode).toBe(200);
      const body = json(r);
      expect(body.accepted).toBe(18);
      expect(body.stored).toBe(18);
      expect(body.rejected.map((x: { index: number }) => x.index)).toEqual([18, 19]);
      expect(body.rejected[0].errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual([
        '/amount',
        '/to',
        '/ts',
      ]);
      expect(body.rejected[1].errors[0]).toMatchObject({
        pointer: '/colour',
        code: 'CB_E_UNKNOWN_FIELD',
      });
      // NDJSON, with a replay, a conflict and a line that is not JSON
      const first = exampleTransfers()[0];
      const nd = [
        JSON.stringify(first),
        JSON.stringify({ ...first, amount: '301.00' }),
        '{oops',
        JSON.stringify({
          id: 'TX-NEW',
          ts: '2026-03-09T00:00:00Z',
          from: 'X1',
          to: 'X2',
          amount: '1.00',
        }),
      ].join('\n');
      const r2 = await h.call('bankX', {
        method: 'POST',
        url: '/v1/transfers',
        payload: nd,
        headers: { 'content-type': 'application/x-ndjson' },
      });
      const b2 = json(r2);
      expect(b2).toMatchObject({ accepted: 2, stored: 1, replayed: 1 });
      expect(
        b2.rejected.map((x: { index: number; errors: { code: string }[] }) => [
          x.index,
          x.errors[0]?.code,
        ]),
      ).toEqual([
        [1, 'CB_E_TRANSFER_CONFLICT'],
        [2, 'CB_E_MALFORMED_JSON'],
      ]);
      const count = await h.db.query<{ n: unknown }>('SELECT count(*) AS n FROM transfers');
      expect(Number(count[0]?.n)).toBe(19);
    },
  );

  it.skipIf(skip)(
    'rejects a body that is not a batch, an unknown media type, and an auditor writing',
    async () => {
      const obj = await h.call('bankX', {
        method: 'POST',
        url: '/v1/transfers',
        payload: { id: 'x' },
      });
      expect(obj.statusCode).toBe(400);
      const xml = await h.call('bankX', {
        method: 'POST',
        url: '/v1/transfers',
        payload: '<x/>',
        headers: { 'content-type': 'application/xml' },
      });
      expect(xml.statusCode).toBe(415);
      const broken = await h.call('bankX', {
        method: 'POST',
        url: '/v1/transfers',
        payload: '[{',
        headers: { 'content-type': 'application/json' },
      });
      expect(broken.statusCode).toBe(400);
      expect(json(broken).code).toBe('CB_E_MALFORMED_JSON');
      expect(broken.body).not.toMatch(/at .*\.js/);
      const aud = await h.call('auditor', { method: 'POST', url: '/v1/transfers', payload: [] });
      expect(aud.statusCode).toBe(403);
    },
  );

  it.skipIf(skip)('accounts: an institution describes only its own', async () => {
    const all = await h.call('admin', {
      method: 'POST',
      url: '/v1/accounts',
      payload: exampleAccounts(),
    });
    expect(json(all)).toMatchObject({ accepted: 15, rejected: [] });
    const other = await h.call('bankX', {
      method: 'POST',
      url: '/v1/accounts',
      payload: [
        { account: 'NEW-1' },
        { account: 'NEW-2', institution: 'CMB' },
        { account: MULE_CMB, opening_balance: '1.00' },
      ],
    });
    const b = json(other);
    expect(b.accepted).toBe(1);
    expect(
      b.rejected.map((x: { index: number; errors: { code: string }[] }) => [
        x.index,
        x.errors[0]?.code,
      ]),
    ).toEqual([
      [1, 'CB_E_FORBIDDEN'],
      [2, 'CB_E_NOT_FOUND'],
    ]);
  });

  it.skipIf(skip)(
    'cases: an authority sees its own; other units and institutions get 404',
    async () => {
      const r = await h.call('authA', {
        method: 'POST',
        url: '/v1/cases',
        payload: { title: 'Fake police, Haidian' },
      });
      expect(r.statusCode).toBe(201);
      caseId = json(r).id;
      expect(
        (await h.call('authA', { method: 'GET', url: `/v1/cases/${caseId}` })).statusCode,
      ).toBe(200);
      expect(
        (await h.call('auditor', { method: 'GET', url: `/v1/cases/${caseId}` })).statusCode,
      ).toBe(200);
      for (const who of ['authB', 'bankX', 'admin'] as const) {
        expect((await h.call(who, { method: 'GET', url: `/v1/cases/${caseId}` })).statusCode).toBe(
          404,
        );
        expect(
          (await h.call(who, { method: 'GET', url: '/v1/cases/case_doesnotexist' })).statusCode,
        ).toBe(404);
      }
      expect(json(await h.call('authB', { method: 'GET', url: '/v1/cases' })).cases).toEqual([]);
      const unknown = await h.call('authA', {
        method: 'POST',
        url: '/v1/cases',
        payload: { title: 'x', owner: 'me' },
      });
      expect(unknown.statusCode).toBe(400);
      expect(json(unknown).errors[0]).toMatchObject({
        pointer: '/owner',
        code: 'CB_E_UNKNOWN_FIELD',
      });
    },
  );

  it.skipIf(skip)('losses: checked one by one; another unit cannot add any', async () => {
    const losses = [
      ...exampleLosses(),
      { transfer_id: 'NOPE', victim: 'X' },
      { transfer_id: 'TX1002', victim: 'SOMEONE-ELSE' },
    ];
    const r = json(
      await h.call('authA', { method: 'POST', url: `/v1/cases/${caseId}/losses`, payload: losses }),
    );
    expect(r.accepted).toBe(5);
    expect(r.rejected.map((x: { errors: { code: string }[] }) => x.errors[0]?.code)).toEqual([
      'CB_E_UNKNOWN_TRANSFER',
      'CB_E_LOSS_CONFLICT',
    ]);
    const again = json(
      await h.call('authA', {
        method: 'POST',
        url: `/v1/cases/${caseId}/losses`,
        payload: exampleLosses(),
      }),
    );
    expect(again.accepted).toBe(5);
    for (const who of ['authB', 'bankX'] as const)
      expect(
        (
          await h.call(who, {
            method: 'POST',
            url: `/v1/cases/${caseId}/losses`,
            payload: exampleLosses(),
          })
        ).statusCode,
      ).toBe(404);
  });

  it.skipIf(skip)(
    'a case trace is the document clawback trace --format json prints, plus its id',
    async () => {
      const r = await h.call('authA', {
        method: 'POST',
        url: `/v1/cases/${caseId}/traces`,
        payload: { rule: 'fifo' },
      });
      expect(r.statusCode).toBe(201);
      const doc = json(r);
      expect(doc.id).toMatch(/^trace_/);
      const cli = await runCli([
        'trace',
        '--transfers',
        'examples/transfers.csv',
        '--losses',
        'examples/losses.csv',
        '--accounts',
        'examples/accounts.csv',
        '--rule',
        'fifo',
        '--format',
        'json',
      ]);
      const expected = JSON.parse(cli.stdout);
      const { id, case_id, ...rest } = doc;
      // The API stores one more transfer (TX-NEW), unrelated to the case.
      expect({ ...rest, transfers: expected.transfers }).toEqual(expected);
      expect(case_id).toBe(caseId);
      // Byte for byte what the service answered when it built the document as one string.
      const before = JSON.stringify({ id, case_id, ...expected, transfers: doc.transfers });
      expect(r.body).toBe(before);
      expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(r.headers['content-length']).toBe(String(Buffer.byteLength(before)));
      const again = await h.call('authA', {
        method: 'GET',
        url: `/v1/cases/${caseId}/traces/${id}`,
      });
      expect(again.body).toBe(before);
      expect(again.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(again.headers['content-length']).toBe(String(Buffer.byteLength(before)));
      expect(
        (await h.call('authB', { method: 'GET', url: `/v1/cases/${caseId}/traces/${id}` }))
          .statusCode,
      ).toBe(404);
      expect(
        (
          await h.call('authB', {
            method: 'POST',
            url: `/v1/cases/${caseId}/traces`,
            payload: { rule: 'fifo' },
          })
        ).statusCode,
      ).toBe(404);
      const badRule = await h.call('authA', {
        method: 'POST',
        url: `/v1/cases/${caseId}/traces`,
        payload: { rule: 'fastest' },
      });
      expect(badRule.statusCode).toBe(400);
      const asOf = json(
        await h.call('authA', {
          method: 'POST',
          url: `/v1/cases/${caseId}/traces`,
          payload: { rule: 'clean_first', as_of: '2026-03-02T12:00:00+08:00' },
        }),
      );
      expect(asOf.as_of).not.toBeNull();
    },
  );

  it.skipIf(skip)(
    'orders: issued to one institution, invisible to the others, executed with the held amount',
    async () => {
      const issue = await h.call('authA', {
        method: 'POST',
        url: '/v1/orders',
        payload: {
          kind: 'freeze',
          case_id: caseId,
          account: MULE,
          institution: 'CCB',
          amount: '31600.00',
          reason: 'telecom fraud, case file 2026-17',
        },
      });
      expect(issue.statusCode).toBe(201);
      const order = json(issue);
      freezeId = order.id;
      expect(order).toMatchObject({ state: 'issued', amount: '31600.00', currency: 'CNY' });
      // Addressed to a bank that does not hold the account: refused, naming the holder.
      const wrong = await h.call('authA', {
        method: 'POST',
        url: '/v1/orders',
        payload: {
          kind: 'freeze',
          case_id: caseId,
          account: MULE,
          institution: 'CMB',
          amount: '1.00',
          reason: 'x',
        },
      });
      expect(wrong.statusCode).toBe(422);
      expect(json(wrong).detail).toMatch(/held by CCB/);
      // Another unit cannot issue on this case; an institution cannot issue at all.
      expect(
        (
          await h.call('authB', {
            method: 'POST',
            url: '/v1/orders',
            payload: {
              kind: 'freeze',
              case_id: caseId,
              account: MULE,
              institution: 'CCB',
              amount: '1.00',
              reason: 'x',
            },
          })
        ).statusCode,
      ).toBe(404);
      // Visibility: CCB and the unit see it, CMB and the other unit do not.
      const ids = async (who: 'bankX' | 'bankY' | 'authA' | 'authB' | 'auditor' | 'admin') =>
        json(await h.call(who, { method: 'GET', url: '/v1/orders' })).orders?.map(
          (o: { id: string }) => o.id,
        ) ?? [];
      expect(await ids('bankX')).toEqual([order.id]);
      expect(await ids('authA')).toEqual([order.id]);
      expect(await ids('auditor')).toEqual([order.id]);
      expect(await ids('bankY')).toEqual([]);
      expect(await ids('authB')).toEqual([]);
      for (const who of ['bankY', 'authB', 'admin'] as const) {
        expect(
          (await h.call(who, { method: 'GET', url: `/v1/orders/${order.id}` })).statusCode,
        ).toBe(404);
        expect(
          (await h.call(who, { method: 'POST', url: `/v1/orders/${order.id}/acknowledge` }))
            .statusCode,
        ).toBe(404);
      }
      // The auditor sees it but changes nothing; the authority cannot execute for the bank.
      expect(
        (await h.call('auditor', { method: 'POST', url: `/v1/orders/${order.id}/acknowledge` }))
          .statusCode,
      ).toBe(403);
      expect(
        (
          await h.call('authA', {
            method: 'POST',
            url: `/v1/orders/${order.id}/execute`,
            payload: { held: '1.00' },
          })
        ).statusCode,
      ).toBe(403);
      // Execute before acknowledge is a state error.
      expect(
        (
          await h.call('bankX', {
            method: 'POST',
            url: `/v1/orders/${order.id}/execute`,
            payload: { held: '1.00' },
          })
        ).statusCode,
      ).toBe(409);
      expect(
        (await h.call('bankX', { method: 'POST', url: `/v1/orders/${order.id}/acknowledge` }))
          .statusCode,
      ).toBe(200);
      const ex = await h.call('bankX', {
        method: 'POST',
        url: `/v1/orders/${order.id}/execute`,
        payload: { held: '31600.00' },
      });
      expect(json(ex)).toMatchObject({ state: 'executed', held: '31600.00' });
      const holds = json(
        await h.call('bankX', {
          method: 'GET',
          url: `/v1/accounts/${MULE}/holds?balance_after=100.00`,
        }),
      );
      expect(holds.held).toBe('31600.00');
      expect(holds.payment.decision).toBe('block');
      expect(holds.payment.reasons).toEqual([`hold:${order.id}`]);
      expect(
        json(await h.call('bankY', { method: 'GET', url: `/v1/accounts/${MULE}/holds` })).holds,
      ).toEqual([]);
    },
  );

  it.skipIf(skip)(
    'stop-payments: at most two per account per case, and they lapse after 48 hours',
    async () => {
      const sp = (n: string) =>
        h.call('authA', {
          method: 'POST',
          url: '/v1/orders',
          payload: {
            kind: 'stop_payment',
            case_id: caseId,
            account: MULE_CMB,
            institution: 'CMB',
            amount: n,
            reason: 'urgent',
          },
        });
      const a = json(await sp('100.00'));
      expect((await sp('200.00')).statusCode).toBe(201);
      const third = await sp('300.00');
      expect(third.statusCode).toBe(409);
      expect(json(third).code).toBe('CB_E_ORDER_LIMIT_REACHED');
      h.clock.now += 48 * HOUR;
      const lapsed = json(await h.call('bankY', { method: 'GET', url: `/v1/orders/${a.id}` }));
      expect(lapsed.state).toBe('expired');
      const late = await h.call('bankY', { method: 'POST', url: `/v1/orders/${a.id}/acknowledge` });
      expect(late.statusCode).toBe(409);
      const rows = await h.db.query<{ state: string }>('SELECT state FROM orders WHERE id = $1', [
        a.id,
      ]);
      expect(rows[0]?.state).toBe('expired'); // recorded, with its audit entry
    },
  );

  it.skipIf(skip)(
    'query orders: the issuing authority reads the answer, and every read is audited',
    async () => {
      const q = json(
        await h.call('authA', {
          method: 'POST',
          url: '/v1/orders',
          payload: {
            kind: 'query',
            case_id: caseId,
            account: MULE,
            institution: 'CCB',
            reason: 'holder and flows',
            period: { from: '2026-03-01T00:00:00Z', to: '2026-03-10T00:00:00Z' },
          },
        }),
      );
      expect(
        (await h.call('authA', { method: 'GET', url: `/v1/orders/${q.id}/data` })).statusCode,
      ).toBe(409);
      await h.call('bankX', { method: 'POST', url: `/v1/orders/${q.id}/acknowledge` });
      expect(
        (await h.call('bankX', { method: 'POST', url: `/v1/orders/${q.id}/execute` })).statusCode,
      ).toBe(200);
      const data = json(await h.call('authA', { method: 'GET', url: `/v1/orders/${q.id}/data` }));
      expect(data.transfers.length).toBeGreaterThan(0);
      expect(
        data.transfers.every((t: { from: string; to: string }) => t.from === MULE || t.to === MULE),
      ).toBe(true);
      expect(
        (await h.call('authB', { method: 'GET', url: `/v1/orders/${q.id}/data` })).statusCode,
      ).toBe(404);
      expect(
        (await h.call('bankY', { method: 'GET', url: `/v1/orders/${q.id}/data` })).statusCode,
      ).toBe(403);
      const log = json(
        await h.call('auditor', { method: 'GET', url: `/v1/audit?subject=${q.id}&limit=50` }),
      );
      expect(log.entries.map((e: { action: string }) => e.action)).toEqual([
        'order.issue',
        'order.acknowledge',
        'order.execute',
        'order.query.read',
      ]);
    },
  );

  it.skipIf(skip)(
    'returns: traced_first refuses a trace without amounts, as problem+json, storing nothing',
    async () => {
      const poison = json(
        await h.call('authA', {
          method: 'POST',
          url: `/v1/cases/${caseId}/traces`,
          payload: { rule: 'poison' },
        }),
      );
      const count = async () =>
        Number((await h.db.query('SELECT count(*) AS n FROM returns'))[0]?.n);
      const before = await count();
      const r = await h.call('authA', {
        method: 'POST',
        url: `/v1/cases/${caseId}/returns`,
        payload: { method: 'traced_first', trace_id: poison.id },
      });
      expect(r.statusCode, r.body).toBe(422);
      expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(JSON.stringify(json(r))).toContain('CB_E_TRACE_WITHOUT_AMOUNTS');
      expect(r.body).toContain(`trace ${poison.id}: $.rule: a poison trace names victims`);
      expect(await count()).toBe(before);
    },
  );

  it.skipIf(skip)(
    'returns: traced_first from the executed freeze, exact to the cent, with statements',
    async () => {
      const r = await h.call('authA', {
        method: 'POST',
        url: `/v1/cases/${caseId}/returns`,
        payload: { method: 'traced_first' },
      });
      expect(r.statusCode, r.body).toBe(201);
      const ret = json(r);
      expect(ret.frozen_from).toBe('orders');
      expect(ret.pool).toBe('31600.00');
      const cents = (s: string) => Math.round(Number(s) * 100);
      const total = ret.allocations.reduce(
        (s: number, a: { amount: string }) => s + cents(a.amount),
        0,
      );
      expect(total + cents(ret.unallocated)).toBe(3_160_000);
      const st = await h.call('authA', {
        method: 'GET',
        url: `/v1/cases/${caseId}/returns/${ret.id}/statements/WANG-Fang`,
      });
      expect(st.statusCode).toBe(200);
      expect(st.body).toContain('WANG-Fang');
      const html = await h.call('authA', {
        method: 'GET',
        url: `/v1/cases/${caseId}/returns/${ret.id}/statements/WANG-Fang?format=html`,
      });
      expect(html.headers['content-type']).toMatch(/text\/html/);
      for (const who of ['authB', 'bankX'] as const) {
        expect(
          (await h.call(who, { method: 'GET', url: `/v1/cases/${caseId}/returns/${ret.id}` }))
            .statusCode,
        ).toBe(404);
        expect(
          (
            await h.call(who, {
              method: 'GET',
              url: `/v1/cases/${caseId}/returns/${ret.id}/statements/WANG-Fang`,
            })
          ).statusCode,
        ).toBe(404);
      }
      // Unapproved, the return cannot back a return order; approved, it can, and the bank
      // executing it moves the frozen money out of the freeze.
      const ro = {
        kind: 'return',
        case_id: caseId,
        account: MULE,
        institution: 'CCB',
        reason: 'court decision',
        target: freezeId,
        return_id: ret.id,
      };
      const early = await h.call('authA', { method: 'POST', url: '/v1/orders', payload: ro });
      expect(early.statusCode, early.body).toBe(422);
      expect(
        (
          await h.call('authB', {
            method: 'POST',
            url: `/v1/cases/${caseId}/returns/${ret.id}/approve`,
          })
        ).statusCode,
      ).toBe(404);
      const ok = await h.call('authA', {
        method: 'POST',
        url: `/v1/cases/${caseId}/returns/${ret.id}/approve`,
      });
      expect(json(ok).approved_at).toMatch(/^20/);
      const rorder = json(
        await h.call('authA', { method: 'POST', url: '/v1/orders', payload: ro }),
      );
      expect(rorder.state).toBe('issued');
      await h.call('bankX', { method: 'POST', url: `/v1/orders/${rorder.id}/acknowledge` });
      const done = await h.call('bankX', {
        method: 'POST',
        url: `/v1/orders/${rorder.id}/execute`,
      });
      expect(done.statusCode, done.body).toBe(200);
      const freeze = json(await h.call('authA', { method: 'GET', url: `/v1/orders/${freezeId}` }));
      expect(freeze).toMatchObject({ state: 'returned', held: '0.00', returned: '31600.00' });
      const pr = json(
        await h.call('authA', {
          method: 'POST',
          url: `/v1/cases/${caseId}/returns`,
          payload: { method: 'pro_rata', frozen: [{ account: MULE, amount: '100.00' }] },
        }),
      );
      expect(pr.pool).toBe('100.00');
      const bad = await h.call('authA', {
        method: 'POST',
        url: `/v1/cases/${caseId}/returns`,
        payload: { method: 'pro_rata', frozen: [{ account: MULE, amount: '1.005' }] },
      });
      expect(bad.statusCode).toBe(400);
    },
  );

  it.skipIf(skip)(
    'tokens and the audit log: admin creates and revokes, the chain verifies',
    async () => {
      const t = await h.call('admin', {
        method: 'POST',
        url: '/v1/tokens',
        payload: { role: 'institution', institution: 'BOC' },
      });
      expect(t.statusCode).toBe(201);
      const { id, token } = json(t);
      const use = () =>
        h.app.inject({
          method: 'GET',
          url: '/v1/orders',
          headers: { authorization: `Bearer ${token}` },
        });
      expect((await use()).statusCode).toBe(200);
      expect(
        (await h.call('authA', { method: 'POST', url: '/v1/tokens', payload: { role: 'admin' } }))
          .statusCode,
      ).toBe(403);
      expect(
        (await h.call('admin', { method: 'DELETE', url: `/v1/tokens/${id}` })).statusCode,
      ).toBe(204);
      expect((await use()).statusCode).toBe(401);
      const v = json(await h.call('auditor', { method: 'GET', url: '/v1/audit/verify' }));
      expect(v.ok).toBe(true);
      expect((await h.call('bankX', { method: 'GET', url: '/v1/audit' })).statusCode).toBe(403);
      const metrics = await h.call('none', { method: 'GET', url: '/metrics' });
      expect(metrics.body).toMatch(
        /clawback_ingest_records_total\{kind="transfer",source="http",outcome="stored"\} 19/,
      );
      expect(metrics.body).toMatch(/clawback_orders_lapsing\{kind="freeze",within="7d"\}/);
    },
  );
});

describe('limits', () => {
  it('answers 413 above the body limit and 429 above the rate limit, as problem+json', async () => {
    const h = await startHarness('pglite', {
      CLAWBACK_BODY_LIMIT: '2048',
      CLAWBACK_RATE_LIMIT: '3',
    });
    try {
      const big = await h.call('bankX', {
        method: 'POST',
        url: '/v1/transfers',
        payload: `[${'"x",'.repeat(1000)}"x"]`,
        headers: { 'content-type': 'application/json' },
      });
      expect(big.statusCode).toBe(413);
      let last = 0;
      for (let i = 0; i < 4; i++)
        last = (await h.call('authA', { method: 'GET', url: '/v1/cases' })).statusCode;
      expect(last).toBe(429);
      const r = await h.call('authA', { method: 'GET', url: '/v1/cases' });
      expect(JSON.parse(r.body).code).toBe('CB_E_RATE_LIMITED');
      expect((await h.call('authB', { method: 'GET', url: '/v1/cases' })).statusCode).toBe(200);
    } finally {
      await h.close();
    }
  }, 60_000);
});
