import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { civilDate, formatLocal } from './calendar.js';
import {
  cardNumber,
  deviceId,
  fraudNumber,
  idCheckChar,
  identityNumber,
  luhnDigit,
  luhnValid,
  merchantNumber,
  personPhone,
  writeBankCard,
} from './ids.js';

describe('ids', () => {
  it('card numbers are 19 digits with a valid Luhn check digit, distinct per index', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 50_000_000 }),
        fc.integer({ min: 0, max: 50_000_000 }),
        (a, b) => {
          const x = cardNumber('622202', a);
          expect(x).toMatch(/^622202\d{13}$/);
          expect(luhnValid(x)).toBe(true);
          expect(x === cardNumber('622202', b)).toBe(a === b);
          const bytes = Buffer.alloc(21);
          expect(writeBankCard(bytes, 1, 0, a)).toBe(20); // BANKS[0] is ICBC, 622202
          expect(bytes.toString('latin1', 1, 20)).toBe(x);
        },
      ),
    );
    expect(luhnDigit('7992739871')).toBe(3); // the textbook example
    expect(merchantNumber(1)).toMatch(/^898\d{12}$/);
  });

  it('identity numbers carry the ISO 7064 check character and are unique', () => {
    expect(idCheckChar('11010519491231002')).toBe('X'); // the GB 11643 example
    const seen = new Set<string>();
    for (let i = 0; i < 50_000; i++) {
      const id = identityNumber(i * 97, i % 5, 2026, 7);
      expect(id.slice(-1)).toBe(idCheckChar(id.slice(0, 17)));
      seen.add(id);
    }
    expect(seen.size).toBe(50_000);
    // above two million people the birth day keeps them apart
    expect(identityNumber(5, 1, 2026, 7)).not.toBe(identityNumber(5 + 2_000_000, 1, 2026, 7));
  });

  it('phones are E.164, unique per person, and fraud numbers never collide with them', () => {
    const phones = new Set<string>();
    for (let i = 0; i < 50_000; i++) phones.add(personPhone(i * 1999));
    expect(phones.size).toBe(50_000);
    for (const p of phones) expect(p).toMatch(/^\+861[3-9]\d{9}$/);
    for (const kind of ['virtual', 'spoofed', 'international'] as const) {
      for (let s = 0; s < 500; s++) {
        const n = fraudNumber(kind, s);
        expect(n).toMatch(/^\+\d{8,15}$/);
        expect(phones.has(n)).toBe(false);
      }
    }
    expect(deviceId(1)).toMatch(/^dev-[0-9a-f]{8}$/);
  });

  it('dates and local times agree with the platform calendar', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000_000, max: 4_000_000_000 }), (t) => {
        const iso = new Date((t + 8 * 3600) * 1000).toISOString();
        expect(formatLocal(t)).toBe(`${iso.slice(0, 19)}+08:00`);
        const days = Math.floor(t / 86_400);
        const d = new Date(days * 86_400_000).toISOString();
        expect(String(civilDate(days))).toBe(d.slice(0, 10).replaceAll('-', ''));
      }),
    );
  });
});
