// Laundering: what a mule does with money it received. Level-1 mules keep a cut, sometimes
// withdraw part as cash, and scatter the rest over several level-2 mules; deeper levels gather
// it into a few collectors (fan-in, now and then across rings); the last level cashes out at
// ATMs, buys crypto, wires it abroad, tops up payment wallets or passes it to the fraudsters'
// own accounts, who wire it abroad later. Every hop waits a short dwell time and is split into
// transfers below the reporting threshold.
import { MINUTE } from './calendar.js';
import type { EventQueue } from './queue.js';
import type { Rng } from './random.js';
import type { MuleNetworks } from './rings.js';
import { CH_ATM, CH_CRYPTO, CH_TRANSFER, CH_WALLET, purposeCode } from './rows.js';
import type { World } from './world.js';

const LAYERING = purposeCode('layering');
const EXIT_CASH = purposeCode('exit_cash');
const EXIT_CRYPTO = purposeCode('exit_crypto');
const EXIT_FOREIGN = purposeCode('exit_foreign');
const EXIT_WALLET = purposeCode('exit_wallet');
const TO_FRAUDSTER = purposeCode('to_fraudster');

/** Most an ATM pays out in one withdrawal, minor units (20,000 CNY). */
const ATM_MAX = 2_000_000;
/** How the last level spreads its money: cash, crypto, abroad, wallets, fraudsters. */
const EXIT_WEIGHTS = [0.3, 0.3, 0.15, 0.1, 0.15];

export interface Forward {
  readonly t: number;
  readonly campaign: number;
  readonly ring: number;
  readonly level: number;
  readonly account: number;
  readonly amount: number;
}

export class Layering {
  constructor(
    private readonly world: World,
    private readonly rings: MuleNetworks,
    private readonly queue: EventQueue,
    private readonly rng: Rng,
  ) {}

  /** Minutes a mule of `level` holds money before moving it (log-uniform), in seconds. */
  dwell(level: number): number {
    const [lo, hi] = level <= 1 ? [2, 90] : level === 2 ? [5, 360] : [30, 2880];
    return Math.max(MINUTE, Math.floor(this.rng.logRange(lo, hi) * MINUTE * this.scale()));
  }

  private scale(): number {
    return this.world.options.timeScale;
  }

  forward(e: Forward): void {
    const rng = this.rng;
    const depth = this.world.options.layers;
    if (e.level > depth) {
      this.chunks(e, e.t, this.pickForeign(), e.amount, CH_TRANSFER, EXIT_FOREIGN);
      return;
    }
    const ring = this.rings.rings[e.ring]!;
    const cut =
      ring.kind === 'running_points' && e.level === 1 ? rng.range(0.01, 0.03) : rng.range(0, 0.01);
    let amount = e.amount - Math.floor(e.amount * cut);
    // now and then a mule goes quiet and the money stays (what a freeze can still catch)
    if (rng.chance(0.04) || amount <= 0) return;
    if (e.level === depth) {
      this.cashOut(e, amount);
      return;
    }
    let t = e.t;
    if (e.level === 1 && rng.chance(0.1)) {
      const cash = Math.floor((amount * rng.range(0.2, 0.4)) / 10_000) * 10_000;
      if (cash > 0) {
        t = this.atm(e, t, cash);
        amount -= cash;
      }
    }
    const fanOut = e.level === 1 ? 2 + rng.int(3) : 1 + rng.int(2);
    const channel =
      ring.kind === 'running_points' && e.level === 1 && rng.chance(0.7) ? CH_WALLET : CH_TRANSFER;
    for (const part of this.parts(amount, Math.min(fanOut, 1 + Math.floor(amount / 100_000)))) {
      const to = this.nextMule(e, t);
      const last = this.chunks(e, t, to, part, channel, LAYERING);
      const level = e.level + 1;
      this.queue.push({
        kind: 'forward',
        t: last + this.dwell(level),
        campaign: e.campaign,
        ring: this.rings.membership.get(to)!.ring,
        level,
        account: to,
        amount: part,
      });
      t = last + rng.int(5 * MINUTE);
    }
  }

