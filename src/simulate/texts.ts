// Filling message templates: fraud scripts for a campaign, with its links and call-back
// numbers, and the placeholders both kinds of template share.
import type { FraudType } from './fraud-types.js';
import type { Rng } from './random.js';
import { CITIES, FRAUD_TEXTS } from './templates-fraud.js';

export type Lang = 'zh' | 'en';
export const LANGS: readonly Lang[] = ['zh', 'en'];

/** Replaces `{name}` with `values[name]`; unknown names stay as they are. */
export function fill(template: string, values: Readonly<Record<string, string>>): string {
  let out = '';
  let from = 0;
  for (;;) {
    const open = template.indexOf('{', from);
    const close = open < 0 ? -1 : template.indexOf('}', open);
    if (close < 0) return out + template.slice(from);
    const value = values[template.slice(open + 1, close)];
    out += template.slice(from, open) + (value ?? template.slice(open, close + 1));
    from = close + 1;
  }
}

/** True if the template uses `{name}`. */
export const uses = (template: string, name: string): boolean => template.includes(`{${name}}`);

const ALNUM = 'abcdefghijkmnpqrstuvwxyz23456789';

/** A random path segment for links. */
export function token(rng: Rng, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += ALNUM[rng.int(ALNUM.length)];
  return s;
}

const POWERS = Array.from({ length: 16 }, (_, i) => 10 ** i);

/** `length` random digits, the first not 0 (up to 15 digits). */
export function digits(rng: Rng, length: number): string {
  const low = POWERS[length - 1] ?? 10 ** (length - 1);
  return String(low + Math.floor(rng.next() * 9 * low));
}

/** Whole yuan as text: `12,800` in English, `12800` in Chinese texts. */
export function yuanText(minor: number, lang: Lang): string {
  const yuan = Math.round(minor / 100);
  return lang === 'en' ? String(yuan).replace(/\B(?=(\d{3})+$)/g, ',') : String(yuan);
}

/** The domains of a campaign's links: lookalikes of its type with the campaign's number. */
export function campaignDomains(type: FraudType, serial: number, rng: Rng): string[] {
  const all = FRAUD_TEXTS[type].domains;
  const count = 1 + rng.int(Math.min(3, all.length));
  const out: string[] = [];
  while (out.length < count) {
    const d = fill(rng.pick(all), { n: String(serial * 7 + out.length + 1) });
    if (!out.includes(d)) out.push(d);
  }
  return out;
}

export interface ScriptContext {
  readonly type: FraudType;
  readonly lang: Lang;
  readonly stage: 'sms' | 'call' | 'follow';
  readonly domains: readonly string[];
  /** A call-back number of the campaign. */
  readonly phone: string;
  /** Amount asked for, minor units. */
  readonly amount: number;
  /** Index of the brand (or city) the campaign impersonates. */
  readonly brand: number;
}

/** A fraud message or call opening, and the links it carries. */
export function fraudScript(ctx: ScriptContext, rng: Rng): { text: string; links: string[] } {
  const texts = FRAUD_TEXTS[ctx.type];
  const script = texts[ctx.lang];
  const template = rng.pick(script[ctx.stage]);
  const brands = texts.brands[ctx.lang];
  const cities = CITIES[ctx.lang];
  const links: string[] = [];
  if (ctx.stage === 'sms' && uses(template, 'link')) {
    links.push(`https://${rng.pick(ctx.domains)}/${token(rng, 6)}`);
  }
  const text = fill(template, {
    brand: brands[ctx.brand % brands.length]!,
    city: cities[ctx.brand % cities.length]!,
    link: links[0] ?? '',
    phone: ctx.phone,
    amount: yuanText(ctx.amount, ctx.lang),
    qq: digits(rng, 9),
    case: `XS${digits(rng, 8)}`,
  });
  return { text, links };
}
