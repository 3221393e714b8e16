// The simulated world before anything happens: people and their accounts, employers,
// merchants, billers, sellers of big-ticket items, and the exits (ATMs, crypto desks, foreign
// banks, payment wallets).
import {
  AccountTable,
  businessHolder,
  K_CASH,
  K_CRYPTO,
  K_FOREIGN,
  K_MERCHANT,
  K_WALLET,
  NO_HOLDER,
} from './accounts.js';
import { DAY } from './calendar.js';
import { merchantNumber } from './ids.js';
import { BANK_WEIGHTS, BANKS, CRYPTO_DESKS, FOREIGN_BANKS, WALLETS } from './institutions.js';
import type { SimulateOptions } from './options.js';
import { buildPopulation, type Population } from './population.js';
import { AliasTable, Rng, Weighted } from './random.js';

export type BigTicket = 'car' | 'tuition' | 'renovation' | 'jewelry';
export const BIG_TICKETS: readonly BigTicket[] = ['car', 'tuition', 'renovation', 'jewelry'];

export interface World {
  readonly options: SimulateOptions;
  readonly accounts: AccountTable;
  readonly people: Population;
  /** Business ids issued (holders `B000000`...). */
  readonly businesses: number;
  readonly employerAccount: Int32Array;
  /** Day of the month salaries are paid; 0 = the last day. */
  readonly employerPayday: Uint8Array;
  /** Employees by their employer's payday (0 = the last day), in person order. */
  readonly payroll: ReadonlyMap<number, Int32Array>;
  readonly pensioners: Int32Array;
  /** Renters by the day of the month they pay (1-5). */
  readonly renters: readonly Int32Array[];
  readonly pensionFund: number;
  readonly merchants: Int32Array;
  readonly merchantPopularity: AliasTable;
  readonly billers: Int32Array;
  readonly bigTicket: Readonly<Record<BigTicket, Int32Array>>;
  /** ATM (cash) accounts of each bank, by BANKS index. */
  readonly atms: readonly Int32Array[];
  readonly cryptoDesks: Int32Array;
  readonly foreignHubs: Int32Array;
  readonly foreignLegit: Int32Array;
  /** Settlement account of each wallet, by WALLETS index. */
  readonly wallets: Int32Array;
}

const PAYDAYS = [5, 10, 10, 15, 15, 20, 25, 0];
const BANK_CHOICE = new Weighted(BANK_WEIGHTS);

function zipf(n: number, s: number): Float64Array {
  const w = new Float64Array(n);
  for (let k = 0; k < n; k++) w[k] = 1 / (k + 1) ** s;
  return w;
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');

export function buildWorld(options: SimulateOptions): World {
  const rng = new Rng(options.seed, 'world');
  const n = options.people;
  const start = options.start;
  const accounts = new AccountTable();
  // banks first, so that a bank account's institution index is its index in BANKS
  for (const bk of BANKS) accounts.institutionOf(bk.name);
  const employers = Math.max(3, Math.round(n / 40));
  const employerSize = new AliasTable(zipf(employers, 1.1));
  const people = buildPopulation(n, start, employerSize, accounts, rng);
  let businesses = 0;
  const longAgo = () => start - Math.floor(rng.range(365, 20 * 365) * DAY);
  const bankAccount = (holder: number) => {
    return accounts.addCard(BANK_CHOICE.pick(rng), holder, longAgo());
  };
  const merchantAccount = () => {
    const bk = BANKS[BANK_CHOICE.pick(rng)]!;
    return accounts.add(
      K_MERCHANT,
      accounts.institutionOf(bk.name),
      businessHolder(businesses++),
      longAgo(),
      merchantNumber(accounts.count),
    );
  };
  const employerAccount = new Int32Array(employers);
  const employerPayday = new Uint8Array(employers);
  for (let e = 0; e < employers; e++) {
    employerAccount[e] = bankAccount(businessHolder(businesses++));
    employerPayday[e] = rng.pick(PAYDAYS);
  }
  const pensionFund = bankAccount(businessHolder(businesses++));
  const merchantCount = Math.max(20, Math.round(n / 150));
  const merchants = Int32Array.from({ length: merchantCount }, merchantAccount);
  const billers = Int32Array.from({ length: 6 + Math.floor(n / 200_000) }, merchantAccount);
  const sellers = Math.max(2, Math.round(n / 20_000));
  const bigTicket = {
    car: Int32Array.from({ length: sellers }, merchantAccount),
    tuition: Int32Array.from({ length: sellers }, merchantAccount),
    renovation: Int32Array.from({ length: sellers }, merchantAccount),
    jewelry: Int32Array.from({ length: sellers }, merchantAccount),
  };
  const exit = (kind: number, institution: string, id: string) =>
    accounts.add(kind, accounts.institutionOf(institution), NO_HOLDER, longAgo(), id);
  const perBank = 3 + Math.floor(n / 50_000);
  const atms = BANKS.map((bk) =>
    Int32Array.from({ length: perBank }, (_, i) =>
      exit(K_CASH, bk.name, `ATM-${bk.code}-${pad(i + 1, 5)}`),
    ),
  );
  const cryptoDesks = Int32Array.from(
    CRYPTO_DESKS.flatMap((desk, d) =>
      [0, 1].map((i) => exit(K_CRYPTO, desk, `CX-${String.fromCharCode(65 + d)}-${pad(i + 1, 4)}`)),
    ),
  );
  const perForeign = 3 + Math.floor(n / 200_000);
  const foreign = (hub: boolean) =>
    Int32Array.from(
      FOREIGN_BANKS.filter((f) => f.scamHub === hub).flatMap((f) =>
        Array.from({ length: perForeign }, (_, i) =>
          exit(K_FOREIGN, f.name, `FX-${f.country}-${pad(i + 1, 6)}`),
        ),
      ),
    );
  const foreignHubs = foreign(true);
  const foreignLegit = foreign(false);
  const wallets = Int32Array.from(WALLETS, (w) => exit(K_WALLET, w.name, `TPP-${w.code}`));
  const { payroll, pensioners, renters } = schedules(people, employerPayday);
  return {
    options,
    accounts,
    people,
    businesses,
    employerAccount,
    employerPayday,
    payroll,
    pensioners,
    renters,
    pensionFund,
    merchants,
    merchantPopularity: new AliasTable(zipf(merchantCount, 0.9)),
    billers,
    bigTicket,
    atms,
    cryptoDesks,
    foreignHubs,
    foreignLegit,
    wallets,
  };
}

/** Who is paid (or pays rent) on which day of the month, so a day touches only them. */
function schedules(people: Population, employerPayday: Uint8Array) {
  const byPayday = new Map<number, number[]>();
  const pensioners: number[] = [];
  const renters: number[][] = [[], [], [], [], [], []];
  for (let p = 0; p < people.count; p++) {
    const e = people.employer[p]!;
    if (e >= 0) {
      const day = employerPayday[e]!;
      let list = byPayday.get(day);
      if (list === undefined) {
        list = [];
        byPayday.set(day, list);
      }
      list.push(p);
    }
    if (people.pension[p]! > 0) pensioners.push(p);
    if (people.rent[p]! > 0) renters[people.rentDay[p]!]!.push(p);
  }
  const payroll = new Map<number, Int32Array>();
  for (const day of [...byPayday.keys()].sort((a, b) => a - b))
    payroll.set(day, Int32Array.from(byPayday.get(day)!));
  return {
    payroll,
    pensioners: Int32Array.from(pensioners),
    renters: renters.map((r) => Int32Array.from(r)),
  };
}
