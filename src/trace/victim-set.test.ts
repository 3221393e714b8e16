import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectSet } from './test-support/victim-sets.js';
import { type VictimSet, VictimSpace, VictimTally } from './victim-set.js';

describe('VictimSet', () => {
  it('iterates in ascending order across the switch to a bitset, and copies independently', () => {
    const space = new VictimSpace(100);
    const words = space.words; // 4
    const s = space.single(7);
    for (const v of [3, 99, 50]) s.add(v);
    expect(s.footprint).toBe(4);
    s.add(64);
    expect([...s]).toEqual([3, 7, 50, 64, 99]);
    expect(s.footprint).toBe(words);
    const copy = s.copy();
    copy.add(0);
    expect(s.size).toBe(5);
    expect(copy.size).toBe(6);
    expect([100, 128, -1].map((v) => s.has(v))).toEqual([false, false, false]);
  });

  const ops = fc.record({
    victims: fc.integer({ min: 1, max: 300 }),
    ops: fc.array(
      fc.record({
        kind: fc.constantFrom('add', 'addAll', 'copy'),
        a: fc.nat(7),
        b: fc.nat(7),
        victim: fc.nat(),
        many: fc.array(fc.nat(), { maxLength: 40 }),
      }),
      { minLength: 1, maxLength: 60 },
    ),
  });

  it('behaves like a Set under add, addAll and copy, and tallies its members', () => {
    fc.assert(
      fc.property(ops, ({ victims, ops }) => {
        const space = new VictimSpace(victims);
        const sets: (VictimSet | undefined)[] = new Array(8).fill(undefined);
        const ref: (Set<number> | undefined)[] = new Array(8).fill(undefined);
        const put = (i: number, v: number) => {
          const s = sets[i];
          if (s === undefined) {
            sets[i] = space.single(v);
            ref[i] = new Set([v]);
          } else {
            s.add(v);
            ref[i]!.add(v);
          }
        };
        for (const op of ops) {
          const source = sets[op.b];
          if (op.kind === 'add') put(op.a, op.victim % victims);
          else if (op.kind === 'addAll') {
            // A big batch first, so that sorted sets of every size meet.
            for (const v of op.many) put(op.b, v % victims);
            const from = sets[op.b];
            if (op.a === op.b || from === undefined) continue;
            const into = sets[op.a];
            if (into === undefined) {
              sets[op.a] = from.copy();
              ref[op.a] = new Set(ref[op.b]);
            } else {
              into.addAll(from);
              for (const v of ref[op.b]!) ref[op.a]!.add(v);
            }
          } else if (source !== undefined && op.a !== op.b) {
            sets[op.a] = source.copy();
            ref[op.a] = new Set(ref[op.b]);
          }
          expectSet(sets[op.a], ref[op.a], victims);
          expectSet(sets[op.b], ref[op.b], victims);
        }
        for (let i = 0; i < sets.length; i++) expectSet(sets[i], ref[i], victims);
        const tally = new VictimTally(victims);
        for (const s of sets) s?.countInto(tally);
        for (let v = 0; v < victims; v++) {
          expect(tally.count(v)).toBe(ref.filter((s) => s?.has(v)).length);
          for (let i = 0; i < sets.length; i++) expect(sets[i]?.has(v)).toBe(ref[i]?.has(v));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('counts a victim held by many bitsets', () => {
    const tally = new VictimTally(64);
    const s = new VictimSpace(64).single(0);
    for (let v = 1; v < 64; v += 2) s.add(v);
    for (let i = 0; i < 1000; i++) s.countInto(tally);
    expect(tally.count(0)).toBe(1000);
    expect(tally.count(63)).toBe(1000);
    expect(tally.count(2)).toBe(0);
  });
});

describe('VictimSet sharing', () => {
  it('covers(other) is the subset test, in every pair of sorted and dense sets (property)', () => {
    fc.assert(
      fc.property(
        // Up to 22 bitset words: past the 8 words covers() tests at once.
        fc.integer({ min: 1, max: 700 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 120 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 120 }),
        (victims, xs, ys) => {
          const space = new VictimSpace(victims);
          const make = (vs: number[]) => {
            const s = space.single(vs[0]! % victims);
            for (const v of vs) s.add(v % victims);
            return s;
          };
          const a = make(xs);
          const b = make(ys);
          const ra = new Set(xs.map((v) => v % victims));
          const rb = new Set(ys.map((v) => v % victims));
          const subset = (x: Set<number>, y: Set<number>) => [...y].every((v) => x.has(v));
          expect(a.covers(b)).toBe(subset(ra, rb));
          expect(b.covers(a)).toBe(subset(rb, ra));
          expect(a.covers(a)).toBe(true);
          const u = a.copy();
          u.addAll(b);
          expect(u.covers(a) && u.covers(b)).toBe(true);
        },
      ),
    );
  });

  it('covers(other) is false when other has one member more, wherever it is', () => {
    const victims = 700;
    const space = new VictimSpace(victims);
    const a = space.single(0);
    for (let v = 0; v < victims; v += 3) a.add(v); // dense: more members than words
    for (let v = 1; v < victims; v += 3) {
      const b = a.copy();
      b.add(v);
      expect(a.covers(b)).toBe(false);
      expect(b.covers(a)).toBe(true);
    }
  });

  it('gives a released bitset out again, empty', () => {
    const space = new VictimSpace(64);
    const s = space.single(0);
    for (let v = 0; v < 64; v += 2) s.add(v); // dense
    expect(s.footprint).toBe(space.words);
    s.release();
    const t = space.single(1);
    for (let v = 1; v < 64; v += 2) t.add(v); // dense again: reuses the released bitset
    expect([...t]).toEqual(Array.from({ length: 32 }, (_, i) => 2 * i + 1));
  });
});
