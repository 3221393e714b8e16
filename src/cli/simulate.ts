// `clawback simulate`: writes a deterministic scenario (people, accounts, transfers, calls and
// messages, losses) with its truth, streaming day by day; files appear together at the end.
import { readdirSync, statSync } from 'node:fs';
import { Command } from 'commander';
import { ClawbackError } from '../errors/index.js';
import {
  Chunker,
  encodeAccounts,
  encodeComms,
  encodeLosses,
  encodePeople,
  encodeTransfers,
  encodeTruthAccounts,
  encodeTruthCampaigns,
  encodeTruthEvents,
  HEADERS,
  OPTION_SPECS,
  parseOptions,
  type SimulateOptions,
  Simulation,
} from '../simulate/index.js';
import { OutputDir } from './output.js';
import { type Progress, progressFor } from './progress.js';
import type { Io } from './run.js';

export const SIMULATE_FILES = [
  'people.csv',
  'accounts.csv',
  'transfers.csv',
  'comms.ndjson',
  'losses.csv',
  'truth_accounts.csv',
  'truth_events.csv',
  'truth_campaigns.csv',
] as const;
export type SimulateFile = (typeof SIMULATE_FILES)[number];

export interface SimulateReport {
  readonly options: SimulateOptions;
  /** Data rows written per file (headers not counted). */
  readonly rows: Readonly<Record<SimulateFile, number>>;
  readonly campaigns: number;
  readonly victims: number;
}

const camel = (flag: string) => flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

export function simulateCommand(io: Io): Command {
  const cmd = new Command('simulate')
    .description(
      'write a realistic scenario: people, accounts, payments, calls and texts, fraud campaigns and mule networks, with the truth',
    )
    .requiredOption('--out <dir>', 'output directory (created if missing)');
  const placeholder = { int: 'n', seed: 'n', number: 'x', date: 'date', money: 'cny' } as const;
  for (const spec of OPTION_SPECS) {
    cmd.option(
      `--${spec.flag} <${placeholder[spec.kind]}>`,
      `${spec.help} (default ${spec.default})`,
    );
  }
  return cmd
    .option('--force', 'write into a non-empty output directory, replacing the files')
    .addHelpText(
      'after',
      `
Writes people.csv, accounts.csv, transfers.csv, comms.ndjson, losses.csv and the truth:
truth_accounts.csv, truth_events.csv, truth_campaigns.csv. The same options give
byte-identical files. Options, defaults and what the data models: docs/simulate.md.
Exit status: 0 done, 2 bad options or a non-empty --out without --force, 1 internal failure.

Example:
  clawback simulate --seed 7 --people 100000 --days 30 --out sim`,
    )
    .action(async (opts: Record<string, string | boolean | undefined>) => {
      const raw: Record<string, string | undefined> = {};
      for (const spec of OPTION_SPECS) {
        const v = opts[camel(spec.flag)];
        if (typeof v === 'string') raw[spec.key] = v;
      }
      const options = parseOptions(raw);
      const out = String(opts['out']);
      const report = await runSimulation(
        options,
        out,
        opts['force'] === true,
        progressFor(io.stderr),
      );
      io.stdout.write(summary(report, out));
    });
}

function checkTarget(dir: string, force: boolean): void {
  let entries: string[];
  try {
    if (!statSync(dir).isDirectory())
      throw new ClawbackError('CB_E_OUTPUT', { file: dir, detail: 'not a directory' });
    entries = readdirSync(dir);
  } catch (e) {
    if (e instanceof ClawbackError) throw e;
    return; // missing: OutputDir creates it
  }
  if (entries.length > 0 && !force) throw new ClawbackError('CB_E_OUTPUT_EXISTS', { file: dir });
}

async function put(
  stream: NodeJS.WritableStream,
  chunks: Iterable<Buffer | string>,
): Promise<void> {
  for (const c of chunks) {
    if (c.length === 0) continue;
    if (!stream.write(c)) await new Promise<void>((r) => stream.once('drain', () => r()));
  }
}

/** Runs a simulation into `dir` (all files appear together at the end). */
export async function runSimulation(
  options: SimulateOptions,
  dir: string,
  force: boolean,
  progress?: Progress,
): Promise<SimulateReport> {
  checkTarget(dir, force);
  const out = new OutputDir(dir);
  out.prepare();
  try {
    const sim = new Simulation(options);
    const open = (name: SimulateFile) => out.open(name);
    await put(open('people.csv'), encodePeople(sim));
    const transfers = open('transfers.csv');
    const comms = open('comms.ndjson');
    const losses = open('losses.csv');
    const events = open('truth_events.csv');
    await put(transfers, [HEADERS.transfers]);
    await put(losses, [HEADERS.losses]);
    await put(events, [HEADERS.truthEvents]);
    progress?.start('simulating', options.days);
    // one buffer per file, reused from day to day
    const bufs = [new Chunker(), new Chunker(), new Chunker(), new Chunker()] as const;
    for (const day of sim.days()) {
      await put(transfers, encodeTransfers(sim, day, bufs[0]));
      await put(comms, encodeComms(day, bufs[1]));
      await put(losses, encodeLosses(sim, day, bufs[2]));
      await put(events, encodeTruthEvents(sim, day, bufs[3]));
      progress?.update(day.day.index + 1);
    }
    progress?.stop();
    let written = 0;
    for (let j = 0; j < sim.world.accounts.count; j++) if (sim.written(j)) written++;
    await put(open('accounts.csv'), encodeAccounts(sim));
    await put(open('truth_accounts.csv'), encodeTruthAccounts(sim));
    await put(open('truth_campaigns.csv'), [encodeTruthCampaigns(sim)]);
    await out.commit();
    const campaigns = sim.fraud.campaigns;
    return {
      options,
      rows: {
        'people.csv': sim.world.people.count,
        'accounts.csv': written,
        'transfers.csv': sim.transfers,
        'comms.ndjson': sim.comms,
        'losses.csv': sim.losses,
        'truth_accounts.csv': written,
        'truth_events.csv': sim.transfers + sim.comms,
        'truth_campaigns.csv': campaigns.length,
      },
      campaigns: campaigns.length,
      victims: campaigns.reduce((s, c) => s + c.stats.victims, 0),
    };
  } catch (e) {
    progress?.stop();
    await out.abandon();
    throw e;
  }
}

const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

function summary(r: SimulateReport, dir: string): string {
  const o = r.options;
  const lines = [
    `simulated ${o.people.toLocaleString('en-US')} people over ${plural(o.days, 'day')} from ${o.startDate} (seed ${o.seed}): ${plural(r.campaigns, 'fraud campaign')}, ${plural(r.victims, 'victim')}`,
    ...SIMULATE_FILES.map(
      (f) => `  ${`${dir}/${f}`.padEnd(40)} ${String(r.rows[f]).padStart(12)} rows`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}
