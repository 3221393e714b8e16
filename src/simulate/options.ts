// The simulator's knobs: one table (name, default, range, meaning) that the CLI, the docs and
// validation all read, parsed once into a frozen SimulateOptions.
import { ClawbackError } from '../errors/index.js';

export interface SimulateOptions {
  /** Any string of digits; the same options give byte-identical output. */
  readonly seed: string;
  readonly people: number;
  readonly days: number;
  /** First simulated day, `YYYY-MM-DD` in China Standard Time (+08:00). */
  readonly startDate: string;
  /** Epoch seconds of the first day's local midnight. */
  readonly start: number;
  /** Share of people a fraud campaign contacts per 30 days. */
  readonly fraudRate: number;
  /** Base share of contacted people who pay (scaled per fraud type and target). */
  readonly payRate: number;
  /** Mule levels between victims and exits (1 = level-1 mules cash out themselves). */
  readonly layers: number;
  /** Chance that a new campaign launders through a mule network already in use. */
  readonly muleReuse: number;
  /** Multiplies every fraud delay: dwell times, gaps between payments, campaign length. */
  readonly timeScale: number;
  /** Share of mule networks that are "running points" networks of personal accounts. */
  readonly runningPoints: number;
  /** Reporting threshold in minor units; layering splits amounts below it. */
  readonly threshold: number;
  /** Multiplies the rate of every everyday payment. */
  readonly activity: number;
  /** Ordinary calls and messages per person per day. */
  readonly commsRate: number;
  /** How much more often a protected (elderly, with guardian) person is targeted. */
  readonly protectedBoost: number;
}

type NumericKey = Exclude<keyof SimulateOptions, 'seed' | 'startDate' | 'start'>;

export interface OptionSpec {
  /** Long flag without dashes. */
  readonly flag: string;
  readonly key: NumericKey | 'seed' | 'startDate';
  readonly kind: 'int' | 'number' | 'seed' | 'date' | 'money';
  readonly default: string;
  readonly min?: number;
  readonly max?: number;
  readonly help: string;
}

export const OPTION_SPECS: readonly OptionSpec[] = [
  { flag: 'seed', key: 'seed', kind: 'seed', default: '1', help: 'random seed (digits)' },
  {
    flag: 'people',
    key: 'people',
    kind: 'int',
    default: '10000',
    min: 10,
    max: 10_000_000,
    help: 'people in the population',
  },
  {
    flag: 'days',
    key: 'days',
    kind: 'int',
    default: '30',
    min: 1,
    max: 366,
    help: 'days to simulate',
  },
  {
    flag: 'start',
    key: 'startDate',
    kind: 'date',
    default: '2026-03-01',
    help: 'first day (YYYY-MM-DD, +08:00)',
  },
  {
    flag: 'fraud-rate',
    key: 'fraudRate',
    kind: 'number',
    default: '0.05',
    min: 0,
    max: 1,
    help: 'share of people contacted by a fraud campaign per 30 days',
  },
  {
    flag: 'pay-rate',
    key: 'payRate',
    kind: 'number',
    default: '0.006',
    min: 0,
    max: 1,
    help: 'base share of contacted people who pay (scaled by fraud type and target)',
  },
  {
    flag: 'layers',
    key: 'layers',
    kind: 'int',
    default: '3',
    min: 1,
    max: 5,
    help: 'mule levels between victims and exits',
  },
  {
    flag: 'mule-reuse',
    key: 'muleReuse',
    kind: 'number',
    default: '0.3',
    min: 0,
    max: 1,
    help: 'chance a campaign uses a mule network already used by another campaign',
  },
  {
    flag: 'time-scale',
    key: 'timeScale',
    kind: 'number',
    default: '1',
    min: 0.05,
    max: 20,
    help: 'multiplies fraud delays (dwell times, gaps between payments, campaign length)',
  },
  {
    flag: 'running-points',
    key: 'runningPoints',
    kind: 'number',
    default: '0.3',
    min: 0,
    max: 1,
    help: 'share of mule networks that are running-points networks of personal accounts',
  },
  {
    flag: 'threshold',
    key: 'threshold',
    kind: 'money',
    default: '50000',
    min: 100,
    max: 100_000_000,
    help: 'reporting threshold (CNY); layering splits amounts below it',
  },
  {
    flag: 'activity',
    key: 'activity',
    kind: 'number',
    default: '1',
    min: 0,
    max: 20,
    help: 'multiplies the rate of everyday payments',
  },
  {
    flag: 'comms-rate',
    key: 'commsRate',
    kind: 'number',
    default: '0.1',
    min: 0,
    max: 10,
    help: 'ordinary calls and messages per person per day',
  },
  {
    flag: 'protected-boost',
    key: 'protectedBoost',
    kind: 'number',
    default: '2.5',
    min: 1,
    max: 50,
    help: 'how much more often protected people (elderly with a guardian) are targeted',
  },
];

