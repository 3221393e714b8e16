// The machine-readable outputs of a trace (formats.md): the JSON document and the
// accounts / freeze / flows CSV files. Pure: results in, text out. The big outputs come
// as generators of byte chunks, written field by field (victim names encoded once), so a
// case with tens of millions of (account, victim) pairs streams fast instead of building
// one giant string.

import type { TransferColumns } from '../ingest/index.js';
import { ByteOut, chunksToString, EncodedList } from '../io/index.js';
import { formatMinor } from '../money/index.js';
import { radixOrder } from '../sort/index.js';
import { formatTimestamp } from '../time/index.js';
import { csvField, csvLine } from './csvout.js';
import type {
  AmountAccount,
  AmountTraceResult,
  AmountVictim,
  Flow,
  PoisonAccount,
  PoisonVictim,
  TracedView,
  TraceResult,
  VictimIndexSet,
} from './model.js';
import type { FlowSink } from './tracer.js';

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

function amountAccountJson(r: AmountTraceResult, a: AmountAccount, d: number) {
  const traced: Record<string, string> = {};
  const { victims, amounts, start, end } = a.traced();
  for (let i = start; i < end; i++)
    traced[r.victimNames[victims[i]!]!] = formatMinor(amounts[i]!, d);
  return {
    account: a.account,
    kind: a.kind,
    ...(a.institution === undefined ? {} : { institution: a.institution }),
    hop: a.hop,
    balance: formatMinor(a.balance, d),
    clean: formatMinor(a.clean, d),
    traced,
    gap: formatMinor(a.gap, d),
  };
}

/**
 * Each victim's id as JSON text, or undefined if some id is an array index ("0", "17"):
 * JavaScript puts such keys first in an object, so only the object route orders them as
 * JSON.stringify does.
 */
function jsonNames(names: readonly string[]): EncodedList | undefined {
  const out = new Array<Buffer>(names.length);
  for (let i = 0; i < names.length; i++) {
    const n = names[i]!;
    if (/^(?:0|[1-9]\d{0,9})$/.test(n) && Number(n) < 2 ** 32 - 1) return undefined;
    out[i] = Buffer.from(JSON.stringify(n));
  }
  return new EncodedList(out);
}

const COLON = Buffer.from(':');
const COLON_QUOTE = Buffer.from(':"');
const QUOTE = Buffer.from('"');
const NOTHING = Buffer.alloc(0);

/** JSON.stringify(amountAccountJson(a)), written directly: no object per victim. */
function amountAccountText(out: ByteOut, a: AmountAccount, quoted: EncodedList, d: number): void {
  const inst = a.institution === undefined ? '' : `,"institution":${JSON.stringify(a.institution)}`;
  out.text(
    `{"account":${JSON.stringify(a.account)},"kind":"${a.kind}"${inst},"hop":${a.hop},` +
      `"balance":"${formatMinor(a.balance, d)}","clean":"${formatMinor(a.clean, d)}","traced":{`,
  );
  // "victim":"amount", comma-separated
  const view = a.traced();
  out.namedMinors(
    quoted,
    view.victims,
    view.amounts,
    undefined,
    view.start,
    view.end,
    d,
    44,
    COLON_QUOTE,
    QUOTE,
  );
  out.text(`},"gap":"${formatMinor(a.gap, d)}"}`);
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
    accounts: r.accounts.map((a) => amountAccountJson(r, a, d)),
    victims: r.victims.map((v) => amountVictimJson(v, d)),
  };
}

/** How traceJsonChunks lays the document out. */
export interface TraceJsonLayout {
  /**
   * `lines` (the CLI's): one account or victim per line. `compact`: no whitespace at all,
   * byte for byte `JSON.stringify` of the document (the service's stored form).
   */
  readonly layout?: 'lines' | 'compact';
  /** Fields written first, before `rule` (the service's `id` and `case_id`). */
  readonly prefix?: Readonly<Record<string, string>>;
  /** See Chunking. */
  readonly transient?: boolean;
}

/** How a document's chunks are handed out. */
export interface Chunking {
  /**
   * Each chunk is a view of one buffer that the next chunk overwrites: valid only until the
   * next one is asked for (a consumer must be done with it, or copy it, by then). A big
   * output then allocates nothing per chunk; see ByteOut.cut.
   */
  readonly transient?: boolean;
}

