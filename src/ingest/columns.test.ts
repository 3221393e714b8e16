import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdColumn, Interner, LineNumbers } from './index.js';

// Short ids over a small alphabet force hash-table collisions and long probe chains;
// long ones exercise the out-of-slot tail compare.
const id = fc.oneof(
  fc.string({ unit: fc.constantFrom('a', 'b', 'é'), minLength: 1, maxLength: 4 }),
  fc.string({ unit: fc.constantFrom('0', '1', '中'), minLength: 18, maxLength: 40 }),
);

describe('Interner', () => {
  it('gives each distinct id one stable index, like a Map, compacted or not (property)', () => {
    fc.assert(
      fc.property(fc.array(id, { maxLength: 300 }), fc.nat(300), (ids, compactAt) => {
        const interner = new Interner(16);
        const reference = new Map<string, number>();
        for (const [k, s] of ids.entries()) {
          // compact() drops the table; interning and look-ups after it build it again.
          if (k === compactAt) interner.compact();
          const i = interner.internString(s);
          if (!reference.has(s)) reference.set(s, reference.size);
          expect(i).toBe(reference.get(s));
        }
        expect(interner.size).toBe(reference.size);
        for (const [s, i] of reference) {
          expect(interner.lookupString(s)).toBe(i);
          expect(interner.string(i)).toBe(s);
        }
        expect(interner.lookupString('never-seen-\u0000')).toBe(-1);
        interner.compact();
        for (const [s, i] of reference) expect(interner.string(i)).toBe(s);
        for (const [s, i] of reference) expect(interner.lookupString(s)).toBe(i);
      }),
    );
  });
});

/** The column's duplicates, look-ups and strings against a Map of first occurrences. */
function expectLikeReference(col: IdColumn, ids: readonly string[], extra: readonly string[]) {
  const first = new Map<string, number>();
  const expected: [number, number][] = [];
  ids.forEach((s, i) => {
    const f = first.get(s);
    if (f === undefined) first.set(s, i);
    else expected.push([i, f]);
    expect(col.string(i)).toBe(s);
  });
  expect(col.duplicates()).toEqual(expected);
  const queries = [...ids, 'never-seen-\u0000', ...extra];
  const want = queries.map((q) => first.get(q) ?? -1);
  expect([...col.lookupMany(queries)]).toEqual(want);
  expect(queries.map((q) => col.lookupString(q))).toEqual(want);
}

describe('IdColumn', () => {
  it('finds exactly the repeated ids and their first occurrence (property)', () => {
    fc.assert(
      fc.property(fc.array(id, { maxLength: 300 }), (ids) => {
        const col = new IdColumn(16);
        for (const s of ids) col.pushString(s);
        expectLikeReference(col, ids, ids.slice(0, 3));
      }),
    );
  });
});

describe('IdColumn with ids in increasing order', () => {
  it('finds duplicates and looks ids up as with any order (property)', () => {
    const shortlex = (a: string, b: string) => {
      const x = Buffer.from(a);
      const y = Buffer.from(b);
      return x.length - y.length || Buffer.compare(x, y);
    };
    fc.assert(
      fc.property(
        fc.uniqueArray(id, { maxLength: 200 }),
        fc.option(fc.tuple(fc.nat(), fc.nat())),
        (unique, dup) => {
          const ids = [...unique].sort(shortlex);
          if (dup !== null && ids.length > 0) {
            const [from, to] = dup;
            ids.splice(to % (ids.length + 1), 0, ids[from % ids.length]!);
          }
          const col = new IdColumn(16);
          for (const s of ids) col.pushString(s);
          expectLikeReference(col, ids, ['']);
        },
      ),
    );
  });
});

describe('IdColumn while every id has one length', () => {
  it('keeps ids, duplicates and look-ups right when a longer or shorter id comes (property)', () => {
    // Many ids of one width (no offsets kept), then a run of another width: the switch to
    // offsets must place every earlier id exactly, in increasing order or not.
    const digits = fc.string({ unit: fc.constantFrom('0', '1', '2'), minLength: 3, maxLength: 3 });
    fc.assert(
      fc.property(
        fc.array(digits, { minLength: 1, maxLength: 60 }),
        fc.array(id, { maxLength: 20 }),
        fc.boolean(),
        (same, others, sort) => {
          const head = sort ? [...same].sort() : same;
          const ids = [...head, ...others];
          const col = new IdColumn(16);
          for (const s of ids) col.pushString(s);
          expectLikeReference(col, ids, ['000']);
        },
      ),
    );
  });
});

describe('IdColumn.release', () => {
  it('keeps the count and refuses every read after', () => {
    const col = new IdColumn(4);
    for (const id of ['T1', 'T2', 'T3']) col.pushString(id);
    col.release();
    expect(col.size).toBe(3);
    expect(() => col.string(0)).toThrow(/released/);
    expect(() => col.lookupString('T1')).toThrow(/released/);
    expect(() => col.lookupMany(['T1'])).toThrow(/released/);
    expect(() => col.duplicates()).toThrow(/released/);
    expect(() => col.pushString('T4')).toThrow(/released/);
  });
});

describe('LineNumbers', () => {
  it('gives back the line of every row, like a column of them (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(3)), (gaps) => {
        // Each row is some lines after the one before (skipped, rejected, multi-line rows).
        const lines = new LineNumbers();
        const want: number[] = [];
        let line = 1;
        gaps.forEach((g, row) => {
          line += 1 + g;
          lines.set(row, line);
          want.push(line);
        });
        expect(want.map((_, row) => lines.at(row))).toEqual(want);
      }),
    );
  });
});
