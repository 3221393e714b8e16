// traced_first (restitution.md): per frozen account, return first what tracing attributes
// to each victim there (scaled down when the account holds less); what tracing cannot
// attribute is shared pro rata on net loss, capped at what each victim still misses.

import { attribute } from './attribute.js';
import { claimColumns } from './claims.js';
import { exactShare } from './exact.js';
import { Leftover } from './leftover.js';
import type { AccountPart, Claim, ResolvedAccount, TracedFirstResult } from './model.js';
import { cappedSplit, cappedStatus } from './pro-rata.js';

export interface TracedFirstOptions {
  /** See findLevel; results do not depend on it. */
  readonly maxPasses?: number;
}

/**
 * traced_first over `claims` and the frozen `accounts` (unique ids), whose traced victims are
 * claim indices (see resolveTraced). The pool is the total frozen.
 *
 * Example: tracedFirst(claims, resolveTraced(claims, [{ account: 'M1', frozen: 30000,
 *   traced: [{ victim: 'A', amount: 20000 }, { victim: 'B', amount: 20000 }] }]))
 */
export function tracedFirst(
  claims: readonly Claim[],
  accounts: readonly ResolvedAccount[],
  options: TracedFirstOptions = {},
): TracedFirstResult {
  let pool = 0;
  for (const a of accounts) pool += a.frozen;
  if (!Number.isSafeInteger(pool))
    throw new RangeError('frozen amounts: not whole minor units, or above 2^53 - 1 in total');
  const { net, notes: claimNotes } = claimColumns(claims, pool);
  const leftover = new Leftover(claims, net);
  const att = attribute(claims, accounts, net, leftover);
  const n = claims.length;
  const missing = new Float64Array(n);
  for (let i = 0; i < n; i++) missing[i] = net[i]! - att.traced[i]!;
  const sharedRemainder = pool - att.returnedTotal;
  const split = cappedSplit(sharedRemainder, net, missing, leftover, options.maxPasses);
  const amounts = new Float64Array(n);
  for (let i = 0; i < n; i++) amounts[i] = att.traced[i]! + split.amounts[i]!;
  const notes = [...claimNotes, ...att.notes];
  if (split.unallocated > 0) notes.push({ kind: 'unallocated', amount: split.unallocated });
  const rate = split.rate;
  return {
    method: 'traced_first',
    claims,
    pool,
    amounts,
    unallocated: split.unallocated,
    notes,
    traced: att.traced,
    shared: split.amounts,
    sharedRemainder,
    sharedRate: rate,
    accounts: att.outcomes,
    status: (i) => cappedStatus(net[i]!, missing[i]!, rate),
    explain(i) {
      const parts: AccountPart[] = att.partsOf(i);
      const amount = split.amounts[i]!;
      const status = cappedStatus(net[i]!, missing[i]!, rate);
      return {
        method: 'traced_first',
        netLoss: net[i]!,
        amount: amounts[i]!,
        accounts: parts,
        traced: att.traced[i]!,
        shared: {
          status,
          amount,
          missing: missing[i]!,
          rate,
          share: status === 'share' ? exactShare(rate, net[i]!, 0, amount) : undefined,
        },
      };
    },
  };
}
