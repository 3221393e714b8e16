// Claims read once into columns (every method reads them several times, and typed arrays are
// much faster to scan than a million objects), with the core's preconditions checked.

import type { Claim, Note } from './model.js';

const MAX = Number.MAX_SAFE_INTEGER;

export interface ClaimColumns {
  /** Net loss max(0, loss - recovered) by claim index. */
  readonly net: Float64Array;
  /** loss and recovered by claim index, when asked for. */
  readonly loss: Float64Array;
  readonly recovered: Float64Array;
  /** A note for every victim who recovered more than they lost (they receive nothing). */
  readonly notes: Note[];
}

const isMinor = (x: number, min: number) => Number.isSafeInteger(x) && x >= min;

/**
 * Checks the claims (integer minor units, loss > 0, recovered >= 0, and pool + Σ loss +
 * Σ recovered + `extra` within 2^53 - 1, so that every sum the methods form is exact) and
 * returns their columns; `loss` and `recovered` are empty unless `all`. Throws RangeError.
 */
export function claimColumns(
  claims: readonly Claim[],
  pool: number,
  extra = 0,
  all = false,
): ClaimColumns {
  if (!isMinor(pool, 0))
    throw new RangeError(`pool ${pool} is not a whole number of minor units >= 0`);
  const n = claims.length;
  const net = new Float64Array(n);
  const loss = new Float64Array(all ? n : 0);
  const recovered = new Float64Array(all ? n : 0);
  const notes: Note[] = [];
  let total = pool + extra;
  for (let i = 0; i < n; i++) {
    const c = claims[i]!;
    const l = c.loss;
    const r = c.recovered;
    if (!isMinor(l, 1) || !isMinor(r, 0)) {
      throw new RangeError(
        `claim ${i} (${c.victim}): loss must be >= 1 and recovered >= 0, whole minor units`,
      );
    }
    total += l + r;
    if (l > r) net[i] = l - r;
    else if (r > l)
      notes.push({ kind: 'recovered_exceeds_loss', victim: c.victim, loss: l, recovered: r });
    if (all) {
      loss[i] = l;
      recovered[i] = r;
    }
  }
  if (!(total <= MAX))
    throw new RangeError('total of pool, losses and recoveries above 2^53 - 1 minor units');
  return { net, loss, recovered, notes };
}
