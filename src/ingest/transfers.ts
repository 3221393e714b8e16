// Loads a transfers file (CSV, NDJSON or pacs.008 NDJSON) into columns of typed arrays,
// validating every field at the boundary: ids interned, times as epoch ms, amounts as
// integer minor units. All problems go to the collector with file:line, column and value.
import { ClawbackError, type ErrorCode, type ErrorCollector } from '../errors/index.js';
import {
  type DocumentMapping,
  type InputSource,
  type RecordFormat,
  type RecordSink,
  readRecords,
} from '../io/index.js';
import {
  type AmountResult,
  type Currency,
  currencyOf,
  describeAmountProblem,
  parseAmountBytes,
} from '../money/index.js';
import { parseTimestampBytes, type TimestampResult } from '../time/index.js';
import { CsvFastRows, LITTLE_ENDIAN, Role } from './csvfast.js';
import { IdColumn } from './ids.js';
import { Interner } from './interner.js';
import { pacs008ToTransfers } from './pacs008.js';
import { type LineNumbers, TransferRows } from './rows.js';

/** Validated transfers in input order. Account and transfer ids are interned. */
export interface TransferColumns {
  readonly count: number;
  readonly ts: Float64Array;
  readonly from: Int32Array;
  readonly to: Int32Array;
  readonly amount: Float64Array;
  /** Line each transfer came from (for later messages): `lines.at(transfer)`. */
  readonly lines: LineNumbers;
  readonly ids: IdColumn;
  readonly accounts: Interner;
  readonly currency: Currency;
  /** True when input order is already (time, input order). */
  readonly sorted: boolean;
  /** Institutions learnt from the transfers themselves (pacs.008 agents), by account index. */
  readonly institutions: ReadonlyMap<number, string>;
}

export type TransfersFormat = RecordFormat | 'pacs008';

export interface LoadTransfersOptions {
  readonly source: InputSource;
  readonly collector: ErrorCollector;
  /** Currency of rows without one (`--currency`, else CNY). */
  readonly defaultCurrency: Currency;
  /** Account ids already known (e.g. from an accounts file), shared so indices agree. */
  readonly accounts?: Interner | undefined;
  readonly format?: TransfersFormat | undefined;
  readonly onProgress?: ((bytes: number) => void) | undefined;
}

const NDJSON_COLUMNS = [
  'id',
  'ts',
  'from',
  'to',
  'amount',
  'currency',
  'channel',
  'device',
  'fromInstitution',
  'toInstitution',
];

export function isPacs008Name(name: string): boolean {
  return /\.pacs008\.(nd)?jsonl?(\.gz)?$/i.test(name) || /\.pacs008\.json(\.gz)?$/i.test(name);
}

export async function loadTransfers(opts: LoadTransfersOptions): Promise<TransferColumns> {
  const { source } = opts;
  const pacs =
    opts.format === 'pacs008' || (opts.format === undefined && isPacs008Name(source.name));
  const builder = new TransferBuilder(opts);
  const format: RecordFormat | undefined =
    opts.format === 'pacs008' || pacs ? 'ndjson' : opts.format;
  await readRecords(
    source,
    {
      columns: NDJSON_COLUMNS,
      collector: opts.collector,
      format,
      mapDocument: pacs ? mapPacs008 : undefined,
      onProgress: opts.onProgress,
    },
    builder,
  );
  return builder.finish();
}

interface Columns {
  id: number;
  ts: number;
  from: number;
  to: number;
  amount: number;
  currency: number;
  fromInst: number;
  toInst: number;
}

/** Validates rows and appends them to growing typed arrays. Kept free of per-row allocation. */
class TransferBuilder implements RecordSink {
  private readonly file: string;
  private readonly collector: ErrorCollector;
  private readonly ids: IdColumn;
  private readonly accounts: Interner;
  private readonly institutions = new Map<number, string>();
  private readonly rows: TransferRows;
  private names: readonly string[] = [];
  /** The CSV fast path, set up once the trace's currency is known; null when it cannot apply. */
  private fast: CsvFastRows | null | undefined;
  private readonly defaultCurrency: Currency;
  private currency: Currency | undefined;
  /** Bytes of the code of the last currency seen, to skip lookups on repeated codes. */
  private lastCode = Buffer.alloc(3);
  private lastCodeCurrency: Currency | undefined;
  private currencyWhere = '';
  private readonly tsOut: TimestampResult = { problem: undefined };
  private readonly amountOut: AmountResult = { problem: undefined };
  private col: Columns = {
    id: -1,
    ts: -1,
    from: -1,
    to: -1,
    amount: -1,
    currency: -1,
    fromInst: -1,
    toInst: -1,
  };

