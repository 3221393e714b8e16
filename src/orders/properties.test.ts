import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  effectiveState,
  expireOrder,
  holdsOn,
  isAllowedTransition,
  ORDER_ACTIONS,
  type Order,
  type OrderEvent,
} from './index.js';
import { act, HOUR, issued, T0 } from './test-support/fixtures.js';

const DECISION = { id: 'd1', caseId: 'c1', approved: true };

const step = fc.record({
  // rejections end a life early: rarer, so most runs reach executed, renewals and releases
  action: fc.oneof(
    { weight: 12, arbitrary: fc.constantFrom(...ORDER_ACTIONS.filter((a) => a !== 'reject')) },
    { weight: 1, arbitrary: fc.constantFrom('reject' as const, 'expire' as const) },
  ),
  amount: fc.option(
    fc.oneof(
      { weight: 6, arbitrary: fc.integer({ min: 1, max: 1000_00 }) },
      { weight: 1, arbitrary: fc.integer({ min: -10, max: 1200_00 }) },
    ),
    { nil: undefined, freq: 4 },
  ),
  reason: fc.option(fc.constantFrom('', 'why'), { nil: undefined }),
  // mostly hours apart, sometimes months, so stop_payments and freezes lapse in some runs
  dt: fc.oneof(
    { weight: 8, arbitrary: fc.integer({ min: 0, max: 12 * HOUR }) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 200 * 24 * HOUR }) },
  ),
});

type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

/** Runs the steps; returns the orders it went through and the events. */
function run(kind: 'stop_payment' | 'freeze', steps: readonly Step[]) {
  let order = issued(kind);
  let now = T0;
  const seen: Order[] = [order];
  const events: OrderEvent[] = [];
  for (const s of steps) {
    now += s.dt;
    const before = order;
    const frozenCopy = JSON.stringify(before);
    if (s.action === 'expire') {
      const e = expireOrder(order, now);
      if (e === undefined) continue;
      order = e.order;
      events.push(e.event);
    } else {
      const r = act(
        order,
        s.action,
        { held: s.amount, amount: s.amount, reason: s.reason, returnDecision: DECISION },
        now,
      );
      expect(JSON.stringify(before)).toBe(frozenCopy); // never mutates, also on failure
      if (!r.ok) {
        expect(r.errors.length).toBeGreaterThan(0);
        continue;
      }
      order = r.value.order;
      events.push(r.value.event);
    }
    seen.push(order);
  }
  return { seen, events, end: now };
}

describe('properties of order life cycles', () => {
  it('held is never negative nor above the ordered amount, and is conserved', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('stop_payment', 'freeze' as const),
        fc.array(step, { maxLength: 25 }),
        (kind, steps) => {
          for (const o of run(kind, steps).seen) {
            expect(o.held).toBeGreaterThanOrEqual(0);
            expect(o.held).toBeLessThanOrEqual(o.amount ?? 0);
            expect(Number.isSafeInteger(o.held)).toBe(true);
            if (o.state === 'executed' || o.state === 'released' || o.state === 'returned') {
              expect(o.held + o.released + o.returned).toBe(o.heldAtExecution);
            }
          }
        },
      ),
      { numRuns: 400 },
    );
  });
  it('only states orders.md allows are visited, one event per transition', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('stop_payment', 'freeze' as const),
        fc.array(step, { maxLength: 25 }),
        (kind, steps) => {
          const { seen, events } = run(kind, steps);
          expect(events).toHaveLength(seen.length - 1);
          for (let i = 0; i < events.length; i++) {
            const e = events[i]!;
            const from = seen[i]!;
            const to = seen[i + 1]!;
            expect(e.orderId).toBe(from.id);
            expect(e.from).toBe(from.state);
            expect(e.to).toBe(to.state);
            expect(isAllowedTransition(kind, e.action, e.from, e.to)).toBe(true);
            if (e.action === 'expire') expect(e.actor).toBe('system');
          }
          // events are in time order
          for (let i = 1; i < events.length; i++) {
            expect(events[i]!.at).toBeGreaterThanOrEqual(events[i - 1]!.at);
          }
        },
      ),
      { numRuns: 400 },
    );
  });
  it('expiry is monotone in time and holds never grow as time passes', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('stop_payment', 'freeze' as const),
        fc.array(step, { maxLength: 12 }),
        fc.integer({ min: 0, max: 400 * 24 * HOUR }),
        fc.integer({ min: 0, max: 400 * 24 * HOUR }),
        (kind, steps, a, b) => {
          const { seen, end } = run(kind, steps);
          const order = seen[seen.length - 1]!;
          const t1 = end + Math.min(a, b);
          const t2 = end + Math.max(a, b);
          if (effectiveState(order, t1) === 'expired') {
            expect(effectiveState(order, t2)).toBe('expired');
          }
          expect(holdsOn('A', [order], t2)).toBeLessThanOrEqual(holdsOn('A', [order], t1));
        },
      ),
      { numRuns: 400 },
    );
  });
});
