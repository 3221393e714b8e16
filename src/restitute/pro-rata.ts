// pro_rata (restitution.md): the pool in proportion to net loss, nobody above a cap. Plain
// pro_rata caps at the net loss; traced_first's shared remainder caps at what tracing left
// missing, and what a capped victim cannot take is shared again among the others.

import { claimColumns } from './claims.js';
import { compareRatios, exactShare, mulDivModEach } from './exact.js';
import { Leftover } from './leftover.js';
import { findLevel } from './level.js';
import type { Claim, ProRataResult, Rational, ShareStatus } from './model.js';

export interface CappedSplit {
  /** Per claim index. */
  readonly amounts: Float64Array;
  /** Amount per unit of weight among those not capped (1/1 when everybody is capped). */
  readonly rate: Rational;
  readonly unallocated: number;
}

/**
 * Splits `pool` over the claims with weight > 0 in proportion to `weight`, nobody above
 * `cap` (cap <= weight); exact shares rounded by largest remainder (ties: larger `net`,
 * then victim id). Left over only when every member is at its cap.
 */
export function cappedSplit(
  pool: number,
  weight: Float64Array,
  cap: Float64Array,
  leftover: Leftover,
  maxPasses?: number,
): CappedSplit {
  const n = weight.length;
  const amounts = new Float64Array(n);
  const members = new Int32Array(n);
  let count = 0;
  let capTotal = 0;
  for (let i = 0; i < n; i++) {
    if (weight[i]! > 0) {
      members[count++] = i;
      capTotal += cap[i]!;
      amounts[i] = cap[i]!;
    }
  }
  // Members whose cap ratio cap/weight is at or below the rate drop out with their cap.
  const level = findLevel(
    { members, count, x: cap, y: weight, base: pool - capTotal, remove: 'low' },
    maxPasses,
  );
  if (level.count === 0)
    return { amounts, rate: { numerator: 1, denominator: 1 }, unallocated: level.numerator };
  const { numerator: num, denominator: den } = level;
  const rems = new Float64Array(level.count);
  const given = mulDivModEach(num, den, weight, members, level.count, amounts, rems);
  leftover.give(num - given, members, rems, level.count, den, amounts);
  return { amounts, rate: { numerator: num, denominator: den }, unallocated: 0 };
}

/** Status of a member of cappedSplit, from the final rate. */
export function cappedStatus(weight: number, cap: number, rate: Rational): ShareStatus {
  if (weight === 0) return 'no_net_loss';
  // capped iff cap/weight <= rate
  return compareRatios(cap, weight, rate.numerator, rate.denominator) <= 0 ? 'made_whole' : 'share';
}

/**
 * pro_rata: victim i gets pool * net_i / Σ net, never more than net_i (the rest is
 * unallocated). Example: pool 10,000.00 over losses 30,000 / 20,000 / 15,000 ->
 * 4,615.39 / 3,076.92 / 2,307.69.
 */
export function proRata(
  claims: readonly Claim[],
  pool: number,
  options: { maxPasses?: number } = {},
): ProRataResult {
  const { net, notes } = claimColumns(claims, pool);
  const split = cappedSplit(pool, net, net, new Leftover(claims, net), options.maxPasses);
  let totalNetLoss = 0;
  for (let i = 0; i < net.length; i++) totalNetLoss += net[i]!;
  if (split.unallocated > 0) notes.push({ kind: 'unallocated', amount: split.unallocated });
  const rate = split.rate;
  return {
    method: 'pro_rata',
    claims,
    pool,
    amounts: split.amounts,
    unallocated: split.unallocated,
    notes,
    totalNetLoss,
    status: (i) => cappedStatus(net[i]!, net[i]!, rate),
    explain(i) {
      const netLoss = net[i]!;
      const amount = split.amounts[i]!;
      const status = cappedStatus(netLoss, netLoss, rate);
      return {
        method: 'pro_rata',
        status,
        netLoss,
        amount,
        rate,
        share: status === 'share' ? exactShare(rate, netLoss, 0, amount) : undefined,
      };
    },
  };
}
