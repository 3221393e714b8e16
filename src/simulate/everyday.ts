// Everyday payments that happen at random: shopping, bills, friends, family, cash, wallets, and
// rare large payments to a payee the payer never paid before (a car, tuition, a renovation, a
// house deposit) that look like fraud to a naive rule. Counts are Poisson per day with a
// weekly rhythm; times follow each activity's daily rhythm; amounts are heavy-tailed.
import {
  type DayInfo,
  type HourProfile,
  OFFICE,
  RETAIL,
  SOCIAL,
  WEEK_OFFICE,
  WEEK_RETAIL,
  WEEK_SOCIAL,
} from './calendar.js';
import { BANKS, WALLETS } from './institutions.js';
import { ELDERLY_BAND, payingAccount, personDevice } from './population.js';
import { mix32, type Rng, Weighted } from './random.js';
import {
  CH_ATM,
  CH_CARD,
  CH_CRYPTO,
  CH_TRANSFER,
  CH_WALLET,
  type DayRows,
  PURPOSES,
  type Purpose,
  purposeCode,
} from './rows.js';
import { BIG_TICKETS, type BigTicket, type World } from './world.js';

/** Everyday payments per person per 30 days (at `--activity 1`). */
export const EVERYDAY_RATES: Readonly<Record<string, number>> = {
  shopping: 4.0,
  bill: 2.0,
  friend: 1.2,
  family: 1.0,
  cash_withdrawal: 0.6,
  wallet_topup: 1.2,
  wallet_withdrawal: 0.5,
  large_purchase: 0.004,
  remittance: 0.01,
  crypto_purchase: 0.02,
};

const LARGE_MEDIAN: Readonly<Record<string, [number, number, number]>> = {
  // median, lowest, highest (CNY)
  car: [150_000, 50_000, 800_000],
  tuition: [20_000, 3_000, 150_000],
  renovation: [60_000, 10_000, 400_000],
  jewelry: [15_000, 3_000, 200_000],
  deposit: [100_000, 20_000, 1_000_000],
};

const WALLET_CHOICE = new Weighted(WALLETS.map((w) => w.weight));
/** Car, tuition, renovation, jewelry, house deposit. */
const LARGE_CHOICE = new Weighted([30, 25, 25, 10, 10]);

/** Minor units of a major amount, at least 0.01. */
const cents = (x: number): number => Math.max(1, Math.round(x * 100));
const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));
const hundreds = (x: number): number => Math.max(1, Math.round(x / 100)) * 10_000;

/** Special amounts people send family and partners (520 "I love you", 1314, lucky 888...). */
const GIFT_AMOUNTS = [520, 1314, 888, 666, 200, 1000];

const CODES = Object.fromEntries(PURPOSES.map((p) => [p, purposeCode(p)])) as Record<
  Purpose,
  number
>;

