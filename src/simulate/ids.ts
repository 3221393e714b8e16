// Identifiers that look like the real ones and are unique by construction: each is a bijection
// of an index (card numbers with a Luhn digit, resident identity numbers with their ISO 7064
// check character, E.164 mobile numbers, device ids), so no set of issued ids is kept.
import type { Chunker } from './bytes.js';
import { civilDate } from './calendar.js';
import { BANKS } from './institutions.js';
import { mix32, unitHash } from './random.js';

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** Luhn check digit of a digit string (the digit to append). */
export function luhnDigit(digits: string): number {
  let sum = 0;
  let double = true;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return (10 - (sum % 10)) % 10;
}

/** True if the last digit of `digits` is its Luhn check digit. */
export function luhnValid(digits: string): boolean {
  return luhnDigit(digits.slice(0, -1)) === digits.charCodeAt(digits.length - 1) - 48;
}

// Affine maps k -> (a*k + c) mod 10^w with a coprime to 10 are bijections on [0, 10^w).
const BODY12 = 1e12;
const A12 = 7_919_731;
/**
 * The 12 digits of card number `index`: a 32-bit bijection, spread over 12 digits. Distinct
 * per index, and cards opened one after the other (a ring's) do not look alike.
 */
const cardBody = (index: number): number => mix32(index ^ 0x6a09e667) * 193 + 123_456_789;

/** 19-digit bank card number: BIN (6) + 12 digits unique per `index` + Luhn digit. */
export function cardNumber(bin: string, index: number): string {
  let body = cardBody(index);
  const text = bin + String(body).padStart(12, '0');
  // Luhn over the 18 digits: from the right, every other digit doubled (starting with the last)
  let sum = 0;
  for (let k = 0; k < 12; k++) {
    let d = body % 10;
    body = (body - d) / 10;
    if (k % 2 === 0) d = d > 4 ? 2 * d - 9 : 2 * d;
    sum += d;
  }
  for (let k = 0; k < 6; k++) {
    let d = bin.charCodeAt(5 - k) - 48;
    if (k % 2 === 0) d = d > 4 ? 2 * d - 9 : 2 * d;
    sum += d;
  }
  return text + ((10 - (sum % 10)) % 10);
}

/** Each bank's BIN digits and their share of the Luhn sum (positions are fixed in 19 digits). */
const BIN_DIGITS = BANKS.map((b) => Array.from(b.bin, (ch) => ch.charCodeAt(0) - 48));
const BIN_SUMS = BIN_DIGITS.map((d) => {
  let sum = 0;
  for (let k = 0; k < 6; k++) {
    const x = d[5 - k]!;
    sum += k % 2 === 0 ? (x > 4 ? 2 * x - 9 : 2 * x) : x;
  }
  return sum;
});

/**
 * cardNumber(BANKS[bank].bin, index) written into `out` at `pos` as ASCII, with integer
 * arithmetic only (the hot path of every transfer row); returns the position after it.
 */
export function writeBankCard(out: Uint8Array, pos: number, bank: number, index: number): number {
  const body = cardBody(index);
  let hi = Math.floor(body / 1e6);
  let lo = body - hi * 1e6;
  const bin = BIN_DIGITS[bank]!;
  let sum = BIN_SUMS[bank]!;
  for (let k = 0; k < 6; k++) out[pos + k] = 48 + bin[k]!;
  // the body two digits at a time from its end: positions 17..12 from `lo`, 11..6 from `hi`
  for (let k = 0; k < 3; k++) {
    const q = (lo / 100) | 0;
    const pair = lo - q * 100;
    lo = q;
    out[pos + 17 - 2 * k] = 48 + (pair % 10);
    out[pos + 16 - 2 * k] = 48 + ((pair / 10) | 0);
    sum += PAIR_LUHN[pair]!;
  }
  for (let k = 3; k < 6; k++) {
    const q = (hi / 100) | 0;
    const pair = hi - q * 100;
    hi = q;
    out[pos + 17 - 2 * k] = 48 + (pair % 10);
    out[pos + 16 - 2 * k] = 48 + ((pair / 10) | 0);
    sum += PAIR_LUHN[pair]!;
  }
  out[pos + 18] = 48 + ((10 - (sum % 10)) % 10);
  return pos + 19;
}

/** Luhn contribution of two body digits "ab" where b (an even place from the end) is doubled. */
const PAIR_LUHN = Array.from({ length: 100 }, (_, v) => {
  const b = v % 10;
  return Math.floor(v / 10) + (b > 4 ? 2 * b - 9 : 2 * b);
});

/** 15-digit acquiring merchant number (898 + 12 digits unique per `index`). */
export function merchantNumber(index: number): string {
  return `898${pad((A12 * index + 314_159_265_358) % BODY12, 12)}`;
}

const MOBILE_PREFIXES = [
  '130',
  '131',
  '132',
  '133',
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '155',
  '156',
  '157',
  '158',
  '159',
  '176',
  '177',
  '180',
  '181',
  '183',
  '185',
  '186',
  '187',
  '188',
  '189',
  '199',
];
// a large multiplier, so that consecutive indices give unrelated-looking numbers
const A8 = 61_803_399;
const C8 = 38_461_537;

