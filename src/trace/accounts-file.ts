// Reads the accounts file straight from the bytes of its records: account ids are looked up
// in the transfers' interner without making a string, kinds and balances are parsed in
// place. Its checks, their order and its messages are those of formats.md, as before.
import { ClawbackError, type ErrorCollector } from '../errors/index.js';
import { Interner, type TransferColumns } from '../ingest/index.js';
import type { RecordSink } from '../io/index.js';
import { type AmountResult, describeAmountProblem, parseAmountBytes } from '../money/index.js';
import { AccountFactsTable } from './facts-table.js';
import { ACCOUNT_KINDS, type AccountKind } from './model.js';

const KIND_BYTES = ACCOUNT_KINDS.map((k) => Buffer.from(k, 'latin1'));
/** Lines whose account look-ups are started together (see wholeLines). */
const BLOCK = 32;
const COMMA = 44;
const LF = 10;
const CR = 13;

export class AccountsSink implements RecordSink {
  readonly facts: AccountFactsTable;
  opening: Float64Array | undefined;
  /**
   * Row problems, added to the collector after the whole file is read: structural problems
   * (field counts, quoting) come first, as when rows were checked after reading.
   */
  readonly problems: ClawbackError[] = [];
  private col = { account: -1, balance: -1, kind: -1, institution: -1 };
  /** Line where each transfers account was first listed (0: not yet). */
  private readonly firstLine: Int32Array;
  /** The same for accounts no transfer touches, by id. */
  private readonly otherLines = new Map<string, number>();
  private readonly amountOut: AmountResult = { problem: undefined };
  /** Institutions repeat (a few dozen banks): one string each, found by their bytes. */
  private readonly institutionIds = new Interner(64);
  private readonly institutionNames: string[] = [];
  /** For wholeLines: fields per line (0 before the header) and the block's field bounds. */
  private fieldCount = 0;
  private blockStarts = new Int32Array(0);
  private blockEnds = new Int32Array(0);
  private starts = new Int32Array(0);
  private ends = new Int32Array(0);
  private touched = 0;

  constructor(
    private readonly file: string,
    private readonly transfers: TransferColumns,
    private readonly collector: ErrorCollector,
  ) {
    this.firstLine = new Int32Array(transfers.accounts.size);
    this.facts = new AccountFactsTable(transfers.accounts.size);
  }

  header(names: readonly string[]): boolean {
    this.fieldCount = names.length;
    this.blockStarts = new Int32Array(BLOCK * names.length);
    this.blockEnds = new Int32Array(BLOCK * names.length);
    this.starts = new Int32Array(names.length);
    this.ends = new Int32Array(names.length);
    this.col = {
      account: names.indexOf('account'),
      balance: names.indexOf('opening_balance'),
      kind: names.indexOf('kind'),
      institution: names.indexOf('institution'),
    };
    if (this.col.account >= 0) return true;
    this.collector.add(
      new ClawbackError('CB_E_MISSING_COLUMN', { column: 'account' }, { file: this.file, line: 1 }),
    );
    return false;
  }

  /**
   * Plain lines (no quotes) a block at a time: fields are split here, and each block's
   * account slots are touched before its rows are checked, so that the cache misses of
   * the look-ups (the file is in no useful order) overlap. Rows then go through row().
   */
  wholeLines(
    buf: Buffer,
    start: number,
    end: number,
    line: number,
    taken: { lines: number },
  ): number {
    const fields = this.fieldCount;
    if (fields === 0) return start;
    const { blockStarts, blockEnds, starts, ends } = this;
    const accounts = this.transfers.accounts;
    const col = this.col.account;
    let p = start;
    let done = 0;
    while (p < end) {
      let m = 0;
      let next = 0;
      let touched = 0;
      while (m < BLOCK && p < end) {
        next = splitLine(buf, p, fields, blockStarts, blockEnds, m * fields);
        if (next < 0) break;
        const at = m * fields + col;
        touched = (touched + accounts.touchId(buf, blockStarts[at]!, blockEnds[at]!)) | 0;
        m++;
        p = next;
      }
      this.touched = (this.touched + touched) | 0;
      for (let j = 0; j < m; j++) {
        for (let f = 0; f < fields; f++) {
          starts[f] = blockStarts[j * fields + f]!;
          ends[f] = blockEnds[j * fields + f]!;
        }
        this.row(buf, starts, ends, fields, line + done);
        done++;
      }
      taken.lines = done; // per block: see CsvFastRows.take
      if (next < 0) break;
    }
    return p;
  }

