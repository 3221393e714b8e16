// `clawback trace`: where each victim's money is now, by the tracing rules of tracing.md.
import { Command, Option } from 'commander';
import { ClawbackError, ErrorCollector } from '../errors/index.js';
import { loadTransfers, type TransfersFormat } from '../ingest/index.js';
import { openSource } from '../io/index.js';
import { currencyOf } from '../money/index.js';
import { parseTimestamp } from '../time/index.js';
import {
  accountsCsv,
  DEFAULT_RULE,
  FlowsCsv,
  factsFromTransfers,
  freezeCsv,
  isRule,
  type PreparedTrace,
  RULES,
  readAccounts,
  readLosses,
  runTrace,
  traceJsonChunks,
  traceTable,
} from '../trace/index.js';
import { OutputDir, type SyncWriter, write, writeAndRelease } from './output.js';
import { progressFor } from './progress.js';
import type { Io } from './run.js';

const FORMATS = ['table', 'json', 'csv'] as const;

interface TraceOptions {
  transfers: string;
  losses: string;
  accounts?: string;
  rule: string;
  asOf?: string;
  format: string;
  out?: string;
  currency?: string;
  transfersFormat?: string;
  maxErrors: string;
  rows: string;
}

export function traceCommand(io: Io): Command {
  return new Command('trace')
    .description("trace victims' money hop by hop through the accounts it went to")
    .requiredOption(
      '--transfers <file>',
      'transfers (.csv, .ndjson, .pacs008.ndjson; .gz; - for stdin)',
    )
    .requiredOption(
      '--losses <file>',
      "which transfers were which victim's loss (transfer_id, victim)",
    )
    .option('--accounts <file>', 'account facts: opening_balance, kind, institution')
    .addOption(new Option('--rule <rule>', 'tracing rule').choices(RULES).default(DEFAULT_RULE))
    .option('--as-of <timestamp>', 'ignore transfers after this time (ISO 8601 with offset)')
    .addOption(
      new Option(
        '--format <format>',
        'stdout: table (for people), json (formats.md), csv (accounts.csv)',
      )
        .choices(FORMATS)
        .default('table'),
    )
    .option('--out <dir>', 'also write accounts.csv, flows.csv and freeze.csv here')
    .option('--currency <code>', 'currency of rows without one', 'CNY')
    .addOption(
      new Option('--transfers-format <format>', 'override the format of --transfers').choices([
        'csv',
        'ndjson',
        'pacs008',
      ]),
    )
    .option('--max-errors <n>', 'stop after this many input errors', '20')
    .option('--rows <n>', 'rows per table section (0 = all)', '40')
    .addHelpText(
      'after',
      `
Rules (tracing.md): fifo, lifo, pro_rata, clean_first (default), dirty_first, poison.
Exit status: 0 done, 2 bad input or usage (nothing written), 1 internal failure.

Example:
  clawback trace --transfers examples/transfers.csv --losses examples/losses.csv \\
                 --accounts examples/accounts.csv --out case-out`,
    )
    .action(async (opts: TraceOptions) => {
      await trace(opts, io);
    });
}

function usage(detail: string): ClawbackError {
  return new ClawbackError('CB_E_USAGE', { detail });
}