  /** The last level: spread over one to three kinds of exit. */
  private cashOut(e: Forward, received: number): void {
    const rng = this.rng;
    let amount = received;
    if (rng.chance(0.12)) amount -= Math.floor(amount * rng.range(0.2, 0.5)); // held back
    const kinds: number[] = [];
    const wanted = 1 + rng.int(3);
    while (kinds.length < wanted) {
      const k = rng.weighted(EXIT_WEIGHTS);
      if (!kinds.includes(k)) kinds.push(k);
    }
    let t = e.t;
    const parts = this.parts(amount, kinds.length);
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      switch (kinds[i]!) {
        case 0:
          t = this.atm(e, t, part);
          break;
        case 1: {
          const desks = this.world.cryptoDesks;
          t = this.chunks(e, t, desks[rng.int(desks.length)]!, part, CH_CRYPTO, EXIT_CRYPTO);
          break;
        }
        case 2:
          t = this.chunks(e, t, this.pickForeign(), part, CH_TRANSFER, EXIT_FOREIGN);
          break;
        case 3: {
          const w = this.world.wallets;
          const to = rng.chance(0.5) ? w[w.length - 1]! : w[rng.int(w.length - 1)]!;
          t = this.chunks(e, t, to, part, CH_WALLET, EXIT_WALLET);
          break;
        }
        default: {
          const boss = this.rings.fraudster(e.ring, t);
          const last = this.chunks(e, t, boss, part, CH_TRANSFER, TO_FRAUDSTER);
          const hours = rng.logRange(12, 72) * this.scale();
          this.queue.push({
            kind: 'forward',
            t: last + Math.floor(hours * 60 * MINUTE),
            campaign: e.campaign,
            ring: e.ring,
            level: this.world.options.layers + 1,
            account: boss,
            amount: part,
          });
          t = last;
        }
      }
      t += rng.int(30 * MINUTE);
    }
  }

  /** Level `e.level + 1` of the ring (now and then another ring's: mules shared across rings). */
  private nextMule(e: Forward, t: number): number {
    const rings = this.rings.rings;
    let ring = e.ring;
    if (e.level >= 2 && rings.length > 1 && this.rng.chance(0.05))
      ring = this.rng.int(rings.length);
    return this.rings.member(ring, e.level + 1, t);
  }

  private pickForeign(): number {
    const f = this.world.foreignHubs;
    return f[this.rng.int(f.length)]!;
  }

  /** ATM withdrawals of whole hundreds at the mule's bank; returns the time of the last. */
  private atm(e: Forward, start: number, amount: number): number {
    const rng = this.rng;
    const accounts = this.world.accounts;
    const bank = accounts.institution[e.account]!;
    const atms = this.world.atms[bank < this.world.atms.length ? bank : 0]!;
    const cap = Math.min(ATM_MAX, this.world.options.threshold - 1);
    let rest = amount;
    let t = start;
    const atm = atms[rng.int(atms.length)]!;
    while (rest >= 10_000) {
      const c = Math.floor(Math.min(rest, cap * rng.range(0.5, 1)) / 10_000) * 10_000;
      if (c <= 0) break;
      t += 30 + rng.int(4 * MINUTE);
      this.emit(e, t, e.account, atm, c, CH_ATM, -1, EXIT_CASH);
      rest -= c;
    }
    return t;
  }

  /** Sends `amount` in transfers below the threshold, seconds to minutes apart. */
  private chunks(
    e: Forward,
    start: number,
    to: number,
    amount: number,
    channel: number,
    purpose: number,
  ): number {
    const rng = this.rng;
    const cap = this.world.options.threshold;
    let rest = amount;
    let t = start;
    while (rest > 0) {
      let c = rest;
      if (rest >= cap) {
        c = Math.floor(cap * rng.range(0.55, 0.999));
        if (rng.chance(0.5)) c = Math.max(100, Math.floor(c / 10_000) * 10_000);
      }
      t += 10 + rng.int(10 * MINUTE);
      this.emit(e, t, e.account, to, c, channel, this.rings.device(e.account), purpose);
      rest -= c;
    }
    return t;
  }

  private emit(
    e: Forward,
    t: number,
    from: number,
    to: number,
    amount: number,
    channel: number,
    device: number,
    purpose: number,
  ): void {
    this.queue.push({
      kind: 'transfer',
      t,
      campaign: e.campaign,
      from,
      to,
      amount,
      channel,
      device,
      purpose,
    });
  }

  /** `amount` in up to `k` random positive parts that add up exactly. */
  private parts(amount: number, k: number): number[] {
    const n = Math.max(1, Math.min(k, amount));
    const w = Array.from({ length: n }, () => this.rng.range(0.5, 1.5));
    const total = w.reduce((s, x) => s + x, 0);
    const out: number[] = [];
    let rest = amount;
    for (let i = 0; i < n - 1; i++) {
      const p = Math.max(1, Math.floor((amount * w[i]!) / total));
      out.push(p);
      rest -= p;
    }
    if (rest < 0) return [amount];
    out.push(rest);
    return out.filter((p) => p > 0);
  }
}
