// `clawback restitute`: return frozen money to the victims (restitution.md), with the CLI
// and JSON of formats.md, and a printable statement per victim.
import { Command, Option } from 'commander';
import { ClawbackError, ErrorCollector } from '../errors/index.js';
import { openSource, readTable } from '../io/index.js';
import { type Currency, currencyOf, formatMinor } from '../money/index.js';
import {
  AmountReader,
  CLAIMS_SPEC,
  type Claim,
  type ClaimsInput,
  claimsFromRows,
  FROZEN_SPEC,
  type FrozenAccount,
  frozenFromRows,
  isMethod,
  METHODS,
  type Method,
  noteText,
  proRata,
  type ReportContext,
  type Restitution,
  resolveTraced,
  restitutionCsv,
  restitutionJsonText,
  restitutionTable,
  risingTide,
  StatementNames,
  statement,
  statementHtml,
  statementText,
  tracedFirst,
  traceFromChunks,
} from '../restitute/index.js';
import { OutputDir, write } from './output.js';
import type { Io } from './run.js';

const FORMATS = ['table', 'json', 'csv'] as const;
type Format = (typeof FORMATS)[number];

interface RestituteOptions {
  claims?: string;
  pool?: string;
  trace?: string;
  frozen?: string;
  method?: string;
  format: string;
  currency?: string;
  statements?: string;
  maxErrors: string;
}

export function restituteCommand(io: Io): Command {
  return new Command('restitute')
    .description(
      'return frozen money to the victims, exactly: pro rata, rising tide or traced first',
    )
    .option('--claims <file>', 'victim,loss[,recovered] (.csv, .ndjson; .gz; - for stdin)')
    .option('--pool <amount>', 'money to distribute (pro_rata, rising_tide), e.g. 150000.00')
    .option('--trace <file>', 'a `clawback trace --format json` result (traced_first)')
    .option('--frozen <file>', 'account,amount: what is frozen in each account (traced_first)')
    .addOption(
      new Option(
        '--method <method>',
        'distribution method (default: traced_first with --trace, else pro_rata)',
      ).choices(METHODS),
    )
    .addOption(
      new Option('--format <format>', 'output on stdout').choices(FORMATS).default('table'),
    )
    .option('--currency <code>', 'ISO 4217 currency when no trace gives one (default CNY)')
    .option(
      '--statements <dir>',
      'also write one statement per victim here (<victim>.txt, <victim>.html)',
    )
    .option('--max-errors <n>', 'stop after this many input errors', '20')
    .addHelpText(
      'after',
      `
Methods (restitution.md):
  pro_rata      the pool in proportion to net loss (loss - recovered),
                never more than it
  rising_tide   everybody to the same fraction of their loss, counting what they
                already recovered
  traced_first  per frozen account, what tracing attributes to each victim;
                then the rest pro rata on net loss
With --trace, an optional --claims replaces the trace's losses (and adds
recovered).

Amounts are exact to the minor unit (largest remainder; ties: the larger net
loss, then the victim id). Notes (e.g. frozen accounts missing from the trace)
go to stderr and into the JSON.
Exit status: 0 done, 2 bad input or usage (nothing written), 1 internal failure.

Examples:
  clawback restitute --claims examples/restitution/claims.csv --pool 100000.00
  clawback trace --transfers examples/transfers.csv \\
                 --losses examples/losses.csv --accounts examples/accounts.csv \\
                 --format json > trace.json
  clawback restitute --trace trace.json \\
                     --frozen examples/restitution/frozen.csv \\
                     --claims examples/restitution/claims.csv --statements out/`,
    )
    .action(async (opts: RestituteOptions) => {
      await restitute(opts, io);
    });
}

function usage(detail: string): ClawbackError {
  return new ClawbackError('CB_E_USAGE', { detail });
}

interface Outcome {
  readonly result: Restitution;
  readonly ctx: ReportContext;
}