async function trace(opts: TraceOptions, io: Io): Promise<void> {
  const rule = opts.rule;
  if (!isRule(rule)) throw usage(`unknown rule ${rule}`);
  const format = FORMATS.find((f) => f === opts.format);
  if (format === undefined) throw usage(`unknown format ${opts.format}`);
  const defaultCurrency = currencyOf(opts.currency ?? 'CNY');
  if (defaultCurrency === undefined)
    throw usage(`--currency ${opts.currency}: unknown ISO 4217 currency`);
  const maxErrors = positiveInt(opts.maxErrors, '--max-errors');
  const rows = positiveInt(opts.rows, '--rows', true);
  let asOf: number | undefined;
  if (opts.asOf !== undefined) {
    const t = parseTimestamp(opts.asOf);
    if (!t.ok) throw usage(`--as-of "${opts.asOf}": ${t.problem}`);
    asOf = t.ms;
  }
  const stdinUsers = [opts.transfers, opts.losses, opts.accounts].filter((f) => f === '-');
  if (stdinUsers.length > 1) throw usage('only one input can be - (stdin)');
  const tf = opts.transfersFormat;
  const transfersFormat: TransfersFormat | undefined =
    tf === 'csv' || tf === 'ndjson' || tf === 'pacs008' ? tf : undefined;

  const sources = {
    transfers: openSource(opts.transfers, io.stdin),
    losses: openSource(opts.losses, io.stdin),
    accounts: opts.accounts === undefined ? undefined : openSource(opts.accounts, io.stdin),
  };
  const out = opts.out === undefined ? undefined : new OutputDir(opts.out);
  out?.prepare();

  const progress = progressFor(io.stderr);
  const load = async (): Promise<PreparedTrace> => {
    const collector = new ErrorCollector(maxErrors);
    progress.start('reading', sources.transfers.size ?? 0);
    const transfers = await loadTransfers({
      source: sources.transfers,
      collector,
      defaultCurrency,
      format: transfersFormat,
      onProgress: (b) => progress.update(b),
    });
    progress.stop();
    collector.throwIfAny();
    const { victimOf, victims } = await readLosses(
      sources.losses,
      transfers,
      sources.transfers.name,
      collector,
    );
    const { facts, opening } =
      sources.accounts === undefined
        ? { facts: new Map(), opening: undefined }
        : await readAccounts(sources.accounts, transfers, collector);
    collector.throwIfAny();
    factsFromTransfers(transfers, facts);
    // Every account is known now: the trace and its outputs only name them (10M transfers
    // over 1M accounts: ~70 MB less at the peak).
    transfers.accounts.compact();
    // Transfer ids are written only in flows.csv.
    if (out === undefined) transfers.ids.release();
    return { transfers, victimOf, victims, facts, opening };
  };
  let prepared: PreparedTrace;
  try {
    prepared = await load();
  } catch (e) {
    // Bad input: nothing is written, and an output directory made for this run goes too.
    progress.stop();
    await out?.abandon();
    throw e;
  }
  const { transfers, victims } = prepared;

  let flows: FlowsCsv | undefined;
  try {
    if (out !== undefined) {
      const w = out.writer('flows.csv');
      flows = new FlowsCsv(transfers, victims, (chunk) => w.writeNow(chunk));
    }
    progress.start('tracing', transfers.count);
    const result = runTrace(prepared, rule, {
      asOf,
      onProgress: (done) => progress.update(done),
      flows,
    });
    flows?.end();
    progress.stop();
    if (out !== undefined) {
      writeChunks(out.writer('accounts.csv'), accountsCsv(result, { transient: true }));
      writeChunks(out.writer('freeze.csv'), freezeCsv(result, { transient: true }));
      await out.commit();
    }
    // Chunks are views of one buffer where stdout is done with each when its write calls
    // back: a poison trace's accounts.csv of 5.4 GB then makes no garbage per chunk.
    const transient = io.stdoutReleasesChunks === true;
    if (format === 'table') await write(io.stdout, traceTable(result, rows));
    else {
      const chunks =
        format === 'json'
          ? traceJsonChunks(result, { transient })
          : accountsCsv(result, { transient });
      for (const c of chunks) {
        if (c.length === 0) continue;
        await (transient ? writeAndRelease(io.stdout, c) : write(io.stdout, c));
      }
    }
  } catch (e) {
    progress.stop();
    await out?.abandon();
    throw e;
  }
}

/** Writes each (transient) chunk before the next is made. */
function writeChunks(w: SyncWriter, chunks: Iterable<Uint8Array>): void {
  for (const c of chunks) w.writeNow(c);
}

function positiveInt(text: string, flag: string, allowZero = false): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < (allowZero ? 0 : 1))
    throw usage(`${flag} "${text}": expected a whole number${allowZero ? '' : ' above 0'}`);
  return n;
}
