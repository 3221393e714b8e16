// The truth about each account after a run: its role, the campaigns whose money or victims it
// carried, and for mules and fraudsters their level and ring.
import { K_BANK, K_MERCHANT } from './accounts.js';
import type { Simulation } from './simulation.js';

export const ROLES = ['normal', 'merchant', 'mule', 'fraudster', 'victim', 'exit'] as const;
export type Role = (typeof ROLES)[number];

export interface AccountTruth {
  readonly role: Role;
  /** Campaign indices, ascending. */
  readonly campaigns: readonly number[];
  /** Mule level (1 = received victims' money directly); fraudsters: layers + 1. */
  readonly level: number | undefined;
  readonly ring: number | undefined;
}

export function accountTruth(sim: Simulation, j: number): AccountTruth {
  const fraud = sim.fraud;
  const kind = sim.world.accounts.kind[j]!;
  const set = fraud.campaignsOf.get(j);
  const campaigns = set === undefined ? [] : [...set].sort((a, b) => a - b);
  const member = fraud.rings.membership.get(j);
  if (member !== undefined && set !== undefined)
    return { role: 'mule', campaigns, level: member.level, ring: member.ring };
  const bossRing = fraud.rings.fraudsterRing.get(j);
  if (bossRing !== undefined && set !== undefined)
    return { role: 'fraudster', campaigns, level: sim.options.layers + 1, ring: bossRing };
  if (fraud.victimAccounts.has(j))
    return { role: 'victim', campaigns, level: undefined, ring: undefined };
  const role: Role = kind === K_BANK ? 'normal' : kind === K_MERCHANT ? 'merchant' : 'exit';
  // a recruited person's everyday account that the ring never used is an ordinary account
  return { role, campaigns: role === 'exit' ? campaigns : [], level: undefined, ring: undefined };
}