async function restitute(opts: RestituteOptions, io: Io): Promise<void> {
  const method: Method | undefined =
    opts.method === undefined
      ? opts.trace === undefined
        ? 'pro_rata'
        : 'traced_first'
      : isMethod(opts.method)
        ? opts.method
        : undefined;
  if (method === undefined) throw usage(`unknown method ${opts.method}`);
  const format = FORMATS.find((f) => f === opts.format);
  if (format === undefined) throw usage(`unknown format ${opts.format}`);
  const maxErrors = Number(opts.maxErrors);
  if (!Number.isInteger(maxErrors) || maxErrors < 1) {
    throw usage(`--max-errors "${opts.maxErrors}": expected a whole number above 0`);
  }
  let currency: Currency | undefined;
  if (opts.currency !== undefined) {
    currency = currencyOf(opts.currency);
    if (currency === undefined)
      throw usage(`--currency ${opts.currency}: unknown ISO 4217 currency`);
  }
  if ([opts.claims, opts.trace, opts.frozen].filter((f) => f === '-').length > 1) {
    throw usage('only one input can be - (stdin)');
  }
  const collector = new ErrorCollector(maxErrors);
  const { result, ctx } =
    method === 'traced_first'
      ? await fromTrace(opts, currency, io, collector)
      : await fromClaims(opts, method, currency, io, collector);
  if (opts.statements !== undefined) await writeStatements(opts.statements, result, ctx.currency);
  await printResult(result, ctx, format, io);
  printNotes(result, ctx.currency, io);
}

/** traced_first: the trace, the frozen amounts and (optionally) the claims, checked together. */
async function fromTrace(
  opts: RestituteOptions,
  currency: Currency | undefined,
  io: Io,
  collector: ErrorCollector,
): Promise<Outcome> {
  if (opts.pool !== undefined) {
    throw usage(
      'traced_first returns what is frozen (--frozen); --pool is for pro_rata and rising_tide',
    );
  }
  if (opts.trace === undefined || opts.frozen === undefined) {
    throw usage('traced_first needs --trace and --frozen');
  }
  const traceSource = openSource(opts.trace, io.stdin);
  const frozenSource = openSource(opts.frozen, io.stdin);
  const claimsSource = opts.claims === undefined ? undefined : openSource(opts.claims, io.stdin);
  // Streamed: a trace of a big case is more than one string can hold.
  const trace = await traceFromChunks(traceSource.chunks(), traceSource.name, collector);
  if (trace === undefined) {
    collector.throwIfAny();
    throw new ClawbackError('CB_E_INTERNAL', { detail: 'trace rejected without a reason' });
  }
  if (currency !== undefined && currency.code !== trace.currency.code) {
    const detail = `the trace is in ${trace.currency.code}, --currency says ${currency.code}`;
    const place = { file: traceSource.name, path: '$.currency', value: trace.currency.code };
    collector.add(new ClawbackError('CB_E_CURRENCY_MISMATCH', { detail }, place));
  }
  const rule = { currency: trace.currency, from: traceSource.name };
  const frozenRows = await readTable(frozenSource, FROZEN_SPEC, collector);
  const frozen = frozenFromRows(frozenRows, frozenSource.name, rule, collector);
  let input: ClaimsInput;
  if (claimsSource === undefined) {
    const claims = trace.victims.map((v) => ({ victim: v.victim, loss: v.loss, recovered: 0 }));
    const index = new Map(claims.map((c, i) => [c.victim, i]));
    input = { claims, index, lines: [], extra: [], extraColumns: [] };
  } else {
    const rows = await readTable(claimsSource, CLAIMS_SPEC, collector);
    input = claimsFromRows(rows, claimsSource.name, rule, collector);
    for (const v of trace.victims) {
      if (input.index.has(v.victim)) continue;
      const detail = `victim has no claim in ${claimsSource.name}: list every victim of the case (recovered = loss for one already compensated)`;
      const place = { file: traceSource.name, path: v.path, value: v.victim };
      collector.add(new ClawbackError('CB_E_UNKNOWN_VICTIM', { detail }, place));
    }
  }
  collector.throwIfAny();
  const accounts: FrozenAccount[] = frozen.map((f) => ({
    account: f.account,
    frozen: f.amount,
    traced: trace.accounts.get(f.account),
  }));
  let more = 0;
  for (const a of accounts) {
    more += a.frozen;
    for (const t of a.traced ?? []) more += t.amount;
  }
  checkTotal(input.claims, more, trace.currency);
  return {
    result: tracedFirst(input.claims, resolveTraced(input.claims, accounts, input.index)),
    ctx: {
      currency: trace.currency,
      traceRule: trace.rule,
      extra: input.extra,
      extraColumns: input.extraColumns,
    },
  };
}

