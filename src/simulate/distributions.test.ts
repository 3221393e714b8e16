// The distributions docs/simulate.md promises, checked on the written files.
import { describe, expect, it } from 'vitest';
import { EVERYDAY_RATES } from './everyday.js';
import { PROFILES } from './fraud-types.js';
import { comms, records, simulateInMemory } from './test-support/memory.js';

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};
const hourOf = (ts: string) => Number(ts.slice(11, 13));
/** 0 = Monday; the run starts on Sunday 2026-03-01. */
const weekdayOf = (ts: string) => (Number(ts.slice(8, 10)) + 5) % 7;

describe('everyday life (20,000 people, 4 weeks, no fraud)', () => {
  const PEOPLE = 20_000;
  const DAYS = 28;
  const { files } = simulateInMemory({
    seed: '3',
    people: String(PEOPLE),
    days: String(DAYS),
    fraudRate: '0',
  });
  const transfers = records(files.transfers);
  const events = records(files.truthEvents);
  const purpose = new Map(events.map((e) => [e['id']!, e['detail']!]));
  const of = (p: string) => transfers.filter((t) => purpose.get(t['id']!) === p);
  const amounts = (p: string) => of(p).map((t) => Number(t['amount']));

  it('each everyday payment happens at its documented rate per person per 30 days (±10%)', () => {
    const personMonths = (PEOPLE * DAYS) / 30;
    for (const p of ['shopping', 'bill', 'friend', 'family', 'cash_withdrawal', 'wallet_topup']) {
      const rate = of(p).length / personMonths;
      expect(rate / EVERYDAY_RATES[p]!, p).toBeGreaterThan(0.9);
      expect(rate / EVERYDAY_RATES[p]!, p).toBeLessThan(1.1);
    }
  });

  it('shopping has a weekly rhythm (Saturdays ≥ 1.2× a Monday-Thursday) and quiet nights (< 5% before 6:00)', () => {
    const shop = of('shopping');
    const perDay = (days: number[]) =>
      shop.filter((t) => days.includes(weekdayOf(t['ts']!))).length / days.length;
    expect(perDay([5]) / perDay([0, 1, 2, 3])).toBeGreaterThan(1.2);
    expect(shop.filter((t) => hourOf(t['ts']!) < 6).length / shop.length).toBeLessThan(0.05);
    const bills = of('bill');
    expect(
      bills.filter((t) => hourOf(t['ts']!) >= 8 && hourOf(t['ts']!) < 18).length / bills.length,
    ).toBeGreaterThan(0.8);
  });

  it('amounts are heavy-tailed: shopping median 85 (±10%), 99th percentile over 8× the median', () => {
    const shop = amounts('shopping');
    const median = quantile(shop, 0.5);
    expect(median).toBeGreaterThan(76);
    expect(median).toBeLessThan(94);
    expect(quantile(shop, 0.99) / median).toBeGreaterThan(8);
  });

  it('salaries arrive once a month on weekdays', () => {
    const salaries = of('salary');
    expect(salaries.length).toBeGreaterThan(PEOPLE * 0.4);
    expect(new Set(salaries.map((t) => t['to'])).size).toBe(salaries.length);
    expect(salaries.every((t) => weekdayOf(t['ts']!) < 5)).toBe(true);
  });

  it('large payments (3,000 to 1,000,000) go to payees the payer never paid before, many over 50,000', () => {
    const large = of('large_purchase');
    expect(large.length).toBeGreaterThan(40);
    const firstPaid = new Map<string, string>();
    for (const t of transfers) {
      const k = `${t['from']}>${t['to']}`;
      if (!firstPaid.has(k)) firstPaid.set(k, t['id']!);
    }
    for (const t of large) {
      expect(firstPaid.get(`${t['from']}>${t['to']}`)).toBe(t['id']);
      expect(Number(t['amount'])).toBeGreaterThanOrEqual(3_000);
    }
    expect(
      large.filter((t) => Number(t['amount']) >= 50_000).length / large.length,
    ).toBeGreaterThan(0.4);
  });

  it('people pay from one or two devices', () => {
    const accounts = new Map(records(files.accounts).map((a) => [a['account']!, a['holder']!]));
    const devices = new Map<string, Set<string>>();
    for (const t of transfers) {
      if (t['device'] === '') continue;
      const who = accounts.get(t['from']!)!;
      const s = devices.get(who) ?? new Set();
      s.add(t['device']!);
      devices.set(who, s);
    }
    expect(Math.max(...[...devices.values()].map((s) => s.size))).toBeLessThanOrEqual(2);
  });
});

