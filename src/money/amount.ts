// Decimal text <-> integer minor units. Money is never a float: amounts are parsed digit by
// digit into an integer count of minor units and printed back from it.

/** Largest amount in minor units we accept, so every sum of a few of them stays exact. */
export const MAX_MINOR = 2 ** 50;

export type AmountProblem =
  | 'empty'
  | 'malformed'
  | 'negative'
  | 'zero'
  | 'too_many_decimals'
  | 'too_large';

/** Reusable out-parameter: the reason a parse failed. */
export interface AmountResult {
  problem: AmountProblem | undefined;
}

/**
 * Parses `digits[.fraction]` from bytes [start, end) into minor units with `minorDigits`
 * decimals. Returns NaN and sets `out.problem` when the text is not a valid amount.
 * Accepts zero only if `allowZero`. Example: "12.5" with 2 digits -> 1250.
 */
export function parseAmountBytes(
  buf: Uint8Array,
  start: number,
  end: number,
  minorDigits: number,
  out: AmountResult,
  allowZero = false,
): number {
  out.problem = undefined;
  if (start >= end) return fail(out, 'empty');
  let i = start;
  const first = buf[i];
  if (first === 45 /* - */) return fail(out, 'negative');
  let units = 0;
  let intDigits = 0;
  for (; i < end; i++) {
    const c = buf[i]!;
    if (c < 48 || c > 57) break;
    units = units * 10 + (c - 48);
    intDigits++;
  }
  let frac = 0;
  if (i < end) {
    if (buf[i] !== 46 /* . */) return fail(out, 'malformed');
    i++;
    if (i === end) return fail(out, 'malformed');
    for (; i < end; i++) {
      const c = buf[i]!;
      if (c < 48 || c > 57) return fail(out, 'malformed');
      if (frac === minorDigits) {
        if (c !== 48) return fail(out, 'too_many_decimals');
        continue; // trailing zeros beyond the currency's digits carry no value
      }
      units = units * 10 + (c - 48);
      frac++;
    }
  }
  if (intDigits === 0 && frac === 0) return fail(out, 'malformed');
  for (; frac < minorDigits; frac++) units *= 10;
  if (units > MAX_MINOR) return fail(out, 'too_large');
  if (units === 0 && !allowZero) return fail(out, 'zero');
  return units;
}

function fail(out: AmountResult, problem: AmountProblem): number {
  out.problem = problem;
  return Number.NaN;
}

const scratch: AmountResult = { problem: undefined };

/** String form of parseAmountBytes; returns the minor units or the problem. */
export function parseAmount(
  text: string,
  minorDigits: number,
  allowZero = false,
): { ok: true; minor: number } | { ok: false; problem: AmountProblem } {
  const bytes = Buffer.from(text, 'utf8');
  const v = parseAmountBytes(bytes, 0, bytes.length, minorDigits, scratch, allowZero);
  return scratch.problem === undefined
    ? { ok: true, minor: v }
    : { ok: false, problem: scratch.problem };
}

/** Human reason for a problem, used in error messages. */
export function describeAmountProblem(p: AmountProblem, currency: string, digits: number): string {
  switch (p) {
    case 'empty':
      return 'amount is empty';
    case 'malformed':
      return 'not a decimal number (digits, optional "." and decimals)';
    case 'negative':
      return 'amount must be positive';
    case 'zero':
      return 'amount must be positive';
    case 'too_many_decimals':
      return `${currency} has ${digits} decimal places`;
    case 'too_large':
      return `amount above the supported maximum (${formatMinor(MAX_MINOR, digits)})`;
  }
}

/** Minor units -> decimal text with exactly `digits` decimals: 123456, 2 -> "1234.56". */
export function formatMinor(minor: number | bigint, digits: number): string {
  const neg = minor < 0;
  // Safe integers print exactly as numbers; BigInt only beyond 2^53.
  let s =
    typeof minor === 'number' && Number.isSafeInteger(minor)
      ? String(neg ? -minor : minor)
      : (neg ? -BigInt(minor) : BigInt(minor)).toString();
  if (digits === 0) return (neg ? '-' : '') + s;
  if (s.length <= digits) s = '0'.repeat(digits - s.length + 1) + s;
  return `${neg ? '-' : ''}${s.slice(0, s.length - digits)}.${s.slice(s.length - digits)}`;
}
