import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FixedTimestamps } from './fixed.js';
import { parseTimestampBytes } from './timestamp.js';

const two = (n: number) => String(n).padStart(2, '0');

/** Text in the fixed shape, with fields sometimes out of range or not digits. */
const fixedShape = fc
  .record({
    year: fc.integer({ min: 0, max: 9999 }),
    month: fc.integer({ min: 0, max: 13 }),
    day: fc.integer({ min: 0, max: 32 }),
    hour: fc.integer({ min: 0, max: 25 }),
    minute: fc.integer({ min: 0, max: 60 }),
    second: fc.integer({ min: 0, max: 60 }),
    ms: fc.option(fc.integer({ min: 0, max: 999 })),
    zone: fc.oneof(
      fc.constant('Z'),
      fc.tuple(
        fc.constantFrom('+', '-'),
        fc.integer({ min: 0, max: 24 }),
        fc.integer({ min: 0, max: 60 }),
      ),
    ),
    damage: fc.option(fc.tuple(fc.nat(28), fc.constantFrom('x', '/', ':', ' ', '9'))),
  })
  .map((r) => {
    const zone =
      typeof r.zone === 'string' ? r.zone : `${r.zone[0]}${two(r.zone[1])}:${two(r.zone[2])}`;
    const frac = r.ms === null ? '' : `.${String(r.ms).padStart(3, '0')}`;
    let text = `${String(r.year).padStart(4, '0')}-${two(r.month)}-${two(r.day)}T${two(r.hour)}:${two(r.minute)}:${two(r.second)}${frac}${zone}`;
    if (r.damage !== null) {
      const at = r.damage[0] % text.length;
      text = text.slice(0, at) + r.damage[1] + text.slice(at + 1);
    }
    return text;
  });

function strict(bytes: Buffer): number {
  const out = { problem: undefined as string | undefined };
  const ms = parseTimestampBytes(bytes, 0, bytes.length, out);
  return out.problem === undefined ? ms : Number.NaN;
}

describe('FixedTimestamps', () => {
  it('agrees with the strict parser wherever it gives an answer, and answers valid fixed shapes (property)', () => {
    const fixed = new FixedTimestamps();
    fc.assert(
      fc.property(fc.array(fixedShape, { minLength: 1, maxLength: 8 }), (texts) => {
        for (const text of texts) {
          const bytes = Buffer.from(`,${text},`);
          const fast = fixed.parse(bytes, 1, bytes.length - 1);
          const reference = strict(Buffer.from(text));
          if (!Number.isNaN(fast)) expect(fast).toBe(reference);
          else if (/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?(Z|[+-]\d\d:\d\d)$/.test(text))
            expect(reference).toBeNaN();
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('leaves other shapes to the strict parser', () => {
    const fixed = new FixedTimestamps();
    for (const text of [
      '2024-03-01 10:00:00Z',
      '2024-03-01T10:00:00z',
      '2024-03-01T10:00:00+0800',
      '2024-03-01T10:00Z',
      '2024-03-01T10:00:00.5Z',
      '2024-03-01T10:00:00.123456Z',
      '2024-02-30T10:00:00Z',
    ]) {
      const b = Buffer.from(text);
      expect(fixed.parse(b, 0, b.length)).toBeNaN();
    }
    const b = Buffer.from('2024-02-29T23:59:59.999-01:30');
    expect(fixed.parse(b, 0, b.length)).toBe(Date.parse('2024-02-29T23:59:59.999-01:30'));
  });
});
