// Exact integer quotients for the hot loops: floor(a*b/d) and (a*b) mod d when a*b passes
// 2^53. The floating-point quotient is only a guess; the exact remainder is recomputed in
// integers modulo 2^52 (26-bit halves, every product below 2^53) and corrects the guess.
// BigInt takes over beyond the fast path's bounds.

import type { ExactShare, Rational } from './model.js';

const TWO26 = 2 ** 26;
const INV26 = 2 ** -26;
const TWO51 = 2 ** 51;
const TWO52 = 2 ** 52;
/** Bound on b and d for the fast path: the guess is then off by at most one and |a*b - q*d| < 2^51. */
const FAST = 2 ** 50;

/** Reusable out-parameter of mulDivMod. */
export interface QuotRem {
  q: number;
  r: number;
}

export function quotRem(): QuotRem {
  return { q: 0, r: 0 };
}

/**
 * Sets out.q = floor(a*b/d) and out.r = a*b mod d, for integers 0 <= a <= d, 0 <= b and
 * 0 < d, all at most 2^53 - 1 (so q <= b is exact too).
 *
 * Example: mulDivMod(1_000_000, 3_000_000, 6_500_000, out) -> q 461538, r 2_000_000
 */
export function mulDivMod(a: number, b: number, d: number, out: QuotRem): void {
  if (d <= FAST && b <= FAST && a <= d) {
    let q = Math.floor((a * b) / d);
    let r = low52(a, b) - low52(q, d);
    if (r >= TWO51) r -= TWO52;
    else if (r < -TWO51) r += TWO52;
    while (r < 0) {
      q -= 1;
      r += d;
    }
    while (r >= d) {
      q += 1;
      r -= d;
    }
    out.q = q;
    out.r = r;
    return;
  }
  const p = BigInt(a) * BigInt(b);
  const bd = BigInt(d);
  out.q = Number(p / bd);
  out.r = Number(p % bd);
}

/**
 * mulDivMod over many numerators at once, without a call or an allocation per element (the
 * hot loop of every method): for j < count, with i = members[j] (or j without members),
 * q[i] = floor(a*b[i]/d) and r[j] = a*b[i] mod d. Same bounds as mulDivMod. Returns Σ q[i].
 */
export function mulDivModEach(
  a: number,
  d: number,
  b: Float64Array,
  members: Int32Array | undefined,
  count: number,
  q: Float64Array,
  r: Float64Array,
): number {
  let sum = 0;
  const fast = d <= FAST && a <= d;
  const ah = Math.floor(a * INV26);
  const al = a - ah * TWO26;
  const dh = Math.floor(d * INV26);
  const dl = d - dh * TWO26;
  const out = quotRem();
  for (let j = 0; j < count; j++) {
    const i = members === undefined ? j : members[j]!;
    const bi = b[i]!;
    if (!fast || bi > FAST) {
      mulDivMod(a, bi, d, out);
      q[i] = out.q;
      r[j] = out.r;
      sum += out.q;
      continue;
    }
    let qi = Math.floor((a * bi) / d);
    // (a*bi - qi*d) mod 2^52 from 26-bit halves, as in low52
    const bh = Math.floor(bi * INV26);
    const bl = bi - bh * TWO26;
    let x = ah * bl;
    x -= Math.floor(x * INV26) * TWO26;
    let y = al * bh;
    y -= Math.floor(y * INV26) * TWO26;
    let mid = x + y;
    if (mid >= TWO26) mid -= TWO26;
    let ab = al * bl + mid * TWO26;
    if (ab >= TWO52) ab -= TWO52;
    const qh = Math.floor(qi * INV26);
    const ql = qi - qh * TWO26;
    x = qh * dl;
    x -= Math.floor(x * INV26) * TWO26;
    y = ql * dh;
    y -= Math.floor(y * INV26) * TWO26;
    mid = x + y;
    if (mid >= TWO26) mid -= TWO26;
    let qd = ql * dl + mid * TWO26;
    if (qd >= TWO52) qd -= TWO52;
    let ri = ab - qd;
    if (ri >= TWO51) ri -= TWO52;
    else if (ri < -TWO51) ri += TWO52;
    while (ri < 0) {
      qi -= 1;
      ri += d;
    }
    while (ri >= d) {
      qi += 1;
      ri -= d;
    }
    q[i] = qi;
    r[j] = ri;
    sum += qi;
  }
  return sum;
}

/** (x * y) mod 2^52 for integers 0 <= x, y < 2^53, with every intermediate exact. */
function low52(x: number, y: number): number {
  const xh = Math.floor(x * INV26);
  const xl = x - xh * TWO26;
  const yh = Math.floor(y * INV26);
  const yl = y - yh * TWO26;
  let a = xh * yl;
  a -= Math.floor(a * INV26) * TWO26;
  let b = xl * yh;
  b -= Math.floor(b * INV26) * TWO26;
  let mid = a + b;
  if (mid >= TWO26) mid -= TWO26;
  const v = xl * yl + mid * TWO26;
  return v >= TWO52 ? v - TWO52 : v;
}

/** Sign of x1/y1 - x2/y2 for non-negative integers with y1, y2 > 0, exactly. */
export function compareRatios(x1: number, y1: number, x2: number, y2: number): number {
  const l = x1 * y2;
  const r = x2 * y1;
  if (l <= Number.MAX_SAFE_INTEGER && r <= Number.MAX_SAFE_INTEGER)
    return l < r ? -1 : l > r ? 1 : 0;
  // Each product is within a relative 2^-53 of the true one: a wide gap decides.
  if (l > r * (1 + 2 ** -40)) return 1;
  if (r > l * (1 + 2 ** -40)) return -1;
  const d = BigInt(x1) * BigInt(y2) - BigInt(x2) * BigInt(y1);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

/** The exact share rate * weight - minus, with its floor and whether `amount` is one above it. */
export function exactShare(
  rate: Rational,
  weight: number,
  minus: number,
  amount: number,
): ExactShare {
  const denominator = BigInt(rate.denominator);
  const numerator = BigInt(rate.numerator) * BigInt(weight) - BigInt(minus) * denominator;
  const floor = Number(numerator / denominator);
  return { numerator, denominator, floor, roundedUp: amount === floor + 1 };
}
