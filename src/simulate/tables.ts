// The tables of a run as bytes: people.csv (written first) and, once every day is done,
// accounts.csv (whose opening balances depend on the whole run), truth_accounts.csv and
// truth_campaigns.csv.
import { formatMinor } from '../money/index.js';
import { KINDS } from './accounts.js';
import { Chunker } from './bytes.js';
import { formatLocal } from './calendar.js';
import { HEADERS } from './encode.js';
import { campaignId, identityNumber, ringId, writePersonPhone } from './ids.js';
import { AGE_BANDS } from './population.js';
import { mix32 } from './random.js';
import type { Simulation } from './simulation.js';
import { accountTruth } from './truth.js';

export function* encodePeople(sim: Simulation, c = new Chunker()): Generator<Buffer> {
  const pop = sim.world.people;
  const year = Number(sim.options.startDate.slice(0, 4));
  c.ascii(HEADERS.people);
  for (let p = 0; p < pop.count; p++) {
    const band = pop.band[p]!;
    c.byte(80); // P
    c.pad(p, 7);
    c.byte(44);
    c.ascii(identityNumber(p, band, year, 0x1d));
    c.byte(44);
    writePersonPhone(c, p);
    c.byte(44);
    c.ascii(AGE_BANDS[band]!);
    if (pop.protected[p] === 1) {
      c.ascii(',true,');
      writePersonPhone(c, pop.relative[p]!);
    } else c.ascii(',false,');
    c.ascii(pop.language[p] === 1 ? ',en\n' : ',zh\n');
    if (c.full) yield c.cut();
  }
  yield c.flush();
}

/**
 * Accounts in a scrambled order (k -> a*k + b mod n with a small stride a), so that the
 * accounts opened for the fraud, created last, are spread through the file instead of
 * sitting at its end; a small stride keeps the reads prefetchable.
 */
export function accountOrder(sim: Simulation): (k: number) => number {
  const n = sim.world.accounts.count;
  let a = 7;
  while (gcd(a, n) !== 1) a += 2;
  const b = mix32(n ^ 0x2545f491) % n;
  return (k) => (a * k + b) % n;
}

function gcd(x: number, y: number): number {
  let a = x;
  let b = y;
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

function writeHolder(c: Chunker, h: number): void {
  if (h >= 0) {
    c.byte(80); // P
    c.pad(h, 7);
  } else if (h <= -2) {
    c.byte(66); // B
    c.pad(-h - 2, 6);
  }
  c.byte(44);
}

export function* encodeAccounts(sim: Simulation, c = new Chunker()): Generator<Buffer> {
  const accounts = sim.world.accounts;
  const at = accountOrder(sim);
  const kinds = KINDS.map((k) => `,${k},`);
  const institutions = accounts.institutions.map((i) => `${i},`);
  c.ascii(HEADERS.accounts);
  for (let k = 0; k < accounts.count; k++) {
    const j = at(k);
    if (!sim.written(j)) continue;
    c.slice(accounts.idBytes, accounts.idStart(j), accounts.idEnd[j]!);
    c.byte(44);
    c.money(sim.openingBalance(j));
    c.ascii(kinds[accounts.kind[j]!]!);
    c.ascii(institutions[accounts.institution[j]!]!);
    writeHolder(c, accounts.holder[j]!);
    c.localTime(accounts.opened[j]!);
    c.byte(10);
    if (c.full) yield c.cut();
  }
  yield c.flush();
}

export function* encodeTruthAccounts(sim: Simulation, c = new Chunker()): Generator<Buffer> {
  const accounts = sim.world.accounts;
  const at = accountOrder(sim);
  const plain = KINDS.map(
    (k) => `,${k === 'bank' ? 'normal' : k === 'merchant' ? 'merchant' : 'exit'},,,\n`,
  );
  c.ascii(HEADERS.truthAccounts);
  for (let k = 0; k < accounts.count; k++) {
    const j = at(k);
    if (!sim.written(j)) continue;
    c.slice(accounts.idBytes, accounts.idStart(j), accounts.idEnd[j]!);
    if (!sim.fraud.campaignsOf.has(j)) {
      // the common case: no fraud touched it, the kind says it all
      c.ascii(plain[accounts.kind[j]!]!);
    } else {
      const t = accountTruth(sim, j);
      c.ascii(
        `,${t.role},${t.campaigns.map(campaignId).join(';')},${t.level ?? ''},${t.ring === undefined ? '' : ringId(t.ring)}\n`,
      );
    }
    if (c.full) yield c.cut();
  }
  yield c.flush();
}

export function encodeTruthCampaigns(sim: Simulation): string {
  const rings = sim.fraud.rings.rings;
  let s = HEADERS.truthCampaigns;
  for (const x of sim.fraud.campaigns) {
    const day = (d: number) => formatLocal(sim.options.start + d * 86_400).slice(0, 10);
    s += `${campaignId(x.index)},${x.type},${ringId(x.ring)},${rings[x.ring]!.kind},${day(x.startDay)},${day(x.endDay - 1)},${x.callers.map((k) => k.number).join(';')},${x.domains.join(';')},${x.stats.targets},${x.stats.victims},${x.stats.payments},${formatMinor(x.stats.lost, 2)}\n`;
  }
  return s;
}
