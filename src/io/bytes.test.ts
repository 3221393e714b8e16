import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMinor } from '../money/index.js';
import { ByteOut, chunksToString, EncodedList } from './bytes.js';

describe('ByteOut', () => {
  it('writes amounts exactly as formatMinor and text as UTF-8', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({ minor: fc.maxSafeInteger(), digits: fc.integer({ min: 0, max: 4 }) }),
            // The edges of the digit count and of the int32 fast path.
            fc.record({
              minor: fc
                .constantFrom(
                  9,
                  10,
                  99,
                  1e9 - 1,
                  1e9,
                  1e10 - 1,
                  1e10,
                  2 ** 31 - 1,
                  2 ** 31,
                  2 ** 31 + 1,
                  2 ** 32,
                  1e15,
                  1e15 - 1,
                  Number.MAX_SAFE_INTEGER,
                )
                .chain((x) => fc.constantFrom(x, -x)),
              digits: fc.integer({ min: 0, max: 12 }),
            }),
            fc.record({
              minor: fc.integer({ min: -1000, max: 1000 }),
              digits: fc.integer({ min: 0, max: 4 }),
            }),
            fc.record({ text: fc.string({ unit: 'grapheme' }) }),
          ),
        ),
        fc.integer({ min: 1, max: 64 }),
        (items, chunkBytes) => {
          const out = new ByteOut(chunkBytes);
          const chunks: Buffer[] = [];
          let expected = '';
          for (const it of items) {
            if ('minor' in it) {
              out.minor(it.minor, it.digits);
              expected += formatMinor(it.minor, it.digits);
            } else {
              out.text(it.text);
              expected += it.text;
            }
            out.byte(59);
            expected += ';';
            if (out.full) chunks.push(out.cut());
          }
          chunks.push(out.cut());
          expect(chunksToString(chunks)).toBe(expected);
        },
      ),
    );
  });

  it('with reuse, cuts views of one buffer that copied give the same bytes (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'grapheme', maxLength: 12 }), { maxLength: 60 }),
        fc.integer({ min: 1, max: 32 }),
        (texts, chunkBytes) => {
          const fresh = new ByteOut(chunkBytes);
          const reused = new ByteOut(chunkBytes, undefined, true);
          const own: Buffer[] = [];
          const copies: Buffer[] = [];
          for (const t of texts) {
            fresh.text(t);
            reused.text(t);
            if (fresh.full) own.push(fresh.cut());
            if (reused.full) {
              copies.push(Buffer.from(reused.cut()));
            }
          }
          own.push(fresh.cut());
          copies.push(Buffer.from(reused.cut()));
          expect(chunksToString(copies)).toBe(chunksToString(own));
          expect(chunksToString(copies)).toBe(texts.join(''));
        },
      ),
    );
  });

  it('with reuse, a cut chunk is overwritten by what is written next (the contract)', () => {
    const out = new ByteOut(4, 16, true);
    out.text('abcd');
    const first = out.cut();
    expect(first.toString()).toBe('abcd');
    out.text('wxyz');
    expect(first.toString()).toBe('wxyz');
    const fresh = new ByteOut(4, 16);
    fresh.text('abcd');
    const own = fresh.cut();
    fresh.text('wxyz');
    expect(own.toString()).toBe('abcd');
  });

  it('falls back to exact text beyond 2^53', () => {
    const out = new ByteOut();
    out.minor(2 ** 60, 2);
    expect(chunksToString([out.cut()])).toBe(formatMinor(2 ** 60, 2));
  });

  it('joins pre-encoded items as a string join does, whatever the room left (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'grapheme', maxLength: 6 }), { minLength: 1, maxLength: 20 }),
        fc.array(fc.array(fc.nat(), { maxLength: 30 }), { maxLength: 8 }),
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 0, max: 8 }),
        (items, lists, chunkBytes, slack) => {
          const list = new EncodedList(items.map((t) => Buffer.from(t)));
          const out = new ByteOut(chunkBytes, slack);
          const chunks: Buffer[] = [];
          let expected = '';
          for (const l of lists) {
            const keys = Int32Array.from(l, (k) => k % items.length);
            out.joined(list, keys, keys.length, 59);
            expected += `${Array.from(keys, (k) => items[k]).join(';')}\n`;
            out.byte(10);
            if (out.full) chunks.push(out.cut());
          }
          chunks.push(out.cut());
          expect(chunksToString(chunks)).toBe(expected);
        },
      ),
    );
  });

  it('writes named amounts as plain formatting does, with or without entries (property)', () => {
    const amount = fc.oneof(
      fc.integer({ min: -1000, max: 1000 }),
      fc.maxSafeInteger(),
      fc.constantFrom(2 ** 31, 2 ** 60, -(2 ** 60)), // beyond 2^53: the text fallback
    );
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'grapheme', maxLength: 6 }), { minLength: 1, maxLength: 10 }),
        fc.array(fc.tuple(fc.nat(), amount), { maxLength: 40 }),
        fc.option(fc.array(fc.nat(), { maxLength: 40 }), { nil: undefined }),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 0, max: 8 }),
        (items, pairs, picks, digits, slack) => {
          const names = new EncodedList(items.map((t) => Buffer.from(t)));
          const keys = Int32Array.from(pairs, ([k]) => k % items.length);
          const amounts = Float64Array.from(pairs, ([, x]) => x);
          const entries =
            picks === undefined || pairs.length === 0
              ? undefined
              : Uint32Array.from(picks, (i) => i % pairs.length);
          const out = new ByteOut(1, slack);
          out.text('<');
          const [lo, hi] = entries === undefined ? [0, pairs.length] : [0, entries.length];
          out.namedMinors(
            names,
            keys,
            amounts,
            entries,
            lo,
            hi,
            digits,
            44,
            Buffer.from(':"'),
            Buffer.from('"'),
          );
          const positions = Array.from({ length: hi - lo }, (_, e) => entries?.[lo + e] ?? lo + e);
          const expected = positions
            .map((i) => `${items[keys[i]!]}:"${formatMinor(amounts[i]!, digits)}"`)
            .join(',');
          expect(chunksToString([out.cut()])).toBe(`<${expected}`);
        },
      ),
    );
  });
});