describe('fraud (20,000 people, 30 days, everyone contacted once on average)', () => {
  const PAY = 0.02;
  const { files } = simulateInMemory({
    seed: '8',
    people: '20000',
    days: '30',
    fraudRate: '1',
    payRate: String(PAY),
    muleReuse: '0.5',
    runningPoints: '0.5',
  });
  const transfers = records(files.transfers);
  const byId = new Map(transfers.map((t) => [t['id']!, t]));
  const events = new Map(records(files.truthEvents).map((e) => [e['id']!, e]));
  const truth = new Map(records(files.truthAccounts).map((a) => [a['account']!, a]));
  const people = records(files.people);
  const campaigns = records(files.truthCampaigns);
  const losses = records(files.losses);
  const messages = comms(files.comms);
  const fraudRows = transfers.filter((t) => events.get(t['id']!)!['campaign'] !== '');
  const role = (account: string) => truth.get(account)!['role'];

  it('runs every fraud type; each converts near --pay-rate × its factor of the people it reaches', () => {
    expect(new Set(campaigns.map((c) => c['fraud_type']))).toEqual(new Set(Object.keys(PROFILES)));
    const by = new Map<string, { targets: number; victims: number }>();
    for (const c of campaigns) {
      const s = by.get(c['fraud_type']!) ?? { targets: 0, victims: 0 };
      s.targets += Number(c['targets']);
      s.victims += Number(c['victims']);
      by.set(c['fraud_type']!, s);
    }
    for (const [type, s] of by) {
      if (type === 'money_recovery') continue; // earlier victims pay far more often
      const expected = PAY * PROFILES[type as keyof typeof PROFILES].payFactor;
      const rate = s.victims / s.targets;
      expect(rate, type).toBeGreaterThan(expected * 0.5);
      expect(rate, type).toBeLessThan(expected * 2);
    }
  });

  it('protected people are targeted about --protected-boost (2.5) times as often as other elderly people', () => {
    const targeted = new Set(
      messages.filter((m) => events.get(m.id)!['campaign'] !== '').map((m) => m.to),
    );
    const elderly = people.filter((p) => p['age_band'] === '60-74' || p['age_band'] === '75+');
    const rate = (prot: string) => {
      const group = elderly.filter((p) => p['protected'] === prot);
      return group.filter((p) => targeted.has(p['phone']!)).length / group.length;
    };
    const ratio = rate('true') / rate('false');
    expect(ratio).toBeGreaterThan(1.6);
    expect(ratio).toBeLessThan(3.5);
  });

  it('victims who pay again pay more (types whose payments rise); money-recovery scams hit earlier victims', () => {
    const seq = new Map<string, number[]>();
    for (const l of losses) {
      const k = `${l['victim']}/${l['campaign']}/${l['fraud_type']}`;
      seq.set(k, [...(seq.get(k) ?? []), Number(byId.get(l['transfer_id']!)!['amount'])]);
    }
    let repeated = 0;
    for (const [k, amounts] of seq) {
      const type = k.split('/')[2] as keyof typeof PROFILES;
      if (amounts.length < 2 || PROFILES[type].rise[0] <= 1) continue;
      repeated++;
      for (let i = 1; i < amounts.length; i++) expect(amounts[i]!).toBeGreaterThan(amounts[i - 1]!);
    }
    expect(repeated).toBeGreaterThan(10);
    const first = new Map<string, string>();
    for (const l of losses) if (!first.has(l['victim']!)) first.set(l['victim']!, l['fraud_type']!);
    const again = losses.filter(
      (l) => l['fraud_type'] === 'money_recovery' && first.get(l['victim']!) !== 'money_recovery',
    );
    expect(again.length).toBeGreaterThan(0);
  });

  it('layering stays below the 50,000 threshold while losses need not; level-1 mules move money within hours', () => {
    const layered = fraudRows.filter((t) => role(t['from']!) !== 'victim');
    expect(layered.every((t) => Number(t['amount']) < 50_000)).toBe(true);
    expect(losses.some((l) => Number(byId.get(l['transfer_id']!)!['amount']) >= 50_000)).toBe(true);
    const received = new Map<string, number>();
    const dwell: number[] = [];
    for (const t of fraudRows) {
      const ms = Date.parse(t['ts']!);
      if (role(t['from']!) === 'victim' && !received.has(t['to']!)) received.set(t['to']!, ms);
      const r = received.get(t['from']!);
      if (r !== undefined && truth.get(t['from']!)!['level'] === '1') {
        dwell.push(ms - r);
        received.delete(t['from']!);
      }
    }
    expect(quantile(dwell, 0.5)).toBeLessThan(2 * 3_600_000);
  });

  it('fan-out at level 1, fan-in at the last level, exits of every kind', () => {
    const outs = new Map<string, Set<string>>();
    const ins = new Map<string, Set<string>>();
    for (const t of fraudRows) {
      if (role(t['to']!) !== 'mule' || role(t['from']!) !== 'mule') continue;
      outs.set(t['from']!, (outs.get(t['from']!) ?? new Set()).add(t['to']!));
      ins.set(t['to']!, (ins.get(t['to']!) ?? new Set()).add(t['from']!));
    }
    const level = (a: string) => truth.get(a)!['level'];
    const mean = (m: Map<string, Set<string>>, l: string) => {
      const xs = [...m].filter(([a]) => level(a) === l).map(([, s]) => s.size);
      return xs.reduce((s, x) => s + x, 0) / xs.length;
    };
    expect(mean(outs, '1')).toBeGreaterThan(2);
    expect(mean(ins, '3')).toBeGreaterThan(2);
    const kinds = new Map(records(files.accounts).map((a) => [a['account']!, a['kind']!]));
    const exits = new Set(
      fraudRows.filter((t) => role(t['to']!) === 'exit').map((t) => kinds.get(t['to']!)),
    );
    expect(exits).toEqual(new Set(['cash', 'crypto_exchange', 'foreign', 'third_party_payment']));
  });

  it('classic rings run many cards from few devices; mules are shared and carry their own money', () => {
    const cards = new Map<string, Set<string>>();
    for (const t of fraudRows) {
      if (role(t['from']!) !== 'mule' || t['device'] === '') continue;
      cards.set(t['device']!, (cards.get(t['device']!) ?? new Set()).add(t['from']!));
    }
    expect(Math.max(...[...cards.values()].map((s) => s.size))).toBeGreaterThanOrEqual(5);
    const mules = [...truth.values()].filter((a) => a['role'] === 'mule');
    expect(mules.some((m) => m['campaigns']!.includes(';'))).toBe(true);
    const own = new Set(
      transfers
        .filter((t) => events.get(t['id']!)!['campaign'] === '')
        .flatMap((t) => [t['from']!, t['to']!]),
    );
    expect(mules.some((m) => own.has(m['account']!))).toBe(true);
  });

  it('fraud contact comes from virtual, spoofed or international numbers, by text and call, in Chinese and English', () => {
    const fraud = messages.filter((m) => events.get(m.id)!['campaign'] !== '');
    expect(new Set(fraud.map((m) => m.route))).toEqual(new Set(['voip', 'international']));
    expect(new Set(fraud.map((m) => m.kind))).toEqual(new Set(['sms', 'call']));
    expect(fraud.some((m) => /[\u4e00-\u9fff]/.test(m.text))).toBe(true);
    expect(fraud.some((m) => /^[\x20-\x7e]+$/.test(m.text))).toBe(true);
    expect(fraud.filter((m) => m.links.length > 0).length).toBeGreaterThan(100);
    const ordinary = messages.length - fraud.length;
    expect(ordinary / fraud.length).toBeGreaterThan(1);
  });
});