export function everydayDay(world: World, day: DayInfo, rows: DayRows, rng: Rng): void {
  const pop = world.people;
  const n = pop.count;
  const scale = (n * world.options.activity) / 30;
  // each activity's times are drawn first, in order, so the day's rows come in sorted runs
  const batch = (purpose: string, week: readonly number[], profile: HourProfile) =>
    profile.sortedSeconds(rng.poisson(scale * EVERYDAY_RATES[purpose]! * week[day.weekday]!), rng);
  const push = (
    second: number,
    from: number,
    to: number,
    amount: number,
    channel: number,
    device: number,
    purpose: Purpose,
  ) => rows.push(day.start + second, from, to, amount, channel, device, CODES[purpose]);
  const active = () => pop.activity.sample(rng);
  const own = (p: number) => payingAccount(pop, p, rng);
  const dev = (p: number) => personDevice(pop, p, rng);

  for (const t of batch('shopping', WEEK_RETAIL, RETAIL)) {
    const p = active();
    const m = world.merchants[world.merchantPopularity.sample(rng)]!;
    const x = clamp(rng.logNormal(85, 1.1), 1, 50_000);
    push(t, own(p), m, cents(x), rng.chance(0.4) ? CH_CARD : CH_WALLET, dev(p), 'shopping');
  }
  for (const t of batch('bill', WEEK_OFFICE, OFFICE)) {
    const p = rng.int(n);
    const b = world.billers[rng.int(world.billers.length)]!;
    const x = clamp(rng.logNormal(160, 0.6), 5, 20_000);
    push(t, own(p), b, cents(x), rng.chance(0.5) ? CH_TRANSFER : CH_WALLET, dev(p), 'bill');
  }
  for (const t of batch('friend', WEEK_SOCIAL, SOCIAL)) {
    const p = active();
    // a circle of eight friends, the first ones paid most often
    const k = Math.floor(8 * rng.next() ** 2);
    let f = mix32(p * 8 + k) % n;
    if (f === p) f = (p + 1) % n;
    const x = clamp(rng.logNormal(150, 1.1), 1, 50_000);
    const amount = rng.chance(0.6) ? Math.max(1, Math.round(x)) * 100 : cents(x);
    push(t, own(p), pop.acctStart[f]!, amount, CH_TRANSFER, dev(p), 'friend');
  }
  for (const t of batch('family', WEEK_SOCIAL, SOCIAL)) {
    let p = rng.int(n);
    let r = pop.relative[p]!;
    // money mostly flows from the working generation to the elderly
    if (pop.band[p]! >= ELDERLY_BAND && rng.chance(0.7)) [p, r] = [r, p];
    const amount = rng.chance(0.08)
      ? rng.pick(GIFT_AMOUNTS) * 100
      : rng.chance(0.6)
        ? hundreds(rng.logNormal(600, 0.9))
        : cents(clamp(rng.logNormal(600, 0.9), 1, 100_000));
    push(t, own(p), pop.acctStart[r]!, amount, CH_TRANSFER, dev(p), 'family');
  }
  const accounts = world.accounts;
  for (const t of batch('cash_withdrawal', WEEK_RETAIL, RETAIL)) {
    const p = active();
    const from = own(p);
    const bank = accounts.institution[from]!;
    const atms = world.atms[bank < BANKS.length ? bank : 0]!;
    const amount = hundreds(clamp(rng.logNormal(800, 0.8), 100, 20_000));
    push(t, from, atms[rng.int(atms.length)]!, amount, CH_ATM, -1, 'cash_withdrawal');
  }
  for (const t of batch('wallet_topup', WEEK_RETAIL, RETAIL)) {
    const p = active();
    const w = world.wallets[WALLET_CHOICE.pick(rng)]!;
    const x = clamp(rng.logNormal(300, 0.9), 1, 50_000);
    push(t, own(p), w, cents(x), CH_WALLET, dev(p), 'wallet_topup');
  }
  for (const t of batch('wallet_withdrawal', WEEK_SOCIAL, SOCIAL)) {
    const p = rng.int(n);
    const w = world.wallets[WALLET_CHOICE.pick(rng)]!;
    const x = clamp(rng.logNormal(500, 1.0), 1, 50_000);
    push(t, w, pop.acctStart[p]!, cents(x), CH_WALLET, -1, 'wallet_withdrawal');
  }
  for (const t of batch('large_purchase', WEEK_OFFICE, OFFICE)) {
    const p = rng.int(n);
    const what = LARGE_CHOICE.pick(rng);
    const label: BigTicket | 'deposit' = what < 4 ? BIG_TICKETS[what]! : 'deposit';
    const [median, lo, hi] = LARGE_MEDIAN[label]!;
    const amount = hundreds(clamp(rng.logNormal(median, 0.5), lo, hi));
    let to: number;
    if (label === 'deposit') {
      // a house deposit to a seller the payer never paid before
      let s = rng.int(n);
      if (s === p) s = (p + 1) % n;
      to = pop.acctStart[s]!;
    } else {
      const sellers = world.bigTicket[label];
      to = sellers[rng.int(sellers.length)]!;
    }
    push(t, own(p), to, amount, CH_TRANSFER, dev(p), 'large_purchase');
  }
  for (const t of batch('remittance', WEEK_OFFICE, OFFICE)) {
    const p = rng.int(n);
    const to = world.foreignLegit[rng.int(world.foreignLegit.length)]!;
    const amount = hundreds(clamp(rng.logNormal(40_000, 0.7), 5_000, 500_000));
    push(t, own(p), to, amount, CH_TRANSFER, dev(p), 'remittance');
  }
  for (const t of batch('crypto_purchase', WEEK_SOCIAL, SOCIAL)) {
    const p = active();
    const to = world.cryptoDesks[rng.int(world.cryptoDesks.length)]!;
    const amount = cents(clamp(rng.logNormal(2_000, 1.0), 100, 100_000));
    push(t, own(p), to, amount, CH_CRYPTO, dev(p), 'crypto_purchase');
  }
}