  constructor(opts: LoadTransfersOptions) {
    this.file = opts.source.name;
    this.collector = opts.collector;
    this.defaultCurrency = opts.defaultCurrency;
    const expected =
      opts.source.size === undefined
        ? 1 << 16
        : Math.max(1 << 10, Math.ceil(opts.source.size / 64));
    this.ids = new IdColumn(expected);
    // About one account per 10 transfers (≈100 bytes each) saves rehashing a growing table.
    this.accounts =
      opts.accounts ??
      new Interner(
        opts.source.size === undefined
          ? 1 << 14
          : Math.max(1 << 14, Math.ceil(opts.source.size / 1000)),
      );
    this.rows = new TransferRows(expected);
  }

  header(names: readonly string[]): boolean {
    this.names = names;
    const at = (name: string) => names.indexOf(name);
    this.col = {
      id: at('id'),
      ts: at('ts'),
      from: at('from'),
      to: at('to'),
      amount: at('amount'),
      currency: at('currency'),
      fromInst: at('fromInstitution'),
      toInst: at('toInstitution'),
    };
    let ok = true;
    for (const name of ['id', 'ts', 'from', 'to', 'amount'] as const) {
      if (this.col[name] < 0) {
        this.collector.add(
          new ClawbackError('CB_E_MISSING_COLUMN', { column: name }, { file: this.file, line: 1 }),
        );
        ok = false;
      }
    }
    return ok;
  }

  row(buf: Buffer, starts: Int32Array, ends: Int32Array, _count: number, line: number): void {
    const col = this.col;
    const idS = starts[col.id]!;
    const idE = ends[col.id]!;
    const fS = starts[col.from]!;
    const fE = ends[col.from]!;
    const tS = starts[col.to]!;
    const tE = ends[col.to]!;
    const t = parseTimestampBytes(
      buf,
      Math.max(starts[col.ts]!, 0),
      Math.max(ends[col.ts]!, 0),
      this.tsOut,
    );
    const cur =
      col.currency < 0
        ? this.defaultCurrency
        : this.currencyOf(buf, starts[col.currency]!, ends[col.currency]!);
    const aS = Math.max(starts[col.amount]!, 0);
    const a =
      cur === undefined
        ? Number.NaN
        : parseAmountBytes(buf, aS, Math.max(ends[col.amount]!, aS), cur.digits, this.amountOut);
    let ok =
      idS >= 0 &&
      idE > idS &&
      fS >= 0 &&
      fE > fS &&
      tS >= 0 &&
      tE > tS &&
      this.tsOut.problem === undefined &&
      cur !== undefined;
    if (ok && cur !== undefined)
      ok = this.amountOut.problem === undefined && this.sameCurrency(cur, line);
    if (!ok) this.reportRow(buf, starts, ends, line, cur);
    // A row with an id takes an index even when other fields failed (ids and rows stay
    // aligned, and duplicates are still found); the load is rejected as a whole anyway.
    if (idS < 0 || idE <= idS) return;
    this.ids.push(buf, idS, idE);
    let fi = -1;
    let ti = -1;
    if (ok) {
      fi = this.accounts.intern(buf, fS, fE);
      ti = this.accounts.intern(buf, tS, tE);
      if (fi === ti) this.fail('CB_E_SELF_TRANSFER', line, 'to', buf.toString('utf8', tS, tE));
    }
    this.rows.append(t, fi, ti, a, line);
    if (ok && (col.fromInst >= 0 || col.toInst >= 0))
      this.learnInstitutions(buf, starts, ends, fi, ti);
  }

  wholeLines(
    buf: Buffer,
    start: number,
    end: number,
    line: number,
    taken: { lines: number },
  ): number {
    if (this.fast === undefined) this.fast = this.fastPath();
    const fast = this.fast;
    return fast === undefined || fast === null ? start : fast.take(buf, start, end, line, taken);
  }

  /** The CSV fast path, once the first row has fixed the currency (undefined: not yet). */
  private fastPath(): CsvFastRows | null | undefined {
    const cur = this.currency;
    if (cur === undefined) return undefined;
    const col = this.col;
    if (col.fromInst >= 0 || col.toInst >= 0 || !LITTLE_ENDIAN) return null;
    const roles = new Uint8Array(this.names.length);
    roles[col.id] = Role.id;
    roles[col.ts] = Role.ts;
    roles[col.from] = Role.from;
    roles[col.to] = Role.to;
    roles[col.amount] = Role.amount;
    if (col.currency >= 0) roles[col.currency] = Role.currency;
    const code = col.currency >= 0 ? Buffer.from(cur.code, 'utf8') : undefined;
    return new CsvFastRows(roles, this.rows, this.ids, this.accounts, cur.digits, code);
  }

