// The people: age band, guardian protection, family, work, housing, how active they are, and
// their bank accounts and devices, all in typed columns indexed by person.
import type { AccountTable } from './accounts.js';
import { DAY } from './calendar.js';
import { BANK_WEIGHTS } from './institutions.js';
import { AliasTable, type Rng, Weighted } from './random.js';

export const AGE_BANDS = ['18-29', '30-44', '45-59', '60-74', '75+'] as const;
export const ELDERLY_BAND = 3;
/** Adult population by band (roughly China's 2020 census, adults only). */
const BAND_SHARES = [0.2, 0.27, 0.27, 0.18, 0.08];
const EMPLOYED = [0.72, 0.85, 0.7, 0.08, 0];
const PENSIONED = [0, 0, 0.15, 0.95, 1];
const RENTER = [0.45, 0.3, 0.12, 0.04, 0.03];
/** Elderly people with a family contact registered as their guardian. */
const PROTECTED_SHARE = [0, 0, 0, 0.25, 0.45];
const SALARY_MEDIAN = [5500, 8000, 7200, 4200, 3000];

/** Person flags. */
export const F_RING = 1; // holds a mule or fraudster account: not targeted by fraud
export const F_VICTIM = 2;

export interface Population {
  readonly count: number;
  readonly band: Uint8Array;
  readonly protected: Uint8Array;
  /** 0 Chinese, 1 English. */
  readonly language: Uint8Array;
  /** A family member (for the elderly: a grown child, also their guardian if protected). */
  readonly relative: Int32Array;
  /** Employer business index, or -1. */
  readonly employer: Int32Array;
  /** Monthly net salary, minor units. */
  readonly salary: Float64Array;
  /** Monthly pension, minor units (0: none). */
  readonly pension: Float64Array;
  /** Landlord person, or -1 for owners. */
  readonly landlord: Int32Array;
  readonly rent: Float64Array;
  readonly rentDay: Uint8Array;
  /** Number of devices (phones) the person pays from: 1 or 2. */
  readonly devices: Uint8Array;
  /** First bank account and the number of accounts the person uses in everyday life. */
  readonly acctStart: Int32Array;
  readonly acctCount: Uint8Array;
  /**
   * acctStart << 3 | (acctCount - 1) << 1 | (devices - 1): what every payment needs about its
   * payer, in one cache line instead of three.
   */
  readonly packed: Int32Array;
  /** Everyday activity (heavy-tailed): who pays most often. */
  readonly activity: AliasTable;
  /** People of each band, for targeting by age. */
  readonly byBand: readonly Int32Array[];
  /** F_RING / F_VICTIM, set while simulating. */
  readonly flags: Uint8Array;
}

const BAND_CHOICE = new Weighted(BAND_SHARES);
const ACCOUNTS_HELD = new Weighted([45, 35, 20]);
const BANK_CHOICE = new Weighted(BANK_WEIGHTS);

/** People and their bank accounts (added to `accounts` first, person by person). */
export function buildPopulation(
  n: number,
  start: number,
  employerSize: AliasTable,
  accounts: AccountTable,
  rng: Rng,
): Population {
  const band = new Uint8Array(n);
  const prot = new Uint8Array(n);
  const language = new Uint8Array(n);
  const relative = new Int32Array(n);
  const employer = new Int32Array(n).fill(-1);
  const salary = new Float64Array(n);
  const pension = new Float64Array(n);
  const landlord = new Int32Array(n).fill(-1);
  const rent = new Float64Array(n);
  const rentDay = new Uint8Array(n);
  const devices = new Uint8Array(n);
  const acctStart = new Int32Array(n);
  const acctCount = new Uint8Array(n);
  const weights = new Float64Array(n);
  const bandCount = [0, 0, 0, 0, 0];
  for (let p = 0; p < n; p++) {
    const b = BAND_CHOICE.pick(rng);
    band[p] = b;
    bandCount[b]!++;
    language[p] = rng.chance(0.08) ? 1 : 0;
    devices[p] = rng.chance(0.3) ? 2 : 1;
    weights[p] = rng.logNormal(1, 1.0) * (b >= ELDERLY_BAND ? 0.5 : 1);
    if (rng.chance(EMPLOYED[b]!)) {
      employer[p] = employerSize.sample(rng);
      salary[p] = Math.round(rng.logNormal(SALARY_MEDIAN[b]!, 0.55) * 100);
    }
    if (rng.chance(PENSIONED[b]!)) pension[p] = Math.round(rng.logNormal(3200, 0.45) * 100);
    if (rng.chance(RENTER[b]!)) {
      rent[p] = Math.max(300, Math.round(rng.logNormal(2600, 0.5) / 100) * 100) * 100;
      rentDay[p] = 1 + rng.int(5);
    }
    // 1-3 accounts at distinct banks, opened 6 months to 15 years ago
    const k = ACCOUNTS_HELD.pick(rng) + 1;
    acctStart[p] = accounts.count;
    acctCount[p] = k;
    const used: number[] = [];
    while (used.length < k) {
      const bank = BANK_CHOICE.pick(rng);
      if (used.includes(bank)) continue;
      used.push(bank);
      const opened = start - Math.floor(rng.range(180, 15 * 365) * DAY) - rng.int(DAY);
      accounts.addCard(bank, p, opened);
    }
  }
  const byBand = bandCount.map((c) => new Int32Array(c));
  const fill = [0, 0, 0, 0, 0];
  for (let p = 0; p < n; p++) {
    const b = band[p]!;
    byBand[b]![fill[b]!++] = p;
  }
  for (let p = 0; p < n; p++) {
    const b = band[p]!;
    // the elderly's relative is a grown child; others a parent, sibling or partner
    const pool = b >= ELDERLY_BAND ? (byBand[1]!.length > 0 ? byBand[1]! : byBand[0]!) : undefined;
    let r = pool !== undefined && pool.length > 0 ? pool[rng.int(pool.length)]! : rng.int(n);
    if (r === p) r = (p + 1) % n;
    relative[p] = r;
    if (rng.chance(PROTECTED_SHARE[b]!)) prot[p] = 1;
    if (rent[p]! > 0) {
      const owners = byBand[2]!.length > 0 ? byBand[2]! : byBand[b]!;
      let l = owners[rng.int(owners.length)]!;
      if (l === p) l = (p + 1) % n;
      landlord[p] = l;
    }
  }
  const packed = new Int32Array(n);
  for (let p = 0; p < n; p++)
    packed[p] = (acctStart[p]! << 3) | ((acctCount[p]! - 1) << 1) | (devices[p]! - 1);
  return {
    count: n,
    packed,
    band,
    protected: prot,
    language,
    relative,
    employer,
    salary,
    pension,
    landlord,
    rent,
    rentDay,
    devices,
    acctStart,
    acctCount,
    activity: new AliasTable(weights),
    byBand,
    flags: new Uint8Array(n),
  };
}

/** The account a person pays from: the first (salary) account most of the time. */
export function payingAccount(pop: Population, p: number, rng: Rng): number {
  const v = pop.packed[p]!;
  const first = v >>> 3;
  const others = (v >> 1) & 3;
  return others === 0 || rng.chance(0.75) ? first : first + 1 + rng.int(others);
}

/** Device index of the person's phone that makes a payment (the first one mostly). */
export function personDevice(pop: Population, p: number, rng: Rng): number {
  return (pop.packed[p]! & 1) === 1 && rng.chance(0.2) ? 2 * p + 1 : 2 * p;
}
