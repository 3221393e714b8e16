// Preconditions of the core (the CLI validates files before calling) and the net losses.

import type { Claim, Note } from './model.js';

const MAX = Number.MAX_SAFE_INTEGER;

function isMinor(x: number, min: number): boolean {
  return Number.isSafeInteger(x) && x >= min;
}

/**
 * Net losses max(0, loss - recovered) by claim index, after checking the claims: integer
 * minor units, loss > 0, recovered >= 0, and pool + Σ loss + Σ recovered + `extra` within
 * 2^53 - 1 so every sum the methods form is exact. Throws RangeError otherwise.
 */
export function netLosses(claims: readonly Claim[], pool: number, extra = 0): Float64Array {
  if (!isMinor(pool, 0))
    throw new RangeError(`pool ${pool} is not a whole number of minor units >= 0`);
  const net = new Float64Array(claims.length);
  let total = pool + extra;
  for (let i = 0; i < claims.length; i++) {
    const c = claims[i]!;
    if (!isMinor(c.loss, 1) || !isMinor(c.recovered, 0)) {
      throw new RangeError(
        `claim ${i} (${c.victim}): loss must be >= 1 and recovered >= 0, whole minor units`,
      );
    }
    total += c.loss + c.recovered;
    net[i] = c.loss > c.recovered ? c.loss - c.recovered : 0;
  }
  if (!(total <= MAX))
    throw new RangeError('total of pool, losses and recoveries above 2^53 - 1 minor units');
  return net;
}

/** A note for every victim who recovered more than they lost (they receive nothing). */
export function overRecovered(claims: readonly Claim[]): Note[] {
  const notes: Note[] = [];
  for (const c of claims) {
    if (c.recovered > c.loss) {
      notes.push({
        kind: 'recovered_exceeds_loss',
        victim: c.victim,
        loss: c.loss,
        recovered: c.recovered,
      });
    }
  }
  return notes;
}