const INT = /^\d{1,12}$/;
const DECIMAL = /^\d{1,12}(\.\d{1,12})?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const OFFSET_SECONDS = 8 * 3600;

function usage(detail: string): ClawbackError {
  return new ClawbackError('CB_E_USAGE', { detail });
}

/**
 * Validates raw flag values (strings; missing ones take their defaults) and returns frozen
 * options. Throws CB_E_USAGE naming the flag, the value and what was expected.
 */
export function parseOptions(raw: Readonly<Record<string, string | undefined>>): SimulateOptions {
  const nums: Record<string, number> = {};
  const texts: Record<string, string> = {};
  for (const spec of OPTION_SPECS) {
    const text = raw[spec.key] ?? spec.default;
    const where = `--${spec.flag} "${text}"`;
    switch (spec.kind) {
      case 'seed':
        if (!INT.test(text)) throw usage(`${where}: expected digits (0 to 999999999999)`);
        texts[spec.key] = text;
        break;
      case 'date': {
        const m = DATE.exec(text);
        const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : Number.NaN;
        if (!m || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== text)
          throw usage(`${where}: expected a date YYYY-MM-DD`);
        if (Number(m[1]) < 1971 || Number(m[1]) > 2200)
          throw usage(`${where}: year must be between 1971 and 2200`);
        texts[spec.key] = text;
        nums['start'] = ms / 1000 - OFFSET_SECONDS;
        break;
      }
      case 'int':
      case 'number':
      case 'money': {
        const ok = spec.kind === 'int' ? INT.test(text) : DECIMAL.test(text);
        const n = Number(text);
        const range = `${spec.min ?? 0} to ${spec.max ?? 'any'}`;
        const what = spec.kind === 'int' ? 'a whole number' : 'a number';
        if (!ok || !Number.isFinite(n)) throw usage(`${where}: expected ${what} from ${range}`);
        if ((spec.min !== undefined && n < spec.min) || (spec.max !== undefined && n > spec.max))
          throw usage(`${where}: must be from ${range}`);
        nums[spec.key] = spec.kind === 'money' ? Math.round(n * 100) : n;
        break;
      }
    }
  }
  return Object.freeze({
    seed: texts['seed']!,
    people: nums['people']!,
    days: nums['days']!,
    startDate: texts['startDate']!,
    start: nums['start']!,
    fraudRate: nums['fraudRate']!,
    payRate: nums['payRate']!,
    layers: nums['layers']!,
    muleReuse: nums['muleReuse']!,
    timeScale: nums['timeScale']!,
    runningPoints: nums['runningPoints']!,
    threshold: nums['threshold']!,
    activity: nums['activity']!,
    commsRate: nums['commsRate']!,
    protectedBoost: nums['protectedBoost']!,
  });
}

/** The defaults, as parsed options (for tests and the library). */
export function defaultOptions(overrides: Readonly<Record<string, string>> = {}): SimulateOptions {
  return parseOptions(overrides);
}
