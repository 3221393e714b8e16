// The fraud side of a day: campaigns contact their targets, and every event due before the
// day ends is carried out in time order (texts and calls, victims' payments into level-1
// mules, rebates, each laundering hop), recording the truth as it goes.

import { DAY, type DayInfo } from './calendar.js';
import type { Campaign } from './campaigns.js';
import { Journeys } from './journeys.js';
import { Layering } from './layering.js';
import { F_RING, F_VICTIM, personDevice } from './population.js';
import { EventQueue, type FraudEvent } from './queue.js';
import { Rng } from './random.js';
import { MuleNetworks } from './rings.js';
import { CH_TRANSFER, CH_WALLET, type DayRows, purposeCode } from './rows.js';
import type { World } from './world.js';

const LOSS = purposeCode('loss');
const REBATE = purposeCode('rebate');

export class FraudEngine {
  readonly rings: MuleNetworks;
  readonly campaigns: readonly Campaign[];
  /** Campaigns whose money or contact touched each account (the truth of fraud accounts). */
  readonly campaignsOf = new Map<number, Set<number>>();
  /** Accounts that paid a loss. */
  readonly victimAccounts = new Set<number>();
  private readonly queue = new EventQueue();
  private readonly rng: Rng;
  private readonly layering: Layering;
  private readonly journeys: Journeys;
  private readonly victimsOf: Set<number>[];

  constructor(private readonly world: World) {
    this.rng = new Rng(world.options.seed, 'fraud');
    this.rings = new MuleNetworks(world, this.rng);
    this.journeys = new Journeys(world, this.rings, this.queue, this.rng);
    this.campaigns = this.journeys.campaigns;
    this.layering = new Layering(world, this.rings, this.queue, this.rng);
    this.victimsOf = this.campaigns.map(() => new Set<number>());
  }

  /** Events still scheduled (in flight beyond the last day). */
  get pending(): number {
    return this.queue.size;
  }

  day(day: DayInfo, rows: DayRows): void {
    this.journeys.contact(day);
    const end = day.start + DAY;
    for (let e = this.queue.popBefore(end); e !== undefined; e = this.queue.popBefore(end)) {
      this.handle(e, rows);
    }
  }

  private handle(e: FraudEvent, rows: DayRows): void {
    switch (e.kind) {
      case 'comm':
        rows.comms.push(e.comm);
        return;
      case 'pay':
        this.pay(e, rows);
        return;
      case 'rebate': {
        const pop = this.world.people;
        if ((pop.flags[e.person]! & F_VICTIM) === 0) return;
        const c = this.campaigns[e.campaign]!;
        const boss = this.rings.fraudster(c.ring, e.t);
        const to = pop.acctStart[e.person]!;
        rows.push(e.t, boss, to, e.amount, CH_TRANSFER, this.rings.device(boss), REBATE, c.index);
        this.record(boss, to, c.index);
        return;
      }
      case 'transfer':
        rows.push(e.t, e.from, e.to, e.amount, e.channel, e.device, e.purpose, e.campaign);
        this.record(e.from, e.to, e.campaign);
        return;
      case 'forward':
        this.layering.forward(e);
        return;
    }
  }

  private pay(e: FraudEvent & { kind: 'pay' }, rows: DayRows): void {
    const pop = this.world.people;
    // someone recruited into a mule ring since first contact no longer counts as a target
    if ((pop.flags[e.person]! & F_RING) !== 0) return;
    const c = this.campaigns[e.campaign]!;
    const from = pop.acctStart[e.person]!;
    // a victim first: nobody recruits the payer as this very mule
    pop.flags[e.person] = pop.flags[e.person]! | F_VICTIM;
    const mule = this.rings.member(c.ring, 1, e.t);
    const channel = e.wallet ? CH_WALLET : CH_TRANSFER;
    const device = personDevice(pop, e.person, this.rng);
    rows.push(e.t, from, mule, e.amount, channel, device, LOSS, c.index, e.person);
    this.record(from, mule, c.index);
    this.victimAccounts.add(from);
    const victims = this.victimsOf[c.index]!;
    if (!victims.has(e.person)) {
      victims.add(e.person);
      c.stats.victims++;
    }
    c.stats.payments++;
    c.stats.lost += e.amount;
    this.journeys.earlierVictims.add(e.person, e.t);
    this.queue.push({
      kind: 'forward',
      t: e.t + this.layering.dwell(1),
      campaign: c.index,
      ring: this.rings.membership.get(mule)!.ring,
      level: 1,
      account: mule,
      amount: e.amount,
    });
  }

  private record(from: number, to: number, campaign: number): void {
    for (const a of [from, to]) {
      let s = this.campaignsOf.get(a);
      if (s === undefined) {
        s = new Set();
        this.campaignsOf.set(a, s);
      }
      s.add(campaign);
    }
  }
}
