import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClawbackError } from '../errors/index.js';
import { idCheckChar, luhnValid } from './ids.js';
import { comms, records, simulateInMemory } from './test-support/memory.js';

// Fraud-heavy so that every kind of truth shows up in a small, fast run.
const FLAGS = {
  seed: '11',
  people: '4000',
  days: '21',
  fraudRate: '1',
  payRate: '0.05',
  muleReuse: '0.5',
};
const run = simulateInMemory(FLAGS);
const f = run.files;
const transfers = records(f.transfers);
const accounts = records(f.accounts);
const people = records(f.people);
const losses = records(f.losses);
const truthAccounts = records(f.truthAccounts);
const events = records(f.truthEvents);
const campaigns = records(f.truthCampaigns);
const messages = comms(f.comms);

const byId = new Map(transfers.map((t) => [t['id']!, t]));
const truthOf = new Map(truthAccounts.map((a) => [a['account']!, a]));
const eventOf = new Map(events.map((e) => [e['id']!, e]));
const accountOf = new Map(accounts.map((a) => [a['account']!, a]));

describe('simulate: determinism', () => {
  it('writes the same bytes for the same options', () => {
    const again = simulateInMemory(FLAGS).files;
    for (const k of Object.keys(f) as (keyof typeof f)[]) expect(again[k] === f[k], k).toBe(true);
  });

  it('writes different data for another seed, and the same everyday life for another fraud rate', () => {
    const other = simulateInMemory({ ...FLAGS, seed: '12' }).files;
    expect(other.transfers).not.toBe(f.transfers);
    const quiet = simulateInMemory({ ...FLAGS, fraudRate: '0' }).files;
    expect(quiet.people).toBe(f.people);
    expect(records(quiet.losses)).toHaveLength(0);
    expect(records(quiet.truthCampaigns)).toHaveLength(0);
  });
});

describe('simulate: formats', () => {
  it('transfers: unique ids, +08:00 times in order, positive 2-decimal amounts, no self-transfers', () => {
    expect(f.transfers.startsWith('id,ts,from,to,amount,currency,channel,device\n')).toBe(true);
    expect(byId.size).toBe(transfers.length);
    const bad: string[] = [];
    const channels = new Set(['transfer', 'card', 'atm', 'third_party_payment', 'crypto']);
    let last = '';
    for (const t of transfers) {
      const ok =
        /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/.test(t['ts']!) &&
        t['ts']! >= last &&
        /^([1-9]\d*\.\d\d|0\.(0[1-9]|[1-9]\d))$/.test(t['amount']!) &&
        t['from'] !== t['to'] &&
        t['currency'] === 'CNY' &&
        channels.has(t['channel']!) &&
        /^(dev-[0-9a-f]{8})?$/.test(t['device']!) &&
        accountOf.has(t['from']!) &&
        accountOf.has(t['to']!);
      if (!ok) bad.push(JSON.stringify(t));
      last = t['ts']!;
    }
    expect(bad).toEqual([]);
  });

  it('accounts: formats.md columns plus holder and opened_at; card numbers pass Luhn', () => {
    expect(
      f.accounts.startsWith('account,opening_balance,kind,institution,holder,opened_at\n'),
    ).toBe(true);
    expect(accountOf.size).toBe(accounts.length);
    const kinds = new Set(accounts.map((a) => a['kind']));
    expect([...kinds].sort()).toEqual(
      ['bank', 'cash', 'crypto_exchange', 'foreign', 'merchant', 'third_party_payment'].sort(),
    );
    const bad = accounts.filter(
      (a) =>
        !/^\d+\.\d\d$/.test(a['opening_balance']!) ||
        !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/.test(a['opened_at']!) ||
        (a['kind'] === 'bank' &&
          (!/^\d{19}$/.test(a['account']!) ||
            !luhnValid(a['account']!) ||
            !/^[PB]\d+$/.test(a['holder']!))),
    );
    expect(bad).toEqual([]);
  });

  it('people: unique valid identity numbers and E.164 phones; guardians only for the protected elderly', () => {
    const ids = new Set(people.map((p) => p['id_number']));
    const phones = new Set(people.map((p) => p['phone']));
    expect(ids.size).toBe(people.length);
    expect(phones.size).toBe(people.length);
    const bad = people.filter((p) => {
      const id = p['id_number']!;
      const guardian =
        p['protected'] === 'true'
          ? ['60-74', '75+'].includes(p['age_band']!) && phones.has(p['guardian_phone'])
          : p['guardian_phone'] === '';
      return (
        !/^\d{17}[\dX]$/.test(id) ||
        idCheckChar(id.slice(0, 17)) !== id[17] ||
        !/^\+861[3-9]\d{9}$/.test(p['phone']!) ||
        !guardian
      );
    });
    expect(bad).toEqual([]);
    expect(people.some((p) => p['protected'] === 'true')).toBe(true);
  });

  it('comms: unique ids in time order, calls with a duration, Chinese and English texts', () => {
    expect(new Set(messages.map((m) => m.id)).size).toBe(messages.length);
    const bad = messages.filter(
      (m, i) =>
        (i > 0 && m.ts < messages[i - 1]!.ts) ||
        !['call', 'sms'].includes(m.kind) ||
        (m.kind === 'call') !== (typeof m.duration_s === 'number') ||
        m.text.length === 0,
    );
    expect(bad).toEqual([]);
    expect(messages.some((m) => /[\u4e00-\u9fff]/.test(m.text))).toBe(true);
    expect(messages.some((m) => /^[\x20-\x7e]+$/.test(m.text))).toBe(true);
  });
});

