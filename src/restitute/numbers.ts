// Numbers for people: grouped amounts, exact quotients shown to a few more decimals, and
// percentages. (Machine outputs use formatMinor: plain decimal strings.)

import { formatMinor } from '../money/index.js';

/** 123456789 minor units with 2 digits -> "1,234,567.89"; groups of three in the integer part. */
export function grouped(minor: number | bigint, digits: number): string {
  const s = formatMinor(minor, digits);
  const neg = s.charCodeAt(0) === 45; // -
  const dot = s.indexOf('.');
  const end = dot < 0 ? s.length : dot;
  const start = neg ? 1 : 0;
  if (end - start <= 3) return s;
  let out = s.slice(0, start + ((end - start) % 3 || 3));
  for (let k = start + ((end - start) % 3 || 3); k < end; k += 3) out += `,${s.slice(k, k + 3)}`;
  return out + s.slice(end);
}

/**
 * numerator/denominator minor units as a grouped amount with `extra` more decimals than the
 * currency, ending in "…" when that is not exact: 600000000/130 (2 digits) -> "46,153.846153…".
 */
export function exactAmount(
  numerator: bigint,
  denominator: bigint,
  digits: number,
  extra = 4,
): string {
  const scale = 10n ** BigInt(extra);
  const scaled = numerator * scale;
  const q = scaled / denominator;
  const exact = scaled % denominator === 0n;
  let text = grouped(q, digits + extra);
  if (exact) {
    // drop the zeros the extra digits added, down to the currency's digits
    const dot = text.indexOf('.');
    if (dot >= 0) {
      const keep = dot + 1 + digits;
      let end = text.length;
      while (end > keep && text[end - 1] === '0') end--;
      text = text.slice(0, end === dot + 1 ? dot : end);
    }
    return text;
  }
  return `${text}…`;
}

/** numerator/denominator as a percentage with two decimals, rounded half up: 1/3 -> "33.33%". */
export function percent(numerator: bigint | number, denominator: bigint | number): string {
  const n = BigInt(numerator);
  const d = BigInt(denominator);
  if (d === 0n) return '-';
  const hundredths = (n * 20000n + d) / (2n * d); // round(n/d * 10000)
  return `${grouped(hundredths, 2)}%`;
}
