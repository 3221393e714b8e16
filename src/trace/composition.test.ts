// Mixes in a shared arena against a plain Map per mix: every operation, with mixes growing
// past the kept-block size, shrinking, emptying and moving across small arena pages.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExactSplitter, splitExact } from '../money/index.js';
import {
  Arena,
  blockSize,
  byteBlockSize,
  byteClassFor,
  classFor,
  Mix,
  Weights,
} from './composition.js';
import { Taken } from './taken.js';

const VICTIMS = 300;
// Amounts about the 255 a dense entry keeps in its byte, and beyond.
const AMOUNT = fc.oneof(
  fc.integer({ min: 1, max: 1000 }),
  fc.integer({ min: 1, max: 4 }),
  fc.constantFrom(1, 2, 127, 128, 129, 254, 255, 256, 257, 510, 511, 512),
);

const op = fc.oneof(
  fc.record({
    kind: fc.constant('add' as const),
    mix: fc.nat(5),
    // A few victims often: amounts that add up past a byte.
    victim: fc.oneof(fc.nat(VICTIMS - 1), fc.nat(3)),
    amount: AMOUNT,
  }),
  fc.record({
    kind: fc.constant('addTaken' as const),
    mix: fc.nat(5),
    entries: fc.array(fc.tuple(fc.nat(VICTIMS - 1), AMOUNT), {
      maxLength: 150,
      size: 'max',
    }),
  }),
  // A few victims into a mix that may hold many: addTaken's galloping walk.
  fc.record({
    kind: fc.constant('addTaken' as const),
    mix: fc.nat(5),
    entries: fc.array(fc.tuple(fc.nat(VICTIMS - 1), AMOUNT), {
      minLength: 3,
      maxLength: 6,
    }),
  }),
  fc.record({
    kind: fc.constantFrom('takeProportional' as const, 'takeWithClean' as const),
    mix: fc.nat(5),
    // Small shares too: most entries of a big mix then give nothing.
    share: fc.oneof(
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.double({ min: 0, max: 0.05, noNaN: true }),
      fc.double({ min: 0, max: 0.002, noNaN: true }),
      // Nearly all: most entries empty, and a dense mix may go back to sparse.
      fc.double({ min: 0.97, max: 1, noNaN: true }),
    ),
    clean: fc.nat(5000),
  }),
  fc.record({ kind: fc.constantFrom('drain' as const, 'dispose' as const), mix: fc.nat(5) }),
);

function contents(m: Mix): Map<number, number> {
  const t = new Taken(VICTIMS);
  m.copyInto(t);
  return entries(t);
}

function entries(t: Taken): Map<number, number> {
  const out = new Map<number, number>();
  for (let i = 0; i < t.count(); i++) out.set(t.victimAt(i), t.amountAt(i));
  return out;
}