  row(buf: Buffer, starts: Int32Array, ends: Int32Array, _count: number, line: number): void {
    const col = this.col;
    const aS = starts[col.account]!;
    const aE = ends[col.account]!;
    if (aS < 0 || aE === aS) {
      this.problems.push(
        new ClawbackError('CB_E_EMPTY_FIELD', {}, { file: this.file, line, column: 'account' }),
      );
      return;
    }
    const accounts = this.transfers.accounts;
    // Ids are compared as text: bytes that are not ASCII go through a string, so that
    // invalid UTF-8 matches (or not) exactly as its decoded text does.
    const ascii = isAscii(buf, aS, aE);
    const idx = ascii ? accounts.lookup(buf, aS, aE) : accounts.lookupString(text(buf, aS, aE));
    let first = 0;
    if (idx >= 0) {
      first = this.firstLine[idx]!;
      if (first === 0) this.firstLine[idx] = line;
    } else {
      const id = text(buf, aS, aE);
      first = this.otherLines.get(id) ?? 0;
      if (first === 0) this.otherLines.set(id, line);
    }
    if (first !== 0) {
      this.problems.push(
        new ClawbackError(
          'CB_E_DUPLICATE_ACCOUNT',
          { first },
          { file: this.file, line, column: 'account', value: text(buf, aS, aE) },
        ),
      );
      return;
    }
    const kS = col.kind < 0 ? -1 : starts[col.kind]!;
    const kE = col.kind < 0 ? -1 : ends[col.kind]!;
    const kind = kS < 0 || kE === kS ? 'bank' : kindOf(buf, kS, kE);
    if (kind === undefined) {
      this.problems.push(
        new ClawbackError(
          'CB_E_BAD_KIND',
          { expected: ACCOUNT_KINDS.join(', ') },
          { file: this.file, line, column: 'kind', value: text(buf, kS, kE) },
        ),
      );
      return;
    }
    let balance = 0;
    const bS = col.balance < 0 ? -1 : starts[col.balance]!;
    const bE = col.balance < 0 ? -1 : ends[col.balance]!;
    if (bS >= 0 && bE > bS) {
      const cur = this.transfers.currency;
      balance = parseAmountBytes(buf, bS, bE, cur.digits, this.amountOut, true);
      const p = this.amountOut.problem;
      if (p !== undefined) {
        const code = p === 'too_many_decimals' ? 'CB_E_TOO_MANY_DECIMALS' : 'CB_E_BAD_AMOUNT';
        const detail =
          p === 'negative'
            ? 'opening balance must not be negative'
            : describeAmountProblem(p, cur.code, cur.digits);
        this.problems.push(
          new ClawbackError(
            code,
            { currency: cur.code, digits: cur.digits, detail },
            { file: this.file, line, column: 'opening_balance', value: text(buf, bS, bE) },
          ),
        );
        return;
      }
    }
    if (idx < 0) return; // an account no transfer touches changes nothing
    const iS = col.institution < 0 ? -1 : starts[col.institution]!;
    const iE = col.institution < 0 ? -1 : ends[col.institution]!;
    const institution =
      iS >= 0 && iE > iS ? this.institution(buf, iS, iE) : this.transfers.institutions.get(idx);
    this.facts.setFacts(idx, kind, institution, balance);
    if (balance > 0) {
      this.opening ??= new Float64Array(accounts.size);
      this.opening[idx] = balance;
    }
  }

  private institution(buf: Buffer, s: number, e: number): string {
    const i = this.institutionIds.intern(buf, s, e);
    let name = this.institutionNames[i];
    if (name === undefined) {
      name = this.institutionIds.string(i);
      this.institutionNames[i] = name;
    }
    return name;
  }
}

/**
 * Splits the line at p into exactly `fields` fields (bounds at out[at...]), as the
 * tokenizer does (a CR before the LF is not part of the last field). Returns the offset
 * after the line, or -1 for another number of fields or a blank line.
 */
function splitLine(
  buf: Buffer,
  p: number,
  fields: number,
  outStarts: Int32Array,
  outEnds: Int32Array,
  at: number,
): number {
  let f = 0;
  let s = p;
  for (;;) {
    const c = buf[p]!;
    if (c === COMMA) {
      if (f === fields - 1) return -1;
      outStarts[at + f] = s;
      outEnds[at + f] = p;
      f++;
      s = p + 1;
    } else if (c === LF) {
      if (f !== fields - 1) return -1;
      const e = p > s && buf[p - 1] === CR ? p - 1 : p;
      if (fields === 1 && e === s) return -1; // a blank line: the tokenizer skips it
      outStarts[at + f] = s;
      outEnds[at + f] = e;
      return p + 1;
    }
    p++;
  }
}

function text(buf: Buffer, s: number, e: number): string {
  return buf.toString('utf8', s, e);
}

function isAscii(buf: Buffer, s: number, e: number): boolean {
  for (let i = s; i < e; i++) if (buf[i]! > 127) return false;
  return true;
}

function kindOf(buf: Buffer, s: number, e: number): AccountKind | undefined {
  for (let k = 0; k < KIND_BYTES.length; k++) {
    const b = KIND_BYTES[k]!;
    if (b.length !== e - s) continue;
    let i = 0;
    while (i < b.length && b[i] === buf[s + i]) i++;
    if (i === b.length) return ACCOUNT_KINDS[k];
  }
  return undefined;
}
