// Runs a simulation in memory and returns its files as text, for tests that check what a user
// would read; plus a tiny CSV reader (the simulator's CSV never quotes).
import { Chunker } from '../bytes.js';
import {
  encodeComms,
  encodeLosses,
  encodeTransfers,
  encodeTruthEvents,
  HEADERS,
} from '../encode.js';
import { parseOptions } from '../options.js';
import { Simulation } from '../simulation.js';
import {
  encodeAccounts,
  encodePeople,
  encodeTruthAccounts,
  encodeTruthCampaigns,
} from '../tables.js';

export interface Files {
  people: string;
  accounts: string;
  transfers: string;
  comms: string;
  losses: string;
  truthAccounts: string;
  truthEvents: string;
  truthCampaigns: string;
}

const text = (chunks: Iterable<Buffer>) => Buffer.concat([...chunks]).toString('utf8');

export function simulateInMemory(flags: Readonly<Record<string, string>>): {
  sim: Simulation;
  files: Files;
} {
  const sim = new Simulation(parseOptions(flags));
  const people = text(encodePeople(sim));
  const parts: Record<'transfers' | 'comms' | 'losses' | 'events', string[]> = {
    transfers: [HEADERS.transfers],
    comms: [],
    losses: [HEADERS.losses],
    events: [HEADERS.truthEvents],
  };
  const c = new Chunker();
  for (const day of sim.days()) {
    parts.transfers.push(text(encodeTransfers(sim, day, c)));
    parts.comms.push(text(encodeComms(day, c)));
    parts.losses.push(text(encodeLosses(sim, day, c)));
    parts.events.push(text(encodeTruthEvents(sim, day, c)));
  }
  return {
    sim,
    files: {
      people,
      accounts: text(encodeAccounts(sim)),
      transfers: parts.transfers.join(''),
      comms: parts.comms.join(''),
      losses: parts.losses.join(''),
      truthAccounts: text(encodeTruthAccounts(sim)),
      truthEvents: parts.events.join(''),
      truthCampaigns: encodeTruthCampaigns(sim),
    },
  };
}

/** Rows of a header-first CSV without quoting, as records. */
export function records(csv: string): Record<string, string>[] {
  const lines = csv.split('\n').filter((l) => l !== '');
  const header = (lines.shift() ?? '').split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    const r: Record<string, string> = {};
    header.forEach((h, i) => {
      r[h] = cells[i] ?? '';
    });
    return r;
  });
}

export interface CommRecord {
  id: string;
  ts: string;
  kind: string;
  from: string;
  to: string;
  text: string;
  links: string[];
  route: string;
  duration_s?: number;
}

export function comms(ndjson: string): CommRecord[] {
  return ndjson
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as CommRecord);
}
