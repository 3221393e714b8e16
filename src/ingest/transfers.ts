// Loads a transfers file (CSV, NDJSON or pacs.008 NDJSON) into columns of typed arrays,
// validating every field at the boundary: ids interned, times as epoch ms, amounts as
// integer minor units. All problems go to the collector with file:line, column and value.
import { ClawbackError, type ErrorCode, type ErrorCollector } from '../errors/index.js';
import {
  type DocumentMapping,
  type InputSource,
  type RecordFormat,
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
import { Interner } from './interner.js';
import { pacs008ToTransfers } from './pacs008.js';

/** Validated transfers in input order. Account and transfer ids are interned. */
export interface TransferColumns {
  readonly count: number;
  readonly ts: Float64Array;
  readonly from: Int32Array;
  readonly to: Int32Array;
  readonly amount: Float64Array;
  /** Line each transfer came from (for later messages). */
  readonly line: Int32Array;
  readonly ids: Interner;
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
  const { source, collector } = opts;
  const file = source.name;
  const pacs = opts.format === 'pacs008' || (opts.format === undefined && isPacs008Name(file));
  const ids = new Interner(1 << 16);
  const accounts = opts.accounts ?? new Interner(1 << 12);
  const institutions = new Map<number, string>();
  let cap = 1 << 16;
  let ts = new Float64Array(cap);
  let from = new Int32Array(cap);
  let to = new Int32Array(cap);
  let amount = new Float64Array(cap);
  let lines = new Int32Array(cap);
  let n = 0;
  let sorted = true;
  let lastTs = -Infinity;

  let currency: Currency | undefined;
  let currencyWhere = '';
  const tsOut: TimestampResult = { problem: undefined };
  const amountOut: AmountResult = { problem: undefined };
  let col = {
    id: -1,
    ts: -1,
    from: -1,
    to: -1,
    amount: -1,
    currency: -1,
    fromInst: -1,
    toInst: -1,
  };

  const fail = (
    code: ErrorCode,
    line: number,
    column: string,
    value: string | undefined,
    params = {},
  ) =>
    collector.add(
      new ClawbackError(code, params, {
        file,
        line,
        column,
        ...(value === undefined ? {} : { value }),
      }),
    );

  const grow = () => {
    cap *= 2;
    ts = copyGrow(ts, new Float64Array(cap));
    from = copyGrow(from, new Int32Array(cap));
    to = copyGrow(to, new Int32Array(cap));
    amount = copyGrow(amount, new Float64Array(cap));
    lines = copyGrow(lines, new Int32Array(cap));
  };

  const format: RecordFormat | undefined =
    opts.format === 'pacs008' || pacs ? 'ndjson' : opts.format;
  await readRecords(
    source,
    {
      columns: NDJSON_COLUMNS,
      collector,
      format,
      mapDocument: pacs ? mapPacs008 : undefined,
      onProgress: opts.onProgress,
    },
    {
      header(names) {
        const at = (name: string) => names.indexOf(name);
        col = {
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
          if (col[name] < 0) {
            collector.add(
              new ClawbackError('CB_E_MISSING_COLUMN', { column: name }, { file, line: 1 }),
            );
            ok = false;
          }
        }
        return ok;
      },
      row(buf, starts, ends, _count, line) {
        let ok = true;
        const text = (c: number) =>
          starts[c]! < 0 ? '' : buf.toString('utf8', starts[c]!, ends[c]!);
        const present = (c: number) => starts[c]! >= 0 && ends[c]! > starts[c]!;
        for (const [name, c] of [
          ['id', col.id],
          ['from', col.from],
          ['to', col.to],
        ] as const) {
          if (!present(c)) {
            fail('CB_E_EMPTY_FIELD', line, name, undefined);
            ok = false;
          }
        }
        const t = parseTimestampBytes(
          buf,
          Math.max(starts[col.ts]!, 0),
          Math.max(ends[col.ts]!, 0),
          tsOut,
        );
        if (tsOut.problem !== undefined) {
          ok = false;
          fail('CB_E_BAD_TIMESTAMP', line, 'ts', text(col.ts), { detail: tsOut.problem });
        }
        let cur = opts.defaultCurrency;
        let curKnown = true;
        if (col.currency >= 0 && present(col.currency)) {
          const code = text(col.currency);
          if (currency !== undefined && code === currency.code) cur = currency;
          else {
            const c = currencyOf(code);
            if (c === undefined) {
              fail('CB_E_UNKNOWN_CURRENCY', line, 'currency', code);
              ok = false;
              curKnown = false;
            } else cur = c;
          }
        }
        if (!curKnown) {
          // amounts cannot be checked against an unknown currency's digits
        } else if (currency === undefined) {
          currency = cur;
          currencyWhere = `${file}:${line}`;
        } else if (cur !== currency) {
          fail('CB_E_MIXED_CURRENCY', line, 'currency', cur.code, {
            first: currency.code,
            where: currencyWhere,
          });
          ok = false;
        }
        const as = Math.max(starts[col.amount]!, 0);
        const a = parseAmountBytes(buf, as, Math.max(ends[col.amount]!, as), cur.digits, amountOut);
        if (curKnown && amountOut.problem !== undefined) {
          ok = false;
          const code: ErrorCode =
            amountOut.problem === 'too_many_decimals'
              ? 'CB_E_TOO_MANY_DECIMALS'
              : amountOut.problem === 'zero' || amountOut.problem === 'negative'
                ? 'CB_E_NONPOSITIVE_AMOUNT'
                : 'CB_E_BAD_AMOUNT';
          fail(code, line, 'amount', text(col.amount), {
            currency: cur.code,
            digits: cur.digits,
            detail: describeAmountProblem(amountOut.problem, cur.code, cur.digits),
          });
        }
        // The id is checked even when other fields failed, so duplicates are still reported.
        const idx = present(col.id) ? ids.insertUnique(buf, starts[col.id]!, ends[col.id]!) : -1;
        if (idx < 0 && present(col.id)) {
          fail('CB_E_DUPLICATE_TRANSFER', line, 'id', text(col.id), { first: lines[-idx - 1]! });
          return;
        }
        const fs = starts[col.from]!;
        const fe = ends[col.from]!;
        const tS = starts[col.to]!;
        const tE = ends[col.to]!;
        if (ok && fe - fs === tE - tS && buf.compare(buf, tS, tE, fs, fe) === 0) {
          fail('CB_E_SELF_TRANSFER', line, 'to', text(col.to));
          ok = false;
        }
        if (idx < 0) return;
        // A row with errors still takes its index (ids and rows stay aligned); the load is
        // rejected as a whole anyway.
        if (n === cap) grow();
        const fi = ok ? accounts.intern(buf, fs, fe) : -1;
        const ti = ok ? accounts.intern(buf, tS, tE) : -1;
        ts[n] = t;
        from[n] = fi;
        to[n] = ti;
        amount[n] = a;
        lines[n] = line;
        if (t < lastTs) sorted = false;
        lastTs = t;
        n++;
        if (!ok) return;
        if (col.fromInst >= 0 && present(col.fromInst)) institutions.set(fi, text(col.fromInst));
        if (col.toInst >= 0 && present(col.toInst)) institutions.set(ti, text(col.toInst));
      },
    },
  );
  return {
    count: n,
    ts: ts.subarray(0, n),
    from: from.subarray(0, n),
    to: to.subarray(0, n),
    amount: amount.subarray(0, n),
    line: lines.subarray(0, n),
    ids,
    accounts,
    currency: currency ?? opts.defaultCurrency,
    sorted,
    institutions,
  };
}

function copyGrow<T extends Float64Array | Int32Array>(old: T, bigger: T): T {
  bigger.set(old);
  return bigger;
}

function mapPacs008(doc: unknown): DocumentMapping {
  const { transfers, problems } = pacs008ToTransfers(doc);
  return { records: transfers.map((t) => ({ ...t })), problems };
}