describe('Mix in an Arena', () => {
  it('behaves as a sorted map of victim amounts under every operation', () => {
    fc.assert(
      fc.property(
        fc.array(op, { maxLength: 60 }),
        fc.integer({ min: 6, max: 9 }),
        // Sparse only, or dense from 1, 5 or 40 entries (back below a quarter of that).
        fc.constantFrom(undefined, 1, 5, 40),
        (ops, pageClass, denseAt) => {
          const arena = new Arena(
            pageClass,
            denseAt === undefined ? undefined : { victims: VICTIMS, at: denseAt },
          );
          const mixes = Array.from({ length: 6 }, () => new Mix(arena));
          const refs = Array.from({ length: 6 }, () => new Map<number, number>());
          const splitter = new ExactSplitter();
          const weights = new Weights();
          const taken = new Taken(VICTIMS);
          for (const o of ops) {
            const m = mixes[o.mix]!;
            const ref = refs[o.mix]!;
            taken.reset();
            switch (o.kind) {
              case 'add':
                m.add(o.victim, o.amount);
                ref.set(o.victim, (ref.get(o.victim) ?? 0) + o.amount);
                break;
              case 'addTaken':
                for (const [v, x] of o.entries) taken.add(v, x);
                m.addTaken(taken);
                for (const [v, x] of o.entries) ref.set(v, (ref.get(v) ?? 0) + x);
                break;
              case 'takeProportional':
              case 'takeWithClean': {
                const keys = [...ref.keys()].sort((a, b) => a - b);
                const total = keys.reduce((s, v) => s + ref.get(v)!, 0);
                const clean = o.kind === 'takeWithClean' ? o.clean : 0;
                const amount = Math.floor(o.share * (total + clean));
                if (amount >= total + clean || (o.kind === 'takeProportional' && total === 0))
                  break;
                const w = [
                  ...(o.kind === 'takeWithClean' ? [clean] : []),
                  ...keys.map((v) => ref.get(v)!),
                ];
                const parts = new Array<number>(w.length).fill(0);
                splitExact(amount, w, total + clean, parts);
                const off = o.kind === 'takeWithClean' ? 1 : 0;
                if (o.kind === 'takeWithClean')
                  expect(m.takeWithClean(amount, clean, taken, splitter, weights)).toBe(parts[0]);
                else m.takeProportional(amount, taken, splitter, weights);
                keys.forEach((v, i) => {
                  const x = parts[i + off]!;
                  expect(entries(taken).get(v) ?? 0).toBe(x);
                  const left = ref.get(v)! - x;
                  if (left === 0) ref.delete(v);
                  else ref.set(v, left);
                });
                break;
              }
              case 'drain':
                m.drainInto(taken);
                expect(entries(taken)).toEqual(new Map([...ref].sort((a, b) => a[0] - b[0])));
                ref.clear();
                break;
              case 'dispose':
                m.dispose();
                ref.clear();
                break;
            }
            // Every mix still holds exactly its own entries (no block shared or overwritten).
            mixes.forEach((x, i) => {
              const want = new Map([...refs[i]!].sort((a, b) => a[0] - b[0]));
              expect(contents(x)).toEqual(want);
              const view = x.view();
              const seen = new Map<number, number>();
              for (let k = view.start; k < view.end; k++)
                seen.set(view.victims[k]!, view.amounts[k]!);
              expect(seen).toEqual(want);
              expect([...seen.keys()]).toEqual([...want.keys()]);
              expect(x.size).toBe(want.size);
              // Dense only while that saves memory (and never empty).
              if (x.isDense) expect(x.size).toBeGreaterThanOrEqual(Math.max(1, arena.sparseBelow));
              expect(x.total).toBe([...want.values()].reduce((s, y) => s + y, 0));
            });
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('a dense Mix', () => {
  it('keeps amounts up to a byte in it and larger ones aside, about the 255 bound', () => {
    const arena = new Arena(8, { victims: VICTIMS, at: 1 });
    const mix = new Mix(arena);
    const ref = new Map<number, number>();
    const add = (v: number, x: number) => {
      mix.add(v, x);
      ref.set(v, (ref.get(v) ?? 0) + x);
    };
    for (const [v, x] of [
      [5, 128],
      [5, 127], // 255: still a byte
      [9, 128],
      [9, 128], // 256: aside
      [3, 254],
      [3, 2], // 256 again, before the others
      [7, 300],
      [7, 1],
      [1, 255],
    ] as const)
      add(v, x);
    expect(mix.isDense).toBe(true);
    expect(contents(mix)).toEqual(new Map([...ref].sort((a, b) => a[0] - b[0])));
    const taken = new Taken(VICTIMS);
    mix.takeProportional(600, taken, new ExactSplitter(), new Weights());
    const got = entries(taken);
    for (const [v, x] of got) ref.set(v, ref.get(v)! - x);
    for (const [v, x] of ref) if (x === 0) ref.delete(v);
    expect(contents(mix)).toEqual(new Map([...ref].sort((a, b) => a[0] - b[0])));
    expect(mix.total).toBe([...ref.values()].reduce((s, x) => s + x, 0));
  });
});

describe('a Mix going dense and back', () => {
  it("goes dense when it grows past the arena's size, and sparse again below a quarter of it", () => {
    const arena = new Arena(8, { victims: VICTIMS, at: 8 });
    const mix = new Mix(arena);
    for (let v = 0; v < 8; v++) mix.add(v * 35, 10);
    expect(mix.isDense).toBe(false);
    mix.add(290, 1000);
    expect(mix.isDense).toBe(true);
    const taken = new Taken(VICTIMS);
    // 8 * 10 + 1000 less 3 units of victim 290's.
    mix.takeProportional(1077, taken, new ExactSplitter(), new Weights());
    expect(contents(mix)).toEqual(new Map([[290, 3]]));
    expect(mix.isDense).toBe(false);
    expect(mix.total).toBe(3);
  });
});

describe('Mix.takeWithClean / takeProportional', () => {
  // The fused split (floors by a reciprocal, leftover units found by bucket) against
  // splitExact, over magnitudes up to and past the 2^53 bound and many equal remainders.
  const magnitude = fc.oneof(
    fc.integer({ min: 1, max: 9 }),
    fc.integer({ min: 1, max: 1_000_000 }),
    fc.integer({ min: 1, max: 2 ** 40 }),
  );
  it('takes exactly the largest-remainder parts, clean first on ties', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.nat(VICTIMS - 1), { minLength: 1, maxLength: 120 }),
        magnitude,
        fc.boolean(),
        fc.oneof(fc.constant(0), magnitude),
        fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
        fc.boolean(),
        (victims, size, equal, clean, share, dense) => {
          const keys = [...victims].sort((a, b) => a - b);
          const values = keys.map((_, i) => (equal ? size : 1 + ((size * (i + 7)) % 9973) * 37));
          const total = values.reduce((s, x) => s + x, 0);
          const amount = Math.floor(share * (total + clean));
          if (amount >= total + clean || total + clean > Number.MAX_SAFE_INTEGER) return;
          const mix = new Mix(new Arena(8, dense ? { victims: VICTIMS, at: 1 } : undefined));
          for (const [i, v] of keys.entries()) mix.add(v, values[i]!);
          expect(mix.isDense).toBe(dense);
          const w = [clean, ...values];
          const parts = new Array<number>(w.length).fill(0);
          splitExact(amount, w, total + clean, parts);
          const taken = new Taken(VICTIMS);
          const cleanPart = mix.takeWithClean(
            amount,
            clean,
            taken,
            new ExactSplitter(),
            new Weights(),
          );
          expect(cleanPart).toBe(parts[0]);
          const got = entries(taken);
          for (const [i, v] of keys.entries()) expect(got.get(v) ?? 0).toBe(parts[i + 1]);
          expect(mix.total).toBe(total - (amount - cleanPart));
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('Taken', () => {
  it('reads back the sum per victim in victim order, in any order of adding', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.array(fc.tuple(fc.nat(VICTIMS - 1), fc.integer({ min: 0, max: 1000 })), {
            maxLength: 400,
          }),
          { maxLength: 4 },
        ),
        (rounds) => {
          const t = new Taken(VICTIMS);
          for (const adds of rounds) {
            t.reset();
            const ref = new Map<number, number>();
            for (const [v, x] of adds) {
              t.add(v, x);
              if (x !== 0) ref.set(v, (ref.get(v) ?? 0) + x);
            }
            expect(entries(t)).toEqual(new Map([...ref].sort((a, b) => a[0] - b[0])));
            // Map equality ignores order: the victims must also come ascending.
            expect([...entries(t).keys()]).toEqual([...ref.keys()].sort((a, b) => a - b));
            expect(t.hasVictims).toBe(ref.size > 0);
          }
        },
      ),
    );
  });
});

describe('block size classes', () => {
  it('grow in half steps, and classFor(n) is the smallest class holding n', () => {
    const sizes = Array.from({ length: 16 }, (_, i) => blockSize(i + 4));
    expect(sizes).toEqual([4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768]);
    expect(blockSize(40)).toBe(2 ** 20);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 24 }), (n) => {
        const c = classFor(n);
        expect(blockSize(c)).toBeGreaterThanOrEqual(n);
        if (c > 4) expect(blockSize(c - 1)).toBeLessThan(n);
      }),
    );
  });
});

describe('byte block size classes', () => {
  it('grow in eighth steps from 8, and byteClassFor(n) is the smallest class holding n', () => {
    const sizes = Array.from({ length: 12 }, (_, i) => byteBlockSize(i + 24));
    expect(sizes).toEqual([8, 9, 10, 11, 12, 13, 14, 15, 16, 18, 20, 22]);
    expect(byteBlockSize(160)).toBe(2 ** 20);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 30 }), (n) => {
        const c = byteClassFor(n);
        expect(byteBlockSize(c)).toBeGreaterThanOrEqual(n);
        if (c > 24) expect(byteBlockSize(c - 1)).toBeLessThan(n);
      }),
    );
  });
});

