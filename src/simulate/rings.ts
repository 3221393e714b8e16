// Mule networks ("rings"): per level a pool of mule accounts, filled as the money needs them,
// a few devices the operators run every card from, and the fraudsters' own accounts. A
// classic ring rents or buys bank cards (new accounts, mostly at small banks); a "running
// points" ring routes money through the everyday accounts of many recruited people, who keep
// using them for their own money.
import { ClawbackError } from '../errors/index.js';
import { DAY } from './calendar.js';
import { BANK_WEIGHTS, MULE_BANK_WEIGHTS } from './institutions.js';
import { F_RING, F_VICTIM } from './population.js';
import type { Rng } from './random.js';
import type { World } from './world.js';

export type RingKind = 'classic' | 'running_points';

function tooFewPeople(): ClawbackError {
  return new ClawbackError('CB_E_USAGE', {
    detail:
      'too few people for this much fraud: no one left to recruit into a mule ring (raise --people or lower --fraud-rate / --pay-rate)',
  });
}

export interface Ring {
  readonly index: number;
  readonly kind: RingKind;
  /** Mule accounts per level (index 0 = level 1). */
  readonly members: number[][];
  /** How many accounts each level grows to. */
  readonly caps: readonly number[];
  /** Device indices the operators use (a handful for many cards). */
  readonly devices: readonly number[];
  readonly fraudsters: number[];
}

export interface Membership {
  readonly ring: number;
  readonly level: number;
}

/** Recruited card sellers and running-points participants are mostly young. */
const MULE_AGES = [0.55, 0.3, 0.12, 0.03, 0];
const FRAUDSTER_AGES = [0.3, 0.5, 0.2, 0, 0];

export class MuleNetworks {
  readonly rings: Ring[] = [];
  readonly membership = new Map<number, Membership>();
  readonly fraudsterRing = new Map<number, number>();
  /** Accounts opened for the fraud (written only if they were used). */
  readonly opened = new Set<number>();
  private nextDevice: number;

  constructor(
    private readonly world: World,
    private readonly rng: Rng,
  ) {
    this.nextDevice = 2 * world.people.count;
  }

  /** A new ring; its kind follows `--running-points`. */
  create(): number {
    const rng = this.rng;
    const kind: RingKind = rng.chance(this.world.options.runningPoints)
      ? 'running_points'
      : 'classic';
    const caps: number[] = [];
    for (let level = 1; level <= this.world.options.layers; level++) {
      if (level === 1) caps.push(kind === 'running_points' ? 40 + rng.int(80) : 8 + rng.int(18));
      else if (level === 2) caps.push(4 + rng.int(7));
      else if (level === 3) caps.push(2 + rng.int(3));
      else caps.push(1 + rng.int(3));
    }
    const devices = Array.from({ length: 2 + rng.int(4) }, () => this.nextDevice++);
    const index = this.rings.length;
    this.rings.push({
      index,
      kind,
      members: caps.map(() => []),
      caps,
      devices,
      fraudsters: [],
    });
    return index;
  }

  /** A mule of `ring` at `level` for money arriving at time `t`: a new one while the pool grows. */
  member(ringIndex: number, level: number, t: number): number {
    const ring = this.rings[ringIndex]!;
    const pool = ring.members[level - 1]!;
    const cap = ring.caps[level - 1]!;
    if (pool.length === 0 || (pool.length < cap && this.rng.chance(1 - pool.length / cap))) {
      const account =
        ring.kind === 'running_points' && level === 1
          ? this.recruitEverydayAccount()
          : this.openCard(t, MULE_AGES, MULE_BANK_WEIGHTS);
      if (account >= 0) {
        pool.push(account);
        this.membership.set(account, { ring: ringIndex, level });
        return account;
      }
      if (pool.length === 0) throw tooFewPeople();
    }
    return pool[this.rng.int(pool.length)]!;
  }

  /** One of the ring's fraudster accounts (one or two per ring). */
  fraudster(ringIndex: number, t: number): number {
    const ring = this.rings[ringIndex]!;
    if (ring.fraudsters.length === 0 || (ring.fraudsters.length < 2 && this.rng.chance(0.1))) {
      const account = this.openCard(t, FRAUDSTER_AGES, BANK_WEIGHTS);
      if (account >= 0) {
        ring.fraudsters.push(account);
        this.fraudsterRing.set(account, ringIndex);
        return account;
      }
      if (ring.fraudsters.length === 0) throw tooFewPeople();
    }
    return ring.fraudsters[this.rng.int(ring.fraudsters.length)]!;
  }

  /** The device a payment from a ring account is made on. */
  device(account: number): number {
    const m = this.membership.get(account);
    const ringIndex = m?.ring ?? this.fraudsterRing.get(account);
    if (ringIndex === undefined) throw new Error(`account ${account} is in no ring`);
    const ring = this.rings[ringIndex]!;
    if (ring.kind === 'running_points' && m?.level === 1) {
      // participants pay from their own phone
      return 2 * this.world.accounts.holder[account]!;
    }
    return ring.devices[this.rng.int(ring.devices.length)]!;
  }

  /** Someone to recruit (not a victim, not in a ring yet), or -1 when none is found. */
  private person(ages: readonly number[]): number {
    const pop = this.world.people;
    for (let attempt = 0; attempt < 100; attempt++) {
      const band = pop.byBand[this.rng.weighted(ages)]!;
      if (band.length === 0) continue;
      const p = band[this.rng.int(band.length)]!;
      if ((pop.flags[p]! & (F_RING | F_VICTIM)) === 0) {
        pop.flags[p] = pop.flags[p]! | F_RING;
        return p;
      }
    }
    return -1;
  }

  /** A bank card opened (days to months before its first use) by a recruited person, or -1. */
  private openCard(t: number, ages: readonly number[], bankWeights: readonly number[]): number {
    const p = this.person(ages);
    if (p < 0) return -1;
    const accounts = this.world.accounts;
    const bank = this.rng.weighted(bankWeights);
    const opened = Math.floor(t - this.rng.logRange(2, 180) * DAY);
    const j = accounts.addCard(bank, p, opened);
    this.opened.add(j);
    return j;
  }

  /** A recruited person's everyday account: it carries their own money and the ring's. */
  private recruitEverydayAccount(): number {
    const p = this.person(MULE_AGES);
    return p < 0 ? -1 : this.world.people.acctStart[p]!;
  }
}