describe('simulate: the truth agrees with the data', () => {
  it('every loss is a victim payment into a level-1 mule, labelled with its campaign', () => {
    expect(losses.length).toBeGreaterThan(50);
    const bad = losses.filter((l) => {
      const t = byId.get(l['transfer_id']!);
      if (t === undefined) return true;
      const mule = truthOf.get(t['to']!)!;
      const victim = truthOf.get(t['from']!)!;
      const e = eventOf.get(t['id']!)!;
      return !(
        mule['role'] === 'mule' &&
        mule['level'] === '1' &&
        victim['role'] === 'victim' &&
        victim['campaigns']!.split(';').includes(l['campaign']!) &&
        accountOf.get(t['from']!)!['holder'] === l['victim'] &&
        e['campaign'] === l['campaign'] &&
        e['fraud_type'] === l['fraud_type'] &&
        e['detail'] === 'loss'
      );
    });
    expect(bad).toEqual([]);
  });

  it('every mule received fraud money of each campaign it is labelled with', () => {
    const received = new Map<string, Set<string>>();
    for (const t of transfers) {
      const c = eventOf.get(t['id']!)!['campaign']!;
      if (c === '') continue;
      const s = received.get(t['to']!) ?? new Set();
      s.add(c);
      received.set(t['to']!, s);
    }
    const mules = truthAccounts.filter((a) => a['role'] === 'mule');
    expect(mules.length).toBeGreaterThan(20);
    const bad = mules.filter((m) => {
      const got = received.get(m['account']!);
      return (
        got === undefined ||
        !m['campaigns']!.split(';').every((c) => got.has(c)) ||
        !/^R\d{3}$/.test(m['ring']!)
      );
    });
    expect(bad).toEqual([]);
  });

  it('every fraud transfer belongs to a campaign of its type and runs between fraud roles', () => {
    const typeOf = new Map(campaigns.map((c) => [c['campaign']!, c['fraud_type']!]));
    let fraud = 0;
    const bad: string[] = [];
    for (const t of transfers) {
      const e = eventOf.get(t['id']!)!;
      if (e['fraud_type'] === '') {
        if (e['campaign'] !== '') bad.push(t['id']!);
        continue;
      }
      fraud++;
      const from = truthOf.get(t['from']!)!['role']!;
      const to = truthOf.get(t['to']!)!['role']!;
      const ok =
        typeOf.get(e['campaign']!) === e['fraud_type'] &&
        ['victim', 'mule', 'fraudster'].includes(from) &&
        ['mule', 'fraudster', 'exit', 'victim'].includes(to) &&
        (to !== 'victim' || e['detail'] === 'rebate');
      if (!ok) bad.push(t['id']!);
    }
    expect(bad).toEqual([]);
    expect(fraud).toBeGreaterThan(losses.length);
  });

  it('truth_events lists every transfer and call or message once; fraud comms come from fraud numbers', () => {
    expect(events).toHaveLength(transfers.length + messages.length);
    const phones = new Set(people.map((p) => p['phone']));
    const bad = messages.filter((m) => {
      const e = eventOf.get(m.id)!;
      const fraudulent = e['campaign'] !== '';
      return (
        e['kind'] !== m.kind ||
        !phones.has(m.to) ||
        (fraudulent && (m.route === 'domestic' || phones.has(m.from)))
      );
    });
    expect(bad).toEqual([]);
    expect(messages.some((m) => eventOf.get(m.id)!['campaign'] !== '')).toBe(true);
  });

  it('truth_campaigns counts the victims, payments and money lost of each campaign', () => {
    for (const c of campaigns) {
      const mine = losses.filter((l) => l['campaign'] === c['campaign']);
      expect(Number(c['payments'])).toBe(mine.length);
      expect(Number(c['victims'])).toBe(new Set(mine.map((l) => l['victim'])).size);
      const cents = mine.reduce(
        (s, l) => s + Math.round(Number(byId.get(l['transfer_id']!)!['amount']) * 100),
        0,
      );
      expect(Math.round(Number(c['lost']) * 100)).toBe(cents);
    }
  });

  it('no account ever pays more than its opening balance and what it received', () => {
    const balance = new Map(
      accounts.map((a) => [a['account']!, Math.round(Number(a['opening_balance']) * 100)]),
    );
    const overdrawn: string[] = [];
    for (const t of transfers) {
      const amount = Math.round(Number(t['amount']) * 100);
      const left = balance.get(t['from']!)! - amount;
      if (left < 0) overdrawn.push(`${t['id']} overdraws ${t['from']}`);
      balance.set(t['from']!, left);
      balance.set(t['to']!, balance.get(t['to']!)! + amount);
    }
    expect(overdrawn).toEqual([]);
  });
});

