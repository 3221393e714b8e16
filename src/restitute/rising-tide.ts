// rising_tide (restitution.md, SEC v. Huber): everybody still in is brought to the same
// fraction L of their loss, counting what they already recovered; whoever already has L or
// more waits. L = min(1, (P + Σ_S w) / Σ_S c), recomputed as victims drop out.

import { claimColumns } from './claims.js';
import { compareRatios, exactShare, mulDivModEach } from './exact.js';
import { Leftover } from './leftover.js';
import { findLevel } from './level.js';
import type { Claim, Rational, RisingTideResult, ShareStatus } from './model.js';

/**
 * rising_tide over `claims` with `pool`. Example: pool 100, A lost 100 and got back 50,
 * B lost 100: L = (100 + 50) / 200 = 0.75, A gets 25, B gets 75.
 */
export function risingTide(
  claims: readonly Claim[],
  pool: number,
  options: { maxPasses?: number } = {},
): RisingTideResult {
  const { net, loss, recovered, notes } = claimColumns(claims, pool, 0, true);
  const n = claims.length;
  const members = new Int32Array(n);
  for (let i = 0; i < n; i++) members[i] = i;
  // Victims whose recovered/loss ratio is at or above the level drop out.
  const found = findLevel(
    { members, count: n, x: recovered, y: loss, base: pool, remove: 'high' },
    options.maxPasses,
  );
  const amounts = new Float64Array(n);
  let level: Rational;
  let unallocated = 0;
  if (found.count === 0) {
    level = { numerator: 0, denominator: 1 };
    unallocated = pool;
  } else if (found.numerator >= found.denominator) {
    level = { numerator: 1, denominator: 1 };
    unallocated = pool;
    for (let j = 0; j < found.count; j++) {
      const i = members[j]!;
      amounts[i] = net[i]!;
      unallocated -= net[i]!;
    }
  } else {
    level = { numerator: found.numerator, denominator: found.denominator };
    const rems = new Float64Array(found.count);
    // floor(L*c) - w = floor(L*c - w), >= 0 for those still in
    let given = mulDivModEach(
      level.numerator,
      level.denominator,
      loss,
      members,
      found.count,
      amounts,
      rems,
    );
    for (let j = 0; j < found.count; j++) {
      const i = members[j]!;
      amounts[i] = amounts[i]! - recovered[i]!;
      given -= recovered[i]!;
    }
    new Leftover(claims, net).give(
      pool - given,
      members,
      rems,
      found.count,
      level.denominator,
      amounts,
    );
  }
  if (unallocated > 0) notes.push({ kind: 'unallocated', amount: unallocated });
  return {
    method: 'rising_tide',
    claims,
    pool,
    amounts,
    unallocated,
    notes,
    level,
    status: (i) => risingStatus(claims[i]!, level),
    explain(i) {
      const c = claims[i]!;
      const amount = amounts[i]!;
      const status = risingStatus(c, level);
      return {
        method: 'rising_tide',
        status,
        netLoss: net[i]!,
        amount,
        level,
        share: status === 'share' ? exactShare(level, c.loss, c.recovered, amount) : undefined,
      };
    },
  };
}

function risingStatus(c: Claim, level: Rational): ShareStatus {
  if (c.recovered >= c.loss) return 'no_net_loss';
  // out iff w/c >= L
  if (compareRatios(c.recovered, c.loss, level.numerator, level.denominator) >= 0)
    return 'above_level';
  return level.numerator >= level.denominator ? 'made_whole' : 'share';
}