/** The same document as UTF-8 text, in chunks: never one string, whatever its size. */
export function* traceJsonChunks(
  r: TraceResult,
  { layout = 'lines', prefix = {}, transient = false }: TraceJsonLayout = {},
): Generator<Uint8Array> {
  const d = r.currency.digits;
  const out = new ByteOut(undefined, undefined, transient);
  const lines = layout === 'lines';
  const firstItem = lines ? '\n  ' : '';
  const nextItem = lines ? ',\n  ' : ',';
  const h = JSON.stringify({ ...prefix, ...head(r) });
  out.text(`${h.slice(0, -1)},${lines ? '\n"accounts": [' : '"accounts":['}`);
  let first = true;
  const open = () => {
    out.text(first ? firstItem : nextItem);
    first = false;
  };
  const item = (x: unknown) => {
    open();
    out.text(JSON.stringify(x));
  };
  const middle = lines ? '\n],\n"victims": [' : '],"victims":[';
  if (r.rule === 'poison') {
    const list = new PoisonList(
      r.victimNames,
      r.accounts.map((a) => a.victims),
    );
    for (const a of r.accounts) {
      open();
      const h = JSON.stringify(poisonAccountHead(a, d));
      out.text(`${h.slice(0, -1)},"victims":`);
      list.writeJson(out, a.victims);
      out.byte(125); // }
      if (out.full) yield out.cut();
    }
    out.text(middle);
    first = true;
    for (const v of r.victims) item(poisonVictimJson(v, d));
  } else {
    const quoted = jsonNames(r.victimNames);
    for (const a of r.accounts) {
      if (quoted === undefined) item(amountAccountJson(r, a, d));
      else {
        open();
        amountAccountText(out, a, quoted, d);
      }
      if (out.full) yield out.cut();
    }
    out.text(middle);
    first = true;
    for (const v of r.victims) {
      item(amountVictimJson(v, d));
      if (out.full) yield out.cut();
    }
  }
  out.text(lines ? '\n]}\n' : ']}');
  yield out.cut();
}

/**
 * The first fields of an accounts.csv or freeze.csv line, each followed by a comma: account,
 * kind (when given), institution, hop. As csvLine writes them, without a string per line.
 */
function csvHead(
  out: ByteOut,
  account: string,
  kind: string | undefined,
  institution: string | undefined,
  hop: number,
): void {
  out.text(csvField(account));
  out.byte(44); // ,
  if (kind !== undefined) {
    out.text(kind); // one of ACCOUNT_KINDS: nothing to quote
    out.byte(44);
  }
  if (institution !== undefined) out.text(csvField(institution));
  out.byte(44);
  out.minor(hop, 0);
  out.byte(44);
}

/** `accounts.csv`: every account that ever received traced money, in chunks. */
export function* accountsCsv(
  r: TraceResult,
  { transient = false }: Chunking = {},
): Generator<Uint8Array> {
  const d = r.currency.digits;
  const out = new ByteOut(undefined, undefined, transient);
  if (r.rule === 'poison') {
    out.text(csvLine(['account', 'kind', 'institution', 'hop', 'balance', 'victims']));
    const list = new PoisonList(
      r.victimNames,
      r.accounts.map((a) => a.victims),
    );
    for (const a of r.accounts) {
      csvHead(out, a.account, a.kind, a.institution, a.hop);
      out.minor(a.balance, d);
      out.byte(44); // ,
      list.writeCsv(out, a.victims);
      out.byte(10); // \n
      if (out.full) yield out.cut();
    }
    yield out.cut();
    return;
  }
  out.text(
    csvLine([
      'account',
      'kind',
      'institution',
      'hop',
      'balance',
      'clean',
      'traced',
      'gap',
      'victims',
    ]),
  );
  const victims = new VictimList(r);
  for (const a of r.accounts) {
    csvHead(out, a.account, a.kind, a.institution, a.hop);
    out.minor(a.balance, d);
    out.byte(44); // ,
    out.minor(a.clean, d);
    out.byte(44);
    out.minor(a.tracedTotal, d);
    out.byte(44);
    out.minor(a.gap, d);
    out.byte(44);
    victims.write(out, a);
    out.byte(10); // \n
    if (out.full) yield out.cut();
  }
  yield out.cut();
}

export interface FreezeRow {
  readonly account: string;
  readonly institution: string | undefined;
  readonly hop: number;
  readonly amount: number;
  /** The victims' money in the account, largest first (poison: no amounts). */
  victims(): { victim: string; amount: number | undefined }[];
  /** The first of victims(), without making them all. */
  firstVictim(): string | undefined;
  readonly victimCount: number;
  /** The account, for writing its victims (AmountAccount under the amount rules). */
  readonly source: AmountAccount | PoisonAccount;
}

