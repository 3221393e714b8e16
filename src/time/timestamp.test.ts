import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTimestamp } from './index.js';

describe('parseTimestamp', () => {
  it('honours offsets', () => {
    const utc = Date.UTC(2026, 2, 1, 0, 0, 0);
    expect(parseTimestamp('2026-03-01T08:00:00+08:00')).toEqual({ ok: true, ms: utc });
    expect(parseTimestamp('2026-03-01T08:00+0800')).toEqual({ ok: true, ms: utc });
    expect(parseTimestamp('2026-03-01T00:00:00Z')).toEqual({ ok: true, ms: utc });
    expect(parseTimestamp('2026-02-28T19:00:00-05:00')).toEqual({ ok: true, ms: utc });
    expect(parseTimestamp('2026-03-01 00:00:00.123456Z')).toEqual({ ok: true, ms: utc + 123 });
  });
  it('agrees with Date.parse on any valid instant', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }),
        fc.integer({ min: -14 * 4, max: 14 * 4 }),
        (d, q) => {
          const offMin = q * 15;
          const local = new Date(d.getTime() + offMin * 60_000).toISOString().slice(0, 23);
          const sign = offMin < 0 ? '-' : '+';
          const abs = Math.abs(offMin);
          const off = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
          expect(parseTimestamp(local + off)).toEqual({ ok: true, ms: d.getTime() });
        },
      ),
    );
  });
  it('rejects what is not an instant', () => {
    for (const s of [
      '',
      '2026-03-01',
      '2026-03-01T08:00:00',
      '2026-13-01T00:00:00Z',
      '2026-02-29T00:00:00Z',
      '2026-03-01T24:00:00Z',
      '2026-03-01T08:60:00Z',
      '2026-03-01T08:00:00+08:00 ',
      '01/03/2026 08:00',
      '2026-03-01T08:00:00.Z',
    ]) {
      const r = parseTimestamp(s);
      expect(r.ok, s).toBe(false);
    }
    expect(parseTimestamp('2024-02-29T00:00:00Z').ok).toBe(true);
  });
});