/** pro_rata and rising_tide: the claims and the pool. */
async function fromClaims(
  opts: RestituteOptions,
  method: 'pro_rata' | 'rising_tide',
  currency: Currency | undefined,
  io: Io,
  collector: ErrorCollector,
): Promise<Outcome> {
  if (opts.trace !== undefined || opts.frozen !== undefined) {
    throw usage(`${method} takes --claims and --pool; --trace and --frozen are for traced_first`);
  }
  if (opts.claims === undefined || opts.pool === undefined) {
    throw usage(`${method} needs --claims and --pool`);
  }
  const cur = currency ?? knownDefault();
  const source = openSource(opts.claims, io.stdin);
  const pool = new AmountReader(cur, collector).read(opts.pool, '--pool', true, {});
  const rows = await readTable(source, CLAIMS_SPEC, collector);
  const from = opts.currency === undefined ? 'the default currency; see --currency' : '--currency';
  const input = claimsFromRows(rows, source.name, { currency: cur, from }, collector);
  collector.throwIfAny();
  if (pool === undefined)
    throw new ClawbackError('CB_E_INTERNAL', { detail: 'pool rejected without a reason' });
  checkTotal(input.claims, pool, cur);
  const result =
    method === 'pro_rata' ? proRata(input.claims, pool) : risingTide(input.claims, pool);
  return { result, ctx: { currency: cur, extra: input.extra, extraColumns: input.extraColumns } };
}

function knownDefault(): Currency {
  const c = currencyOf('CNY');
  if (c === undefined) throw new Error('CNY missing from the ISO 4217 table');
  return c;
}

/** Every sum the methods form must stay exact in a double (2^53 - 1 minor units). */
function checkTotal(claims: readonly Claim[], more: number, currency: Currency): void {
  let total = more;
  for (const c of claims) total += c.loss + c.recovered;
  if (total > Number.MAX_SAFE_INTEGER) {
    const max = formatMinor(Number.MAX_SAFE_INTEGER, currency.digits);
    throw new ClawbackError('CB_E_TOTAL_TOO_LARGE', { what: 'pool + losses + recovered', max });
  }
}

async function printResult(
  r: Restitution,
  ctx: ReportContext,
  format: Format,
  io: Io,
): Promise<void> {
  const lines =
    format === 'json'
      ? restitutionJsonText(r, ctx)
      : format === 'csv'
        ? restitutionCsv(r, ctx)
        : withNewlines(restitutionTable(r, ctx.currency));
  let buf = '';
  for (const s of lines) {
    buf += s;
    if (buf.length >= 1 << 16) {
      await write(io.stdout, buf);
      buf = '';
    }
  }
  if (buf !== '') await write(io.stdout, buf);
}

function* withNewlines(lines: Iterable<string>): Generator<string> {
  for (const l of lines) yield `${l}\n`;
}

const NOTES_SHOWN = 20;

function printNotes(r: Restitution, currency: Currency, io: Io): void {
  const shown = r.notes.slice(0, NOTES_SHOWN);
  for (const n of shown) io.stderr.write(`clawback: note: ${noteText(n, currency)}\n`);
  const more = r.notes.length - shown.length;
  if (more > 0)
    io.stderr.write(`clawback: note: … and ${more} more (all of them are in --format json)\n`);
}

/** One .txt and one .html per victim plus index.csv, all visible together or not at all. */
async function writeStatements(dir: string, r: Restitution, currency: Currency): Promise<void> {
  const out = new OutputDir(dir);
  out.prepare();
  try {
    const names = new StatementNames();
    let index = 'victim,amount,text,html\n';
    for (let i = 0; i < r.claims.length; i++) {
      const s = statement(r, i, currency);
      const base = names.for(s.victim);
      await writeWhole(out, `${base}.txt`, statementText(s));
      await writeWhole(out, `${base}.html`, statementHtml(s));
      index += `${csvField(s.victim)},${formatMinor(r.amounts[i]!, currency.digits)},${csvField(`${base}.txt`)},${csvField(`${base}.html`)}\n`;
    }
    await writeWhole(out, 'index.csv', index);
    await out.commit();
  } catch (e) {
    await out.abandon();
    throw e;
  }
}

/** Writes and closes one file at once, so that thousands of statements never hold thousands of descriptors. */
async function writeWhole(out: OutputDir, name: string, text: string): Promise<void> {
  const stream = out.open(name);
  await new Promise<void>((resolve, reject) => {
    stream.once('error', reject);
    stream.once('close', () => resolve());
    stream.end(text);
  });
}

const csvField = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