/**
 * Recommended freezes: bank accounts still holding traced money, by hop, then amount
 * (largest first). Under poison the amount is the tainted account's whole balance.
 */
export function freezeRows(r: TraceResult): FreezeRow[] {
  const rows: FreezeRow[] = [];
  if (r.rule === 'poison') {
    for (const a of r.accounts) {
      if (a.kind !== 'bank' || a.balance === 0) continue;
      rows.push({
        account: a.account,
        institution: a.institution,
        hop: a.hop,
        amount: a.balance,
        victims: () =>
          Array.from(a.victims, (v) => ({ victim: r.victimNames[v]!, amount: undefined })),
        firstVictim: () => {
          for (const v of a.victims) return r.victimNames[v];
          return undefined;
        },
        victimCount: a.victims.size,
        source: a,
      });
    }
  } else {
    const order = new LargestFirst();
    for (const a of r.accounts) {
      if (a.kind !== 'bank' || a.tracedTotal === 0) continue;
      rows.push({
        account: a.account,
        institution: a.institution,
        hop: a.hop,
        amount: a.tracedTotal,
        victims: () => {
          const view = a.traced();
          return Array.from(order.of(view), (i) => ({
            victim: r.victimNames[view.victims[i]!]!,
            amount: view.amounts[i]!,
          }));
        },
        firstVictim: () => {
          const view = a.traced();
          const first = order.of(view)[0];
          return first === undefined ? undefined : r.victimNames[view.victims[first]!];
        },
        victimCount: a.tracedCount,
        source: a,
      });
    }
  }
  return rows.sort(
    (x, y) => x.hop - y.hop || y.amount - x.amount || (x.account < y.account ? -1 : 1),
  );
}

