// The machine-readable outputs of a trace (formats.md): the JSON document and the
// accounts / freeze / flows CSV files. Pure: results in, text out. The big outputs come
// as generators of chunks, so a case with millions of (account, victim) pairs streams
// instead of building one giant string.
import { formatMinor } from '../money/index.js';
import { formatTimestamp } from '../time/index.js';
import { csvField, csvLine } from './csvout.js';
import type {
  AmountAccount,
  AmountVictim,
  Flow,
  PoisonAccount,
  PoisonTraceResult,
  PoisonVictim,
  TraceResult,
} from './model.js';
import { VictimListText } from './victim-lists.js';

export const TRACE_FORMAT_VERSION = 1;

function head(r: TraceResult) {
  return {
    rule: r.rule,
    currency: r.currency.code,
    version: TRACE_FORMAT_VERSION,
    as_of: r.asOf === undefined ? null : formatTimestamp(r.asOf),
    transfers: r.transfers,
  };
}

function amountAccountJson(a: AmountAccount, d: number) {
  return {
    account: a.account,
    kind: a.kind,
    ...(a.institution === undefined ? {} : { institution: a.institution }),
    hop: a.hop,
    balance: formatMinor(a.balance, d),
    clean: formatMinor(a.clean, d),
    traced: Object.fromEntries(a.traced.map((t) => [t.victim, formatMinor(t.amount, d)])),
    gap: formatMinor(a.gap, d),
  };
}

function amountVictimJson(v: AmountVictim, d: number) {
  return {
    victim: v.victim,
    loss: formatMinor(v.loss, d),
    held: formatMinor(v.held, d),
    exited: Object.fromEntries([...v.exited].map(([k, x]) => [k, formatMinor(x, d)])),
    absorbed: formatMinor(v.absorbed, d),
    accounts: v.accounts,
  };
}

/** A poison account without its victims (which come last). */
function poisonAccountHead(a: PoisonAccount, d: number) {
  return {
    account: a.account,
    kind: a.kind,
    ...(a.institution === undefined ? {} : { institution: a.institution }),
    hop: a.hop,
    balance: formatMinor(a.balance, d),
  };
}

function poisonAccountJson(a: PoisonAccount, names: readonly string[], d: number) {
  return { ...poisonAccountHead(a, d), victims: Array.from(a.victims, (v) => names[v]!) };
}

/** `JSON.stringify(poisonAccountJson(a))`, with the victims joined from precomputed text. */
function poisonAccountJsonText(a: PoisonAccount, text: VictimListText, d: number): string {
  const head = JSON.stringify(poisonAccountHead(a, d));
  return `${head.slice(0, -1)},"victims":${text.jsonArray(a.victims)}}`;
}

function poisonVictimJson(v: PoisonVictim, d: number) {
  return { victim: v.victim, loss: formatMinor(v.loss, d), accounts: v.accounts, exits: v.exits };
}

/** The `--format json` document of formats.md as one value (plus `version`, `as_of`, `transfers`, `institution`, `absorbed`). */
export function traceJson(r: TraceResult): unknown {
  const d = r.currency.digits;
  if (r.rule === 'poison') {
    return {
      ...head(r),
      accounts: r.accounts.map((a) => poisonAccountJson(a, r.victimNames, d)),
      victims: r.victims.map((v) => poisonVictimJson(v, d)),
    };
  }
  return {
    ...head(r),
    accounts: r.accounts.map((a) => amountAccountJson(a, d)),
    victims: r.victims.map((v) => amountVictimJson(v, d)),
  };
}

/** The same document as text, one account or victim per line, in chunks. */
export function* traceJsonChunks(r: TraceResult): Generator<string> {
  const d = r.currency.digits;
  const h = JSON.stringify(head(r));
  yield `${h.slice(0, -1)},\n"accounts": [`;
  let first = true;
  const item = (x: unknown) => itemText(JSON.stringify(x));
  const itemText = (json: string) => {
    const s = `${first ? '\n' : ',\n'}  ${json}`;
    first = false;
    return s;
  };
  if (r.rule === 'poison') {
    const text = new VictimListText(r.victimNames);
    for (const a of r.accounts) yield itemText(poisonAccountJsonText(a, text, d));
    yield '\n],\n"victims": [';
    first = true;
    for (const v of r.victims) yield item(poisonVictimJson(v, d));
  } else {
    for (const a of r.accounts) yield item(amountAccountJson(a, d));
    yield '\n],\n"victims": [';
    first = true;
    for (const v of r.victims) yield item(amountVictimJson(v, d));
  }
  yield '\n]}\n';
}

/** `accounts.csv`: every account that ever received traced money, in chunks. */
export function* accountsCsv(r: TraceResult): Generator<string> {
  const d = r.currency.digits;
  if (r.rule === 'poison') {
    yield csvLine(['account', 'kind', 'institution', 'hop', 'balance', 'victims']);
    const text = new VictimListText(r.victimNames);
    for (const a of r.accounts) {
      const head = [
        a.account,
        a.kind,
        a.institution ?? '',
        String(a.hop),
        formatMinor(a.balance, d),
      ];
      yield `${csvLine(head).slice(0, -1)},${text.csvField(a.victims)}\n`;
    }
    return;
  }
  yield csvLine([
    'account',
    'kind',
    'institution',
    'hop',
    'balance',
    'clean',
    'traced',
    'gap',
    'victims',
  ]);
  for (const a of r.accounts) {
    yield csvLine([
      a.account,
      a.kind,
      a.institution ?? '',
      String(a.hop),
      formatMinor(a.balance, d),
      formatMinor(a.clean, d),
      formatMinor(a.tracedTotal, d),
      formatMinor(a.gap, d),
      victimsLargestFirst(a, d),
    ]);
  }
}

