// The fixed point both rising tide and capped pro rata need: compute a level from the
// members still in, remove every member on the wrong side of it, recompute until nobody is
// removed. Linear passes are fast when few are needed; after `maxPasses` the members are
// sorted by their ratio once, and removal proceeds from one end (same result, O(n log n)).

import { mulDivMod, type QuotRem, quotRem } from './exact.js';
import { sortByRatio } from './ratio-sort.js';

export interface LevelProblem {
  /** Claim indices of the members; the members still in end up in members[0..count). */
  readonly members: Int32Array;
  readonly count: number;
  /** Per claim index: the member's ratio is x/y (y > 0). */
  readonly x: Float64Array;
  readonly y: Float64Array;
  /** level = min(1, (base + Σx) / Σy) over the members still in; base + Σx >= 0. */
  readonly base: number;
  /**
   * `high`: remove members with x/y >= level (rising tide: recovered at or above the level).
   * `low`: remove members with x/y <= level (capped pro rata: the cap is reached).
   */
  readonly remove: 'high' | 'low';
}

export interface Level {
  /** Members still in: members[0..count). */
  readonly count: number;
  /** The level's numerator and denominator over those members; the level is 1 when numerator >= denominator. */
  readonly numerator: number;
  readonly denominator: number;
}

/** Solves the fixed point; results do not depend on `maxPasses` (it only trades passes for a sort). */
export function findLevel(p: LevelProblem, maxPasses = 16): Level {
  const { members, x, y, base, remove } = p;
  let count = p.count;
  let sx = 0;
  let sy = 0;
  for (let j = 0; j < count; j++) {
    const i = members[j]!;
    sx += x[i]!;
    sy += y[i]!;
  }
  const out = quotRem();
  for (let pass = 0; pass < maxPasses; pass++) {
    if (count === 0) return { count, numerator: base + sx, denominator: sy };
    const num = base + sx;
    const den = sy;
    let kept = 0;
    for (let j = 0; j < count; j++) {
      const i = members[j]!;
      if (outside(x[i]!, y[i]!, num, den, remove, out)) {
        sx -= x[i]!;
        sy -= y[i]!;
      } else members[kept++] = i;
    }
    if (kept === count) return { count, numerator: num, denominator: den };
    count = kept;
  }
  // Sorted so that the members to remove first sit at the end.
  sortByRatio(members, count, x, y);
  if (remove === 'low') members.subarray(0, count).reverse();
  for (;;) {
    const num = base + sx;
    const den = sy;
    const before = count;
    while (count > 0) {
      const i = members[count - 1]!;
      if (!outside(x[i]!, y[i]!, num, den, remove, out)) break;
      sx -= x[i]!;
      sy -= y[i]!;
      count--;
    }
    if (count === before || count === 0) return { count, numerator: base + sx, denominator: sy };
  }
}

/** Whether x/y is on the removed side of min(1, num/den). */
function outside(
  x: number,
  y: number,
  num: number,
  den: number,
  remove: 'high' | 'low',
  out: QuotRem,
): boolean {
  if (num >= den) return remove === 'high' ? x >= y : x <= y;
  // Decide in floating point when x is clearly away from num*y/den (the estimate is within a
  // relative 2^-51 of it; the margin is far wider); exactly otherwise.
  const t = (num * y) / den;
  const margin = t * 2 ** -40 + 2;
  if (x >= t + margin) return remove === 'high';
  if (x <= t - margin) return remove === 'low';
  mulDivMod(num, y, den, out); // num*y/den = q + r/den
  return remove === 'high' ? x > out.q || (x === out.q && out.r === 0) : x <= out.q;
}
