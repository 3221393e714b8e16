import { describe, expect, it } from 'vitest';
import { FRAUD_TYPES } from './fraud-types.js';
import { Rng } from './random.js';
import { FRAUD_TEXTS } from './templates-fraud.js';
import * as ordinary from './templates-ordinary.js';
import { fill, fraudScript, yuanText } from './texts.js';

const KNOWN = new Set(['brand', 'city', 'link', 'phone', 'amount', 'qq', 'case']);

describe('message templates', () => {
  it('has several scripts per fraud type, stage and language, using only known placeholders', () => {
    for (const type of FRAUD_TYPES) {
      for (const lang of ['zh', 'en'] as const) {
        const script = FRAUD_TEXTS[type][lang];
        for (const stage of ['sms', 'call', 'follow'] as const) {
          expect(script[stage].length, `${type} ${lang} ${stage}`).toBeGreaterThanOrEqual(2);
          for (const t of script[stage])
            for (const m of t.matchAll(/\{(\w+)\}/g)) expect(KNOWN.has(m[1]!), t).toBe(true);
        }
        for (const t of script.follow) expect(t).toContain('{amount}');
      }
    }
  });

  it('fills every placeholder of a fraud script and returns its link', () => {
    const rng = new Rng('t', 'texts');
    for (const type of FRAUD_TYPES) {
      for (let i = 0; i < 30; i++) {
        const lang = i % 2 === 0 ? 'zh' : 'en';
        const s = fraudScript(
          {
            type,
            lang,
            stage: 'sms',
            domains: ['x1.top'],
            phone: '+8617000000001',
            amount: 1_280_000,
            brand: i,
          },
          rng,
        );
        expect(s.text).not.toMatch(/\{\w+\}/);
        for (const l of s.links) expect(s.text).toContain(l);
        expect(s.links.every((l) => l.startsWith('https://x1.top/'))).toBe(true);
      }
    }
  });

  it('no template or constant needs JSON escaping beyond quotes, backslashes and line breaks', () => {
    const all: string[] = [];
    const walk = (x: unknown): void => {
      if (typeof x === 'string') all.push(x);
      else if (Array.isArray(x)) x.forEach(walk);
      else if (x !== null && typeof x === 'object') Object.values(x).forEach(walk);
    };
    walk(FRAUD_TEXTS);
    walk(ordinary);
    expect(all.length).toBeGreaterThan(100);
    expect(all.filter((t) => /[\p{Cc}"\\]/u.test(t))).toEqual([]);
  });

  it('ordinary texts come in both languages', () => {
    for (const t of [ordinary.VERIFY, ordinary.DELIVERY, ordinary.FAMILY_SMS, ordinary.MARKETING]) {
      expect(t.zh.length).toBeGreaterThan(1);
      expect(t.en.length).toBeGreaterThan(1);
    }
    expect(fill('{a} and {b}', { a: '1' })).toBe('1 and {b}');
    expect(yuanText(1_280_000, 'en')).toBe('12,800');
    expect(yuanText(1_280_000, 'zh')).toBe('12800');
  });
});
