// The lot pool against a plain array of lots per account, in both orders: random pushes,
// takes from the front, partial takes and emptyings, growing from a tiny pool.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LotPool, NONE } from './lot-pool.js';

interface Lot {
  clean: number;
  mix: number;
}

const ACCOUNTS = 5;

const op = fc.record({
  kind: fc.constantFrom('push', 'push', 'push', 'take', 'take', 'partial', 'empty'),
  account: fc.nat(ACCOUNTS - 1),
  clean: fc.nat(1000),
  mix: fc.integer({ min: NONE, max: 50 }),
});

/** The pool's lots of `account`, in the order payments take them. */
function listed(pool: LotPool, account: number): Lot[] {
  const out: Lot[] = [];
  for (let lot = pool.first(account); lot !== NONE; lot = pool.after(lot))
    out.push({ clean: pool.cleanOf(lot), mix: pool.mixOf(lot) });
  return out;
}

describe('LotPool', () => {
  it('takes lots oldest first (fifo) or newest first (lifo), and reuses freed slots', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.integer({ min: 1, max: 4 }),
        fc.array(op, { maxLength: 200 }),
        (newestFirst, capacity, ops) => {
          const pool = new LotPool(ACCOUNTS, newestFirst, capacity);
          // Per opened account its lots in arrival order (oldest first).
          const model: (Lot[] | undefined)[] = new Array(ACCOUNTS).fill(undefined);
          let live = 0;
          let peak = 0;
          for (const { kind, account, clean, mix } of ops) {
            let lots = model[account];
            if (lots === undefined) {
              pool.open(account);
              lots = [];
              model[account] = lots;
            }
            const firstLot = newestFirst ? lots.length - 1 : 0;
            switch (kind) {
              case 'push':
                pool.push(account, clean, mix);
                lots.push({ clean, mix });
                live++;
                break;
              case 'take':
                if (lots.length === 0) break;
                pool.dropFirst(account);
                lots.splice(firstLot, 1);
                live--;
                break;
              case 'partial':
                if (lots.length === 0) break;
                pool.setClean(pool.first(account), clean);
                lots[firstLot]!.clean = clean;
                break;
              case 'empty':
                while (pool.first(account) !== NONE) pool.dropFirst(account);
                live -= lots.length;
                lots.length = 0;
                break;
            }
            peak = Math.max(peak, live);
            for (let a = 0; a < ACCOUNTS; a++) {
              const want = model[a];
              if (want === undefined) continue;
              const inTakeOrder = newestFirst ? [...want].reverse() : want;
              expect(listed(pool, a)).toEqual(inTakeOrder);
              const newest = pool.newest(a);
              if (want.length === 0) expect(newest).toBe(NONE);
              else
                expect({ clean: pool.cleanOf(newest), mix: pool.mixOf(newest) }).toEqual(
                  want[want.length - 1],
                );
            }
            // A freed slot is always used again before a new one is made.
            expect(pool.slots).toBe(peak);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps an emptied account open: new lots start a fresh list', () => {
    for (const newestFirst of [false, true]) {
      const pool = new LotPool(2, newestFirst, 1);
      pool.open(1);
      pool.push(1, 5, NONE);
      pool.push(1, 7, 3);
      pool.dropFirst(1);
      pool.dropFirst(1);
      expect(pool.first(1)).toBe(NONE);
      pool.push(1, 9, NONE);
      expect(listed(pool, 1)).toEqual([{ clean: 9, mix: NONE }]);
      expect(pool.slots).toBe(2);
    }
  });
});