describe('simulate: any options', () => {
  it('either refuses with a usage error or writes data whose truth holds', () => {
    fc.assert(
      fc.property(
        fc.record({
          seed: fc.integer({ min: 0, max: 1e6 }).map(String),
          people: fc.integer({ min: 10, max: 400 }).map(String),
          days: fc.integer({ min: 1, max: 12 }).map(String),
          fraudRate: fc.constantFrom('0', '0.3', '1'),
          payRate: fc.constantFrom('0.05', '0.5', '1'),
          layers: fc.integer({ min: 1, max: 5 }).map(String),
          muleReuse: fc.constantFrom('0', '1'),
          runningPoints: fc.constantFrom('0', '1'),
          timeScale: fc.constantFrom('0.05', '1', '20'),
          threshold: fc.constantFrom('100', '50000'),
        }),
        (flags) => {
          let files: ReturnType<typeof simulateInMemory>['files'];
          try {
            files = simulateInMemory(flags).files;
          } catch (e) {
            expect(e).toBeInstanceOf(ClawbackError);
            expect((e as ClawbackError).code).toBe('CB_E_USAGE');
            return;
          }
          const ts = records(files.transfers);
          const truth = new Map(records(files.truthAccounts).map((a) => [a['account']!, a]));
          const balance = new Map(
            records(files.accounts).map((a) => [
              a['account']!,
              Math.round(Number(a['opening_balance']) * 100),
            ]),
          );
          const byId = new Map(ts.map((t) => [t['id']!, t]));
          const problems: string[] = [];
          for (const t of ts) {
            const amount = Math.round(Number(t['amount']) * 100);
            if (t['from'] === t['to'] || !(amount > 0)) problems.push(`bad ${t['id']}`);
            const left = balance.get(t['from']!)! - amount;
            if (left < 0) problems.push(`overdraft ${t['id']}`);
            balance.set(t['from']!, left);
            balance.set(t['to']!, balance.get(t['to']!)! + amount);
          }
          for (const l of records(files.losses)) {
            const mule = truth.get(byId.get(l['transfer_id']!)!['to']!)!;
            if (mule['role'] !== 'mule' || mule['level'] !== '1')
              problems.push(`loss ${l['transfer_id']}`);
          }
          expect(problems).toEqual([]);
        },
      ),
      { numRuns: 25 },
    );
  });
});