/** E.164 mobile number of person `index` (< 10^8): +86, a carrier prefix, 8 unique digits. */
export function personPhone(index: number): string {
  const prefix = MOBILE_PREFIXES[mix32(index) % MOBILE_PREFIXES.length]!;
  return `+86${prefix}${pad((A8 * index + C8) % 1e8, 8)}`;
}

/** personPhone(index), written as bytes. */
export function writePersonPhone(c: Chunker, index: number): void {
  c.ascii('+86');
  c.ascii(MOBILE_PREFIXES[mix32(index) % MOBILE_PREFIXES.length]!);
  c.pad((A8 * index + C8) % 1e8, 8);
}

/** Virtual-operator prefixes (170/171/165/167/162): common in fraud, never used by people here. */
const VIRTUAL_PREFIXES = ['170', '171', '165', '167', '162'];
const SPOOF_AREAS = ['10', '21', '20', '755', '28', '23', '27', '571'];
const FOREIGN_NUMBERS = [
  { cc: '855', lead: '1', len: 7 }, // Cambodia
  { cc: '95', lead: '9', len: 8 }, // Myanmar
  { cc: '63', lead: '9', len: 9 }, // Philippines
  { cc: '60', lead: '1', len: 8 }, // Malaysia
  { cc: '856', lead: '20', len: 8 }, // Laos
  { cc: '84', lead: '9', len: 8 }, // Viet Nam
];

export type CallerRoute = 'domestic' | 'international' | 'voip';
export type CallerKind = 'virtual' | 'spoofed' | 'international';

/** A fraud caller number; `serial` is unique per number and makes the digits unique. */
export function fraudNumber(kind: CallerKind, serial: number): string {
  const digits = pad((A8 * serial + 97_531) % 1e8, 8);
  switch (kind) {
    case 'virtual':
      return `+86${VIRTUAL_PREFIXES[mix32(serial) % VIRTUAL_PREFIXES.length]}${digits}`;
    case 'spoofed':
      // A local landline shown as caller id, but the call arrives through an international gateway.
      return `+86${SPOOF_AREAS[mix32(serial) % SPOOF_AREAS.length]}${digits}`;
    case 'international': {
      const f = FOREIGN_NUMBERS[mix32(serial) % FOREIGN_NUMBERS.length]!;
      const body = pad((A8 * serial + 97_531) % 10 ** f.len, f.len);
      return `+${f.cc}${f.lead}${body}`;
    }
  }
}

/** How a number of this kind reaches the network (what a gateway would see). */
export function routeOf(kind: CallerKind): CallerRoute {
  return kind === 'virtual' ? 'voip' : 'international';
}

const PROVINCES = [
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
  53, 54, 61, 62, 63, 64, 65,
];
const REGIONS = 2000;
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** ISO 7064 MOD 11-2 check character of the first 17 digits of a resident identity number. */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11]!;
}

/** Youngest and oldest age of each band (see AGE_BANDS). */
const BAND_AGES: readonly (readonly [number, number])[] = [
  [18, 29],
  [30, 44],
  [45, 59],
  [60, 74],
  [75, 95],
];

const PER_SLOT = 1000 * REGIONS;

/**
 * 18-digit resident identity number of person `index` (< 10^7) born in age band `band` as of
 * `startYear`: region (6), birth date (8), sequence (3), check. A bijection of the index
 * modulo 2,000,000 gives region and sequence; above that the birth day's residue mod 5 keeps
 * numbers unique.
 */
export function identityNumber(index: number, band: number, startYear: number, salt: number) {
  const scrambled = (1_299_709 * (index % PER_SLOT) + 777_777) % PER_SLOT;
  const slot = Math.floor(index / PER_SLOT);
  const seq = scrambled % 1000;
  const r = Math.floor(scrambled / 1000);
  const prov = PROVINCES[r % PROVINCES.length]!;
  const rest = Math.floor(r / PROVINCES.length);
  const region = prov * 10_000 + (1 + (rest % 13)) * 100 + 1 + Math.floor(rest / 13);
  const [young, old] = BAND_AGES[band] ?? [30, 44];
  const first = Date.UTC(startYear - old - 1, 0, 2) / 86_400_000;
  const last = Date.UTC(startYear - young, 0, 1) / 86_400_000;
  const span = Math.floor((last - first) / 5);
  const k = Math.floor(unitHash(index, salt) * span) * 5 + slot;
  const head = `${region}${civilDate(first + k) * 1000 + seq}`;
  return head + idCheckChar(head);
}

/** Device id: 8 hex digits, a bijection of the device index. */
export function deviceId(index: number): string {
  return `dev-${mix32(index ^ 0x5bd1e995)
    .toString(16)
    .padStart(8, '0')}`;
}

export const personId = (index: number): string => `P${pad(index, 7)}`;
export const businessId = (index: number): string => `B${pad(index, 6)}`;
export const campaignId = (index: number): string => `CP${pad(index + 1, 4)}`;
export const ringId = (index: number): string => `R${pad(index + 1, 3)}`;
