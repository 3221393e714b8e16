// Ordinary calls and messages of a day: verification codes, delivery notices, family texts
// and calls, shop marketing, and the bank's notice for each salary credit and each debit of
// 5,000 or more (victims get one too, as in life).
import { formatMinor } from '../money/index.js';
import { clockText, DAY, type DayInfo, RETAIL, SOCIAL } from './calendar.js';
import { BANKS } from './institutions.js';
import { type Rng, Weighted } from './random.js';
import { type Comm, type DayRows, purposeCode } from './rows.js';
import {
  BANK_NOTICE,
  CARRIERS,
  DELIVERY,
  FAMILY_CALL,
  FAMILY_SMS,
  MARKETING,
  PLACES,
  SHOPS,
  VERIFY,
  VERIFY_SERVICES,
} from './templates-ordinary.js';
import { digits, fill, type Lang, token } from './texts.js';
import type { World } from './world.js';

/** Shares of ordinary traffic (bank notices come on top, one per qualifying transfer). */
export const ORDINARY_SHARES = { verification: 0.4, delivery: 0.25, family: 0.2, marketing: 0.15 };
/** Debits from a person's account of at least this much (minor units) get a bank notice. */
export const NOTICE_DEBIT = 500_000;

const SALARY = purposeCode('salary');
const NO_LINKS: readonly string[] = Object.freeze([]);
const KIND_CHOICE = new Weighted([
  ORDINARY_SHARES.verification,
  ORDINARY_SHARES.delivery,
  ORDINARY_SHARES.family,
  ORDINARY_SHARES.marketing,
]);

function sms(
  ts: number,
  from: string,
  to: number,
  text: string,
  links: readonly string[],
  detail: string,
): Comm {
  return {
    ts,
    kind: 'sms',
    fromPerson: -1,
    from,
    to,
    text,
    links,
    route: 'domestic',
    duration: 0,
    campaign: -1,
    detail,
  };
}

export function ordinaryComms(world: World, day: DayInfo, rows: DayRows, rng: Rng): void {
  const rate = world.options.commsRate;
  if (rate <= 0) return;
  const pop = world.people;
  const n = pop.count;
  const langOf = (p: number): Lang => (pop.language[p] === 1 ? 'en' : 'zh');
  for (let k = rng.poisson(n * rate); k > 0; k--) {
    const kind = KIND_CHOICE.pick(rng);
    const p = kind === 1 ? pop.activity.sample(rng) : rng.int(n);
    const lang = langOf(p);
    const to = p;
    const ts = day.start + (kind === 2 ? SOCIAL : RETAIL).second(rng);
    switch (kind) {
      case 0: {
        const s = rng.pick(VERIFY_SERVICES);
        const text = fill(rng.pick(VERIFY[lang]), { service: s[lang], code: digits(rng, 6) });
        rows.comms.push(sms(ts, s.code, to, text, NO_LINKS, 'verification'));
        break;
      }
      case 1: {
        const c = rng.pick(CARRIERS);
        const template = rng.pick(DELIVERY[lang]);
        const links = template.includes('{link}') ? [`https://${c.domain}/t/${token(rng, 8)}`] : [];
        const text = fill(template, {
          service: c[lang],
          tracking: `SF${digits(rng, 12)}`,
          place: rng.pick(PLACES[lang]),
          code: `${1 + rng.int(9)}-${digits(rng, 4)}`,
          link: links[0] ?? '',
        });
        rows.comms.push(sms(ts, c.code, to, text, links, 'delivery'));
        break;
      }
      case 2: {
        const from = pop.relative[p]!;
        if (rng.chance(0.4)) {
          rows.comms.push({
            ts,
            kind: 'call',
            fromPerson: from,
            from: '',
            to,
            text: rng.pick(FAMILY_CALL[lang]),
            links: NO_LINKS,
            route: 'domestic',
            duration: Math.floor(rng.logRange(15, 1800)),
            campaign: -1,
            detail: 'family',
          });
        } else {
          const m = sms(ts, '', to, rng.pick(FAMILY_SMS[lang]), NO_LINKS, 'family');
          rows.comms.push({ ...m, fromPerson: from });
        }
        break;
      }
      default: {
        const s = rng.pick(SHOPS);
        const links = [`https://${s.domain}/${token(rng, 6)}`];
        const text = fill(rng.pick(MARKETING[lang]), { service: s[lang], link: links[0]! });
        rows.comms.push(sms(ts, s.code, to, text, links, 'marketing'));
      }
    }
  }
  bankNotices(world, day, rows, rng);
}

/** A notice from the bank's short code to the holder, seconds after the transfer. */
function bankNotices(world: World, day: DayInfo, rows: DayRows, rng: Rng): void {
  const accounts = world.accounts;
  const pop = world.people;
  const end = day.start + DAY - 1;
  const count = rows.count;
  const month = Number(day.prefix.slice(5, 7));
  const zhDate = `${month}月${day.dayOfMonth}日`;
  const enDate = day.prefix.slice(5, 10);
  for (let i = 0; i < count; i++) {
    const salary = rows.purpose[i] === SALARY;
    const account = salary ? rows.to[i]! : rows.from[i]!;
    if (!salary && rows.amount[i]! < NOTICE_DEBIT) continue;
    const holder = accounts.holder[account]!;
    const inst = accounts.institution[account]!;
    if (holder < 0 || inst >= BANKS.length) continue;
    const bank = BANKS[inst]!;
    const lang: Lang = pop.language[holder] === 1 ? 'en' : 'zh';
    const ts = Math.min(end, rows.ts[i]! + 3 + rng.int(60));
    const id = accounts.id(account);
    const hhmm = clockText(ts - day.start).slice(0, 5);
    const text = fill(BANK_NOTICE[lang], {
      bank: lang === 'zh' ? bank.zh : bank.name,
      last4: id.slice(-4),
      date: lang === 'zh' ? `${zhDate}${hhmm}` : `${enDate} ${hhmm}`,
      dir: salary ? BANK_NOTICE.credit[lang] : BANK_NOTICE.debit[lang],
      amount: formatMinor(rows.amount[i]!, 2),
    });
    rows.comms.push(sms(ts, bank.shortCode, holder, text, NO_LINKS, 'bank_notice'));
  }
}
