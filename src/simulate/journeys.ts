// A campaign at work: each day it reaches its share of targets by call or text (by age, the
// protected more often, earlier victims for money-recovery scams); a share of them pay, some
// several times with rising amounts over hours or days, each payment preceded by a follow-up
// call or text. Everything is scheduled as events; the fraud engine carries them out.

import { DAY, type DayInfo, HOUR, MINUTE, SCAM } from './calendar.js';
import { type Campaign, planCampaigns } from './campaigns.js';
import {
  ELDERLY_PAY_FACTOR,
  MAX_PAY_PROBABILITY,
  PROTECTED_PAY_FACTOR,
  REPEAT_VICTIM_FACTOR,
} from './fraud-types.js';
import { ELDERLY_BAND, F_RING } from './population.js';
import type { EventQueue } from './queue.js';
import type { Rng } from './random.js';
import type { MuleNetworks } from './rings.js';
import type { Comm } from './rows.js';
import { fraudScript } from './texts.js';
import type { World } from './world.js';

/** Earlier victims, for money-recovery scams: eligible two days after their loss. */
class EarlierVictims {
  private readonly waiting: { person: number; t: number }[] = [];
  private waitingFrom = 0;
  private readonly ready: number[] = [];
  private readonly seen = new Set<number>();

  add(person: number, t: number): void {
    if (this.seen.has(person)) return;
    this.seen.add(person);
    this.waiting.push({ person, t });
  }

  /** A victim who lost money before `now - 2 days` and was not picked yet, or -1. */
  take(now: number, rng: Rng): number {
    while (this.waitingFrom < this.waiting.length) {
      const w = this.waiting[this.waitingFrom]!;
      if (w.t > now - 2 * DAY) break;
      this.ready.push(w.person);
      this.waitingFrom++;
    }
    if (this.ready.length === 0) return -1;
    const i = rng.int(this.ready.length);
    const p = this.ready[i]!;
    this.ready[i] = this.ready[this.ready.length - 1]!;
    this.ready.pop();
    return p;
  }
}

export class Journeys {
  readonly campaigns: Campaign[];
  readonly earlierVictims = new EarlierVictims();
  /** People each campaign has reached: a campaign works on each target once. */
  private readonly reached: Set<number>[];

  constructor(
    private readonly world: World,
    rings: MuleNetworks,
    private readonly queue: EventQueue,
    private readonly rng: Rng,
  ) {
    this.campaigns = planCampaigns(world.options, rings, rng);
    this.reached = this.campaigns.map(() => new Set<number>());
  }

  /** Schedules the first contacts (and what follows) of every campaign running on `day`. */
  contact(day: DayInfo): void {
    for (const c of this.campaigns) {
      if (day.index < c.startDay || day.index >= c.endDay) continue;
      for (let k = this.rng.poisson(c.perDay); k > 0; k--) {
        let person = -1;
        let repeat = false;
        if (c.type === 'money_recovery' && this.rng.chance(0.7)) {
          person = this.earlierVictims.take(day.start, this.rng);
          repeat = person >= 0;
        }
        if (person < 0) person = this.target(c);
        if (person < 0 || this.reached[c.index]!.has(person)) continue;
        this.reached[c.index]!.add(person);
        this.schedule(c, person, repeat, day);
      }
    }
  }

  /** Someone of the campaign's preferred ages; protected people `--protected-boost` times likelier. */
  private target(c: Campaign): number {
    const pop = this.world.people;
    const boost = this.world.options.protectedBoost;
    for (let attempt = 0; attempt < 50; attempt++) {
      const b = this.rng.weighted(c.profile.ages);
      const band = pop.byBand[b]!;
      if (band.length === 0) continue;
      const p = band[this.rng.int(band.length)]!;
      if ((pop.flags[p]! & F_RING) !== 0) continue;
      if (b >= ELDERLY_BAND && pop.protected[p] === 0 && !this.rng.chance(1 / boost)) continue;
      return p;
    }
    return -1;
  }

