// Claims and frozen-amount rows (formats.md) turned into domain records at the boundary,
// every problem collected with file:line, column and value.

import { ClawbackError, type ErrorCode, type ErrorCollector, type Place } from '../errors/index.js';
import type { TableRow, TableSpec } from '../io/index.js';
import {
  type AmountResult,
  type Currency,
  currencyOf,
  describeAmountProblem,
  parseAmountBytes,
} from '../money/index.js';
import type { Claim } from './model.js';

export const CLAIMS_SPEC: TableSpec = {
  required: ['victim', 'loss'],
  optional: ['recovered', 'currency'],
};
export const FROZEN_SPEC: TableSpec = { required: ['account', 'amount'], optional: ['currency'] };

/** Where the currency every row must be in comes from, for messages: "--currency", "trace.json". */
export interface CurrencyRule {
  readonly currency: Currency;
  readonly from: string;
}

export interface ClaimsInput {
  readonly claims: Claim[];
  /** Victim id -> index in `claims` (once no problem was collected: see claimsFromRows). */
  readonly index: Map<string, number>;
  readonly lines: number[];
  /** The columns clawback does not use, per claim (empty when there are none), in file order. */
  readonly extra: Record<string, string>[];
  readonly extraColumns: string[];
}

/** Claims from `victim,loss[,recovered][,currency]` rows: unique victims, loss > 0, recovered >= 0. */
export function claimsFromRows(
  rows: readonly TableRow[],
  file: string,
  rule: CurrencyRule,
  collector: ErrorCollector,
): ClaimsInput {
  const known = new Set([...CLAIMS_SPEC.required, ...CLAIMS_SPEC.optional]);
  const extraColumns = Object.keys(rows[0]?.values ?? {}).filter((k) => !known.has(k));
  // victim -> claim index, or -line when that first row was rejected (then so is the input)
  const seen = new Map<string, number>();
  const amounts = new AmountReader(rule.currency, collector);
  const out: ClaimsInput = { claims: [], index: seen, lines: [], extra: [], extraColumns };
  for (const { line, values } of rows) {
    const place: Place = { file, line };
    if (!sameCurrency(values['currency'], place, rule, collector)) continue;
    const victim = values['victim'] ?? '';
    if (victim.trim() === '') {
      collector.add(new ClawbackError('CB_E_EMPTY_FIELD', {}, { ...place, column: 'victim' }));
      continue;
    }
    const loss = amounts.read(values['loss'], 'loss', false, place);
    const rec = values['recovered'];
    const recovered =
      rec === undefined || rec === '' ? 0 : amounts.read(rec, 'recovered', true, place);
    const earlier = seen.get(victim);
    if (earlier !== undefined) {
      const first = earlier < 0 ? -earlier : (out.lines[earlier] ?? 0);
      collector.add(
        new ClawbackError(
          'CB_E_DUPLICATE_VICTIM',
          { first },
          { ...place, column: 'victim', value: victim },
        ),
      );
      continue;
    }
    if (loss === undefined || recovered === undefined) {
      seen.set(victim, -line);
      continue;
    }
    seen.set(victim, out.claims.length);
    out.claims.push({ victim, loss, recovered });
    out.lines.push(line);
    if (extraColumns.length > 0) {
      const extra: Record<string, string> = {};
      for (const k of extraColumns) extra[k] = values[k] ?? '';
      out.extra.push(extra);
    }
  }
  return out;
}

export interface FrozenRow {
  readonly account: string;
  readonly amount: number;
  readonly line: number;
}

/** Frozen amounts from `account,amount[,currency]` rows: unique accounts, amount >= 0. */
export function frozenFromRows(
  rows: readonly TableRow[],
  file: string,
  rule: CurrencyRule,
  collector: ErrorCollector,
): FrozenRow[] {
  const out: FrozenRow[] = [];
  const seen = new Map<string, number>();
  const amounts = new AmountReader(rule.currency, collector);
  for (const { line, values } of rows) {
    const place: Place = { file, line };
    if (!sameCurrency(values['currency'], place, rule, collector)) continue;
    const account = values['account'] ?? '';
    if (account.trim() === '') {
      collector.add(new ClawbackError('CB_E_EMPTY_FIELD', {}, { ...place, column: 'account' }));
      continue;
    }
    const a = amounts.read(values['amount'], 'amount', true, place);
    const first = seen.get(account);
    if (first !== undefined) {
      collector.add(
        new ClawbackError(
          'CB_E_DUPLICATE_ACCOUNT',
          { first },
          { ...place, column: 'account', value: account },
        ),
      );
      continue;
    }
    seen.set(account, line);
    if (a !== undefined) out.push({ account, amount: a, line });
  }
  return out;
}

function sameCurrency(
  code: string | undefined,
  place: Place,
  rule: CurrencyRule,
  collector: ErrorCollector,
): boolean {
  if (code === undefined || code === '' || code === rule.currency.code) return true;
  const at = { ...place, column: 'currency', value: code };
  if (currencyOf(code) === undefined)
    collector.add(new ClawbackError('CB_E_UNKNOWN_CURRENCY', {}, at));
  else {
    const detail = `currency differs from ${rule.currency.code} (${rule.from}): one restitution, one currency`;
    collector.add(new ClawbackError('CB_E_CURRENCY_MISMATCH', { detail }, at));
  }
  return false;
}

/**
 * Parses decimal amounts in one currency, reporting problems with their place (column,
 * value). Keeps one scratch buffer, so a million rows cost no allocation on the happy path.
 */
export class AmountReader {
  private buf = Buffer.alloc(64);
  private readonly result: AmountResult = { problem: undefined };

  constructor(
    readonly currency: Currency,
    private readonly collector: ErrorCollector,
  ) {}

  /** The amount in minor units; `zeroOk`: zero is valid (recovered, frozen), else it must be positive. */
  read(
    text: string | undefined,
    column: string,
    zeroOk: boolean,
    place: Place,
  ): number | undefined {
    if (text === undefined || text === '') {
      this.collector.add(new ClawbackError('CB_E_EMPTY_FIELD', {}, { ...place, column }));
      return undefined;
    }
    if (text.length * 3 > this.buf.length) this.buf = Buffer.alloc(text.length * 3);
    const n = this.buf.write(text, 0, 'utf8');
    const { digits, code: cur } = this.currency;
    const v = parseAmountBytes(this.buf, 0, n, digits, this.result, zeroOk);
    const p = this.result.problem;
    if (p === undefined) return v;
    const code: ErrorCode =
      p === 'too_many_decimals'
        ? 'CB_E_TOO_MANY_DECIMALS'
        : p === 'negative'
          ? zeroOk
            ? 'CB_E_NEGATIVE_AMOUNT'
            : 'CB_E_NONPOSITIVE_AMOUNT'
          : p === 'zero'
            ? 'CB_E_NONPOSITIVE_AMOUNT'
            : 'CB_E_BAD_AMOUNT';
    const detail = describeAmountProblem(p, cur, digits);
    this.collector.add(
      new ClawbackError(code, { currency: cur, digits, detail }, { ...place, column, value: text }),
    );
    return undefined;
  }
}