export interface FreezeRow {
  readonly account: string;
  readonly institution: string | undefined;
  readonly hop: number;
  readonly amount: number;
  /** The victims' money in the account, largest first (poison: no amounts, by id). */
  victims(): { victim: string; amount: number | undefined }[];
  /** The first of victims(), without listing them all. */
  firstVictim(): string | undefined;
  readonly victimCount: number;
}

/**
 * Recommended freezes: bank accounts still holding traced money, by hop, then amount
 * (largest first). Under poison the amount is the tainted account's whole balance.
 */
export function freezeRows(r: TraceResult): FreezeRow[] {
  const rows: FreezeRow[] = [];
  if (r.rule === 'poison') {
    const names = r.victimNames;
    for (const a of poisonFreezes(r)) {
      rows.push({
        account: a.account,
        institution: a.institution,
        hop: a.hop,
        amount: a.balance,
        victims: () => Array.from(a.victims, (v) => ({ victim: names[v]!, amount: undefined })),
        firstVictim: () => {
          for (const v of a.victims) return names[v];
          return undefined;
        },
        victimCount: a.victims.size,
      });
    }
  } else {
    for (const a of r.accounts) {
      if (a.kind !== 'bank' || a.tracedTotal === 0) continue;
      rows.push({
        account: a.account,
        institution: a.institution,
        hop: a.hop,
        amount: a.tracedTotal,
        victims: () => largestFirst(a),
        firstVictim: () => largestFirst(a)[0]?.victim,
        victimCount: a.traced.length,
      });
    }
  }
  return rows.sort((x, y) => freezeOrder(x, x.amount, y, y.amount));
}

/** The accounts freeze.csv lists under poison, in its order. */
function poisonFreezes(r: PoisonTraceResult): PoisonAccount[] {
  return r.accounts
    .filter((a) => a.kind === 'bank' && a.balance !== 0)
    .sort((x, y) => freezeOrder(x, x.balance, y, y.balance));
}

/** By hop, then amount (largest first), then account. */
function freezeOrder(
  x: { hop: number; account: string },
  xAmount: number,
  y: { hop: number; account: string },
  yAmount: number,
): number {
  return x.hop - y.hop || yAmount - xAmount || (x.account < y.account ? -1 : 1);
}

export function* freezeCsv(r: TraceResult): Generator<string> {
  const d = r.currency.digits;
  yield csvLine(['account', 'institution', 'hop', 'amount', 'victims']);
  if (r.rule === 'poison') {
    const text = new VictimListText(r.victimNames);
    for (const a of poisonFreezes(r)) {
      const head = [a.account, a.institution ?? '', String(a.hop), formatMinor(a.balance, d)];
      yield `${csvLine(head).slice(0, -1)},${text.csvField(a.victims)}\n`;
    }
    return;
  }
  for (const f of freezeRows(r)) {
    const victims = f
      .victims()
      .map((v) => (v.amount === undefined ? v.victim : `${v.victim}:${formatMinor(v.amount, d)}`))
      .join(';');
    yield csvLine([
      f.account,
      f.institution ?? '',
      String(f.hop),
      formatMinor(f.amount, d),
      victims,
    ]);
  }
}

export const FLOWS_HEADER = csvLine(['victim', 'hop', 'transfer_id', 'ts', 'from', 'to', 'amount']);

export function flowLine(f: Flow, digits: number): string {
  return csvLine([
    f.victim,
    String(f.hop),
    f.transfer,
    formatTimestamp(f.ts),
    f.from,
    f.to,
    f.amount === undefined ? '' : formatMinor(f.amount, digits),
  ]);
}

/** What flows.csv says about a transfer, apart from the victim, hop and amount. */
export interface FlowTransfer {
  readonly transfer: string;
  readonly ts: number;
  readonly from: string;
  readonly to: string;
}

/**
 * flowLine() for a stream of flows, formatting each victim once and each transfer once for
 * its run of flows: under poison one transfer carries thousands of victims, and formatting
 * its id, time and accounts per line was most of the cost of writing flows.csv.
 */
export class FlowLines {
  private readonly victims: string[];
  private transfer = -1;
  private middle = '';

  constructor(
    victimNames: readonly string[],
    private readonly digits: number,
    private readonly describe: (transfer: number) => FlowTransfer,
  ) {
    this.victims = victimNames.map(csvField);
  }

  line(transfer: number, victim: number, hop: number, amount: number | undefined): string {
    if (transfer !== this.transfer) {
      const t = this.describe(transfer);
      this.middle = csvLine([t.transfer, formatTimestamp(t.ts), t.from, t.to]).slice(0, -1);
      this.transfer = transfer;
    }
    const x = amount === undefined ? '' : csvField(formatMinor(amount, this.digits));
    return `${this.victims[victim]!},${hop},${this.middle},${x}\n`;
  }
}

function largestFirst(a: AmountAccount): { victim: string; amount: number }[] {
  return [...a.traced].sort((x, y) => y.amount - x.amount || (x.victim < y.victim ? -1 : 1));
}

function victimsLargestFirst(a: AmountAccount, digits: number): string {
  return largestFirst(a)
    .map((t) => `${t.victim}:${formatMinor(t.amount, digits)}`)
    .join(';');
}

/** Joins generated chunks into one string (for small results and tests). */
export function collect(chunks: Iterable<string>): string {
  let s = '';
  for (const c of chunks) s += c;
  return s;
}