export function* freezeCsv(
  r: TraceResult,
  { transient = false }: Chunking = {},
): Generator<Uint8Array> {
  const d = r.currency.digits;
  const out = new ByteOut(undefined, undefined, transient);
  out.text(csvLine(['account', 'institution', 'hop', 'amount', 'victims']));
  const rows = freezeRows(r);
  const list = r.rule === 'poison' ? undefined : new VictimList(r);
  const poison =
    r.rule === 'poison'
      ? new PoisonList(
          r.victimNames,
          rows.map((f) => (f.source as PoisonAccount).victims),
        )
      : undefined;
  for (const f of rows) {
    csvHead(out, f.account, undefined, f.institution, f.hop);
    out.minor(f.amount, d);
    out.byte(44); // ,
    if (list !== undefined) list.write(out, f.source as AmountAccount);
    else poison?.writeCsv(out, (f.source as PoisonAccount).victims);
    out.byte(10); // \n
    if (out.full) yield out.cut();
  }
  yield out.cut();
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

/**
 * `flows.csv` as the tracer produces it (a FlowSink): the same lines as flowLine, written as
 * bytes. A transfer carrying many victims gives one line per victim with the same
 * `hop,transfer_id,ts,from,to` part, which is formatted once per transfer.
 */
export class FlowsCsv implements FlowSink {
  /** Chunks are views of one buffer (see `emit`). */
  private readonly out = new ByteOut(undefined, undefined, true);
  private readonly names: Buffer[];
  private last = -1;
  private lastHop = -1;
  private middle: Buffer = Buffer.alloc(0);

  constructor(
    private readonly transfers: TransferColumns,
    victimNames: readonly string[],
    /** Receives each chunk; it must be done with it (or copy it) before returning. */
    private readonly emit: (chunk: Uint8Array) => void,
  ) {
    this.names = victimNames.map((n) => Buffer.from(csvField(n)));
    this.out.text(FLOWS_HEADER);
  }

  flow(transfer: number, victim: number, hop: number, amount: number | undefined): void {
    const out = this.out;
    if (transfer !== this.last || hop !== this.lastHop) {
      const t = this.transfers;
      this.middle = Buffer.from(
        `,${hop},${csvLine([
          t.ids.string(transfer),
          formatTimestamp(t.ts[transfer]!),
          t.accounts.string(t.from[transfer]!),
          t.accounts.string(t.to[transfer]!),
        ]).slice(0, -1)},`,
      );
      this.last = transfer;
      this.lastHop = hop;
      if (out.full) this.emit(out.cut());
    }
    out.bytes(this.names[victim]!);
    out.bytes(this.middle);
    if (amount !== undefined) out.minor(amount, this.transfers.currency.digits);
    out.byte(10); // \n
  }

  /** Emits what is left. */
  end(): void {
    this.emit(this.out.cut());
  }
}

/**
 * Orders an account's victims largest amount first, ties by victim id (= index order), as
 * positions into the result's traced columns. Few victims: by insertion. More: an LSD radix
 * sort, a byte per pass, of max - amount (stable, so ties stay in position order), where
 * the amounts are less than 2^32 apart; a native sort of packed keys otherwise. Under the
 * splitting rules an account holds hundreds to thousands of victims, and a native sort of
 * them (~40-80 ns per entry) was most of the time spent writing accounts.csv. Reuses buffers.
 */
/** Up to this many victims an account's are ordered by insertion. */
const SMALL_SORT = 12;

export class LargestFirst {
  private keys = new Float64Array(64);
  private positions = new Uint32Array(64);
  private scratch = new Uint32Array(64);
  private gaps = new Uint32Array(64);
  private readonly counts = new Uint32Array(256);

  /** Positions in [view.start, view.end), largest amount first (ties: lower position). */
  of(view: TracedView): Uint32Array {
    const amounts = view.amounts;
    const start = view.start;
    const n = view.end - start;
    if (this.positions.length < n) {
      this.keys = new Float64Array(n * 2);
      this.positions = new Uint32Array(n * 2);
      this.scratch = new Uint32Array(n * 2);
      this.gaps = new Uint32Array(n * 2);
    }
    const pos = this.positions.subarray(0, n);
    if (n <= SMALL_SORT) {
      // By insertion, in position order: ties keep the lower position first.
      for (let i = 0; i < n; i++) {
        const x = amounts[start + i]!;
        let j = i;
        for (; j > 0 && amounts[pos[j - 1]!]! < x; j--) pos[j] = pos[j - 1]!;
        pos[j] = start + i;
      }
      return pos;
    }
    let max = -Infinity;
    let min = Infinity;
    for (let i = 0; i < n; i++) {
      const x = amounts[start + i]!;
      if (x > max) max = x;
      if (x < min) min = x;
    }
    if (max - min < 2 ** 32) {
      // By radix on max - amount: stable, so ties stay in position order.
      const gaps = this.gaps;
      for (let i = 0; i < n; i++) {
        gaps[i] = max - amounts[start + i]!;
        pos[i] = i;
      }
      const sorted = radixOrder(gaps, pos, this.scratch, n, max - min, 8, this.counts);
      for (let i = 0; i < n; i++) sorted[i] = start + sorted[i]!;
      return sorted.subarray(0, n);
    }
    const scale = 2 ** Math.ceil(Math.log2(n + 1));
    if ((max - min + 1) * scale <= Number.MAX_SAFE_INTEGER) {
      // key = (max - amount) * scale + i: ascending keys are largest amount first, then
      // the lowest position.
      const keys = this.keys.subarray(0, n);
      for (let i = 0; i < n; i++) keys[i] = (max - amounts[start + i]!) * scale + i;
      keys.sort();
      // key mod scale, exactly (scale is a power of two; `%` on doubles is a C call).
      for (let i = 0; i < n; i++) {
        const k = keys[i]!;
        pos[i] = start + (k - Math.floor(k / scale) * scale);
      }
      return pos;
    }
    for (let i = 0; i < n; i++) pos[i] = start + i;
    return pos.sort((x, y) => amounts[y]! - amounts[x]! || x - y);
  }
}

/**
 * Writes the `victims` field of accounts.csv and freeze.csv: `id:amount;...`, largest
 * first, quoted as one CSV field where an id needs it. Ids are encoded once.
 */
class VictimList {
  private readonly order = new LargestFirst();
  private readonly names: EncodedList;
  /** Per victim: the id needs CSV quoting. */
  private readonly quote: Uint8Array;

  constructor(private readonly r: AmountTraceResult) {
    this.names = new EncodedList(r.victimNames.map((n) => Buffer.from(n)));
    this.quote = Uint8Array.from(r.victimNames, (n) => (csvField(n) === n ? 0 : 1));
  }

  write(out: ByteOut, a: AmountAccount): void {
    const r = this.r;
    const d = r.currency.digits;
    const view = a.traced();
    const { victims, amounts } = view;
    const order = this.order.of(view);
    for (const i of order) {
      if (this.quote[victims[i]!] === 1) {
        // Rare: an id with a comma, quote or line break; quote the whole field as text.
        const s = Array.from(
          order,
          (j) => `${r.victimNames[victims[j]!]!}:${formatMinor(amounts[j]!, d)}`,
        ).join(';');
        out.text(csvField(s));
        return;
      }
    }
    // victim:amount, semicolon-separated
    out.namedMinors(this.names, victims, amounts, order, 0, order.length, d, 59, COLON, NOTHING);
  }
}

/** Bytes of repeated victim lists kept by one PoisonList at most. */
const SHARED_LIST_BYTES = 256 << 20;

/**
 * Writes a poison account's victims: the `victims` field of accounts.csv and freeze.csv
 * (ids joined by `;`, quoted as one CSV field where an id needs it) and the JSON array.
 * Each id is encoded once per output.
 *
 * Accounts share victim sets (see poison.ts), and a set written for several accounts is
 * encoded once: its bytes are kept from its first account to its last. Which sets are kept
 * is decided before writing, within a budget: those written most often first. On 10M
 * transfers with 10k victims the output is ~57 GB of ids, ~1M lines from ~27k sets, and the
 * kept 256 MB spare ~90% of the encoding.
 */
class PoisonList {
  private readonly plain: EncodedList;
  /** Each id as inside a quoted CSV field (`"` doubled). */
  private readonly quoted: EncodedList;
  private readonly json: EncodedList;
  /** Per victim: the id needs CSV quoting. */
  private readonly needsQuote: Uint8Array;
  private members: Int32Array;
  /** Writes still to come of each set that is kept, and its bytes once written. */
  private readonly left = new Map<VictimIndexSet, number>();
  private readonly kept = new Map<VictimIndexSet, Uint8Array>();

  /** `sets`: the sets this list will write, in order (counted to know which repeat). */
  constructor(names: readonly string[], sets: Iterable<VictimIndexSet>) {
    this.plain = new EncodedList(names.map((n) => Buffer.from(n)));
    this.quoted = new EncodedList(names.map((n) => Buffer.from(n.replace(/"/g, '""'))));
    this.json = new EncodedList(names.map((n) => Buffer.from(JSON.stringify(n))));
    this.needsQuote = Uint8Array.from(names, (n) => (csvField(n) === n ? 0 : 1));
    this.members = new Int32Array(names.length);
    const uses = new Map<VictimIndexSet, number>();
    for (const set of sets) uses.set(set, (uses.get(set) ?? 0) + 1);
    const perMember = names.length === 0 ? 0 : this.json.bytes.length / names.length + 1;
    const repeated = [...uses].filter(([, n]) => n > 1).sort((x, y) => y[1] - x[1]);
    let budget = SHARED_LIST_BYTES;
    for (const [set, n] of repeated) {
      const bytes = set.size * perMember;
      if (bytes > budget) continue;
      budget -= bytes;
      this.left.set(set, n);
    }
  }

  writeCsv(out: ByteOut, set: VictimIndexSet): void {
    this.write(out, set, false);
  }

  writeJson(out: ByteOut, set: VictimIndexSet): void {
    this.write(out, set, true);
  }

  private write(out: ByteOut, set: VictimIndexSet, json: boolean): void {
    const n = this.left.get(set);
    if (n === undefined) {
      this.encode(out, set, json);
      return;
    }
    if (n === 1) this.left.delete(set);
    else this.left.set(set, n - 1);
    const kept = this.kept.get(set);
    if (kept !== undefined) {
      out.bytes(kept);
      if (n === 1) this.kept.delete(set);
      return;
    }
    const start = out.pos;
    this.encode(out, set, json);
    if (n > 1) this.kept.set(set, out.copyFrom(start));
  }

  private encode(out: ByteOut, set: VictimIndexSet, json: boolean): void {
    if (json) this.encodeJson(out, set);
    else this.encodeCsv(out, set);
  }

  private fill(set: VictimIndexSet): number {
    if (this.members.length < set.size) this.members = new Int32Array(set.size);
    return set.fill(this.members);
  }

  private encodeCsv(out: ByteOut, set: VictimIndexSet): void {
    const n = this.fill(set);
    const m = this.members;
    let quote = 0;
    for (let i = 0; i < n; i++) quote |= this.needsQuote[m[i]!]!;
    const names = quote === 0 ? this.plain : this.quoted;
    if (quote !== 0) out.byte(34); // "
    out.joined(names, m, n, 59); // ;
    if (quote !== 0) out.byte(34);
  }

  private encodeJson(out: ByteOut, set: VictimIndexSet): void {
    const n = this.fill(set);
    const m = this.members;
    out.byte(91); // [
    out.joined(this.json, m, n, 44); // ,
    out.byte(93); // ]
  }
}

/** Joins generated chunks into one string (small results and tests). */
export function collect(chunks: Iterable<Uint8Array>): string {
  return chunksToString(chunks);
}
