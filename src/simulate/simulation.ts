// A run, day by day: everyday life, the fraud that is due, ordinary calls and messages; then
// the day's rows in time order, with every balance moved in that order. Memory holds the
// world (per person and per account) and the fraud in flight, never the days already done.
import { K_BANK } from './accounts.js';
import { type DayInfo, dayInfo } from './calendar.js';
import { ordinaryComms } from './comms.js';
import { everydayDay } from './everyday.js';
import { FraudEngine } from './fraud.js';
import type { SimulateOptions } from './options.js';
import { Rng, unitHash } from './random.js';
import { type Comm, DayRows } from './rows.js';
import { scheduledDay } from './scheduled.js';
import { buildWorld, type World } from './world.js';

export interface DayOutput {
  readonly day: DayInfo;
  readonly rows: DayRows;
  /** Transfer row indices in time order. */
  readonly order: Int32Array;
  readonly comms: readonly Comm[];
  /** Number of the day's first transfer and first call or message (numbering starts at 1). */
  readonly firstTransfer: number;
  readonly firstComm: number;
}

export class Simulation {
  readonly world: World;
  readonly fraud: FraudEngine;
  transfers = 0;
  comms = 0;
  losses = 0;
  /** The most rows a day had: the next day's columns start that big. */
  private capacity = 4096;
  private readonly everyday: Rng;
  private readonly talk: Rng;

  constructor(readonly options: SimulateOptions) {
    this.world = buildWorld(options);
    this.fraud = new FraudEngine(this.world);
    this.everyday = new Rng(options.seed, 'everyday');
    this.talk = new Rng(options.seed, 'comms');
  }

  /** The days, in order; each is generated when asked for. */
  *days(): Generator<DayOutput> {
    for (let d = 0; d < this.options.days; d++) yield this.day(d);
  }

  private day(index: number): DayOutput {
    const day = dayInfo(this.options.start, index);
    const rows = new DayRows(day.start, this.capacity);
    scheduledDay(this.world, day, rows, this.everyday);
    everydayDay(this.world, day, rows, this.everyday);
    this.fraud.day(day, rows);
    ordinaryComms(this.world, day, rows, this.talk);
    const order = rows.order();
    const accounts = this.world.accounts;
    let losses = 0;
    for (let k = 0; k < order.length; k++) {
      const i = order[k]!;
      accounts.apply(rows.from[i]!, rows.to[i]!, rows.amount[i]!);
      if (rows.victim[i]! >= 0) losses++;
    }
    const out: DayOutput = {
      day,
      rows,
      order,
      comms: rows.orderedComms(),
      firstTransfer: this.transfers + 1,
      firstComm: this.comms + 1,
    };
    this.capacity = Math.max(this.capacity, rows.count);
    this.transfers += rows.count;
    this.comms += rows.comms.length;
    this.losses += losses;
    return out;
  }

  /**
   * Opening balance of account `j` after the run: what it needs so that no payment overdraws
   * it, plus savings (heavy-tailed for people, larger for businesses, a little for mule
   * cards, none for exits).
   */
  openingBalance(j: number): number {
    const accounts = this.world.accounts;
    const need = Math.max(0, -accounts.lowest(j));
    if (accounts.kind[j] !== K_BANK) return need;
    const u = 1 - unitHash(j, 0x51ed);
    const holder = accounts.holder[j]!;
    let savings: number;
    if (this.fraud.rings.opened.has(j)) savings = Math.floor(u * 50_000);
    else if (holder < 0) savings = Math.min(1e10, Math.floor(5_000_000 / u ** 0.8));
    else savings = Math.min(5e8, Math.floor(500_000 / u ** 0.9));
    return need + savings;
  }

  /** Whether account `j` is written: accounts opened for the fraud only if they were used. */
  written(j: number): boolean {
    return !this.fraud.rings.opened.has(j) || this.fraud.campaignsOf.has(j);
  }
}