  finish(): TransferColumns {
    const { n, lines } = this.rows;
    for (const [dup, first] of this.ids.duplicates()) {
      this.fail('CB_E_DUPLICATE_TRANSFER', lines.at(dup), 'id', this.ids.string(dup), {
        first: lines.at(first),
      });
    }
    const r = this.rows;
    return {
      count: n,
      ts: r.ts.subarray(0, n),
      from: r.from.subarray(0, n),
      to: r.to.subarray(0, n),
      amount: r.amount.subarray(0, n),
      lines,
      ids: this.ids,
      accounts: this.accounts,
      currency: this.currency ?? this.defaultCurrency,
      sorted: r.sorted,
      institutions: this.institutions,
    };
  }

  /** The row's currency (default when empty), or undefined when the code is unknown. */
  private currencyOf(buf: Buffer, s: number, e: number): Currency | undefined {
    if (s < 0 || e <= s) return this.defaultCurrency;
    const last = this.lastCode;
    if (
      e - s === 3 &&
      this.lastCodeCurrency !== undefined &&
      buf[s] === last[0] &&
      buf[s + 1] === last[1] &&
      buf[s + 2] === last[2]
    ) {
      return this.lastCodeCurrency;
    }
    const c = currencyOf(buf.toString('utf8', s, e));
    if (c !== undefined) {
      buf.copy(last, 0, s, e);
      this.lastCodeCurrency = c;
    }
    return c;
  }

  /** One trace, one currency: the first row's currency is the trace's. */
  private sameCurrency(cur: Currency, line: number): boolean {
    if (this.currency === undefined) {
      this.currency = cur;
      this.currencyWhere = `${this.file}:${line}`;
      return true;
    }
    return cur === this.currency;
  }

  /** Slow path: names every problem of a bad row. */
  private reportRow(
    buf: Buffer,
    starts: Int32Array,
    ends: Int32Array,
    line: number,
    cur: Currency | undefined,
  ): void {
    const col = this.col;
    const text = (c: number) =>
      c < 0 || starts[c]! < 0 ? '' : buf.toString('utf8', starts[c]!, ends[c]!);
    for (const [name, c] of [
      ['id', col.id],
      ['from', col.from],
      ['to', col.to],
    ] as const) {
      if (text(c) === '') this.fail('CB_E_EMPTY_FIELD', line, name, undefined);
    }
    if (this.tsOut.problem !== undefined)
      this.fail('CB_E_BAD_TIMESTAMP', line, 'ts', text(col.ts), { detail: this.tsOut.problem });
    if (cur === undefined) {
      this.fail('CB_E_UNKNOWN_CURRENCY', line, 'currency', text(col.currency));
      return;
    }
    if (this.currency !== undefined && cur !== this.currency) {
      this.fail('CB_E_MIXED_CURRENCY', line, 'currency', cur.code, {
        first: this.currency.code,
        where: this.currencyWhere,
      });
    }
    const p = this.amountOut.problem;
    if (p !== undefined) {
      const code: ErrorCode =
        p === 'too_many_decimals'
          ? 'CB_E_TOO_MANY_DECIMALS'
          : p === 'zero' || p === 'negative'
            ? 'CB_E_NONPOSITIVE_AMOUNT'
            : 'CB_E_BAD_AMOUNT';
      this.fail(code, line, 'amount', text(col.amount), {
        currency: cur.code,
        digits: cur.digits,
        detail: describeAmountProblem(p, cur.code, cur.digits),
      });
    }
  }

  private learnInstitutions(
    buf: Buffer,
    starts: Int32Array,
    ends: Int32Array,
    fi: number,
    ti: number,
  ): void {
    const { fromInst, toInst } = this.col;
    if (fromInst >= 0 && ends[fromInst]! > starts[fromInst]! && starts[fromInst]! >= 0) {
      this.institutions.set(fi, buf.toString('utf8', starts[fromInst], ends[fromInst]));
    }
    if (toInst >= 0 && ends[toInst]! > starts[toInst]! && starts[toInst]! >= 0) {
      this.institutions.set(ti, buf.toString('utf8', starts[toInst], ends[toInst]));
    }
  }

  private fail(
    code: ErrorCode,
    line: number,
    column: string,
    value: string | undefined,
    params = {},
  ): void {
    this.collector.add(
      new ClawbackError(code, params, {
        file: this.file,
        line,
        column,
        ...(value === undefined ? {} : { value }),
      }),
    );
  }
}

function mapPacs008(doc: unknown): DocumentMapping {
  const { transfers, problems } = pacs008ToTransfers(doc);
  return { records: transfers.map((t) => ({ ...t })), problems };
}