describe('Arena blocks', () => {
  // Blocks handed out are never shared and never cross a page, whatever was freed, split
  // and reused before: sparse blocks in half steps, byte blocks in eighth steps.
  for (const kind of ['sparse', 'bytes'] as const) {
    it(`never overlap and stay within a page (${kind}, property)`, () => {
      const step = fc.oneof(
        fc.record({
          alloc: fc.constant(true),
          n: fc.oneof(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 24 })),
        }),
        fc.record({ alloc: fc.constant(false), which: fc.nat() }),
      );
      fc.assert(
        fc.property(
          fc.array(step, { maxLength: 300 }),
          fc.integer({ min: 6, max: 9 }),
          (steps, pc) => {
            const arena = new Arena(pc);
            const live: { address: number; cls: number; size: number }[] = [];
            for (const s of steps) {
              if (s.alloc) {
                const cls = kind === 'sparse' ? classFor(s.n) : byteClassFor(s.n);
                const size = kind === 'sparse' ? blockSize(cls) : byteBlockSize(cls);
                if (size > arena.page) continue;
                const address = kind === 'sparse' ? arena.alloc(cls) : arena.allocBytes(cls);
                expect((address % arena.page) + size).toBeLessThanOrEqual(arena.page);
                for (const b of live)
                  expect(address + size <= b.address || b.address + b.size <= address).toBe(true);
                live.push({ address, cls, size });
              } else if (live.length > 0) {
                const [b] = live.splice(s.which % live.length, 1);
                if (kind === 'sparse') arena.release(b!.address, b!.cls);
                else arena.releaseBytes(b!.address, b!.cls);
              }
            }
            // Then every free piece, taken as the smallest blocks: none may overlap another
            // or a live block (a piece cut wrong would).
            const pages = kind === 'sparse' ? arena.amountPages.length : arena.bytePages.length;
            const least = kind === 'sparse' ? 4 : 8;
            for (let i = 0; i < (pages * arena.page) / least; i++) {
              const cls = kind === 'sparse' ? classFor(least) : byteClassFor(least);
              const address = kind === 'sparse' ? arena.alloc(cls) : arena.allocBytes(cls);
              live.push({ address, cls, size: least });
            }
            live.sort((a, b) => a.address - b.address);
            for (let i = 1; i < live.length; i++)
              expect(live[i - 1]!.address + live[i - 1]!.size).toBeLessThanOrEqual(
                live[i]!.address,
              );
          },
        ),
        { numRuns: 300 },
      );
    });
  }
});