  private hours(range: readonly [number, number]): number {
    const h = this.rng.logRange(range[0], range[1]) * this.world.options.timeScale;
    return Math.max(MINUTE, Math.floor(h * HOUR));
  }

  private schedule(c: Campaign, person: number, repeat: boolean, day: DayInfo): void {
    const rng = this.rng;
    const pop = this.world.people;
    const prof = c.profile;
    c.stats.targets++;
    const t0 = day.start + SCAM.second(rng);
    const first = rng.chance(prof.sms) ? 'sms' : 'call';
    let amount = Math.min(prof.cap, Math.max(50, rng.logNormal(prof.firstMedian, prof.firstSigma)));
    this.queue.push({
      kind: 'comm',
      t: t0,
      comm: this.comm(c, person, t0, first, amount * 100, 'lure'),
    });
    const protectedFactor =
      pop.protected[person] === 1
        ? PROTECTED_PAY_FACTOR
        : pop.band[person]! >= ELDERLY_BAND
          ? ELDERLY_PAY_FACTOR
          : 1;
    const p = Math.min(
      MAX_PAY_PROBABILITY,
      this.world.options.payRate *
        prof.payFactor *
        protectedFactor *
        (repeat ? REPEAT_VICTIM_FACTOR : 1),
    );
    if (!rng.chance(p)) {
      if (rng.chance(0.35)) {
        const t = t0 + this.hours([1, 48]);
        this.queue.push({
          kind: 'comm',
          t,
          comm: this.comm(c, person, t, first, amount * 100, 'lure'),
        });
      }
      return;
    }
    const payments = 1 + rng.weighted(prof.payments);
    let t = t0 + this.hours(prof.firstDelay);
    let total = 0;
    for (let i = 0; i < payments; i++) {
      if (i > 0) {
        amount *= rng.range(prof.rise[0], prof.rise[1]);
        t += this.hours(prof.gap);
      }
      const minor =
        amount >= 1000 && rng.chance(0.6)
          ? Math.round(amount / 100) * 10_000
          : Math.max(100, Math.round(amount * 100));
      if (total + minor > prof.cap * 100) break;
      total += minor;
      if (i > 0 || rng.chance(0.5)) {
        const tf = Math.max(t0 + MINUTE, t - MINUTE * (5 + rng.int(55)));
        this.queue.push({
          kind: 'comm',
          t: tf,
          comm: this.comm(c, person, tf, 'follow', minor, 'follow_up'),
        });
      }
      this.queue.push({
        kind: 'pay',
        t,
        campaign: c.index,
        person,
        amount: minor,
        wallet: rng.chance(prof.wallet),
      });
      // order brushing pays the first small "task" back with a commission, to win trust
      if (i === 0 && c.type === 'order_brushing' && minor < 200_000) {
        this.queue.push({
          kind: 'rebate',
          t: t + MINUTE * (5 + rng.int(25)),
          campaign: c.index,
          person,
          amount: Math.round(minor * rng.range(1.05, 1.2)),
        });
      }
    }
  }

  private comm(
    c: Campaign,
    person: number,
    t: number,
    stage: 'sms' | 'call' | 'follow',
    amount: number,
    detail: string,
  ): Comm {
    const rng = this.rng;
    const caller = rng.pick(c.callers);
    const kind = stage === 'follow' ? (rng.chance(0.5) ? 'sms' : 'call') : stage;
    const script = fraudScript(
      {
        type: c.type,
        lang: this.world.people.language[person] === 1 ? 'en' : 'zh',
        stage: stage === 'follow' ? 'follow' : kind,
        domains: c.domains,
        phone: rng.pick(c.callers).number,
        amount: Math.round(amount),
        brand: c.brand,
      },
      rng,
    );
    return {
      ts: t,
      kind,
      fromPerson: -1,
      from: caller.number,
      to: person,
      text: script.text,
      links: script.links,
      route: caller.route,
      duration: kind === 'call' ? Math.floor(rng.logRange(20, 2400)) : 0,
      campaign: c.index,
      detail,
    };
  }
}
