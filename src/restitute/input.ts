// Claims and frozen-amount rows (formats.md) turned into domain records at the boundary,
// every problem collected with file:line, column and value.

import { ClawbackError, type ErrorCode, type ErrorCollector, type Place } from '../errors/index.js';
import type { TableRow, TableSpec } from '../io/index.js';
import { type Currency, currencyOf, describeAmountProblem, parseAmount } from '../money/index.js';
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
  /** The columns clawback does not use, per claim, and their names in file order. */
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
  const out: ClaimsInput = { claims: [], index: seen, lines: [], extra: [], extraColumns };
  for (const { line, values } of rows) {
    const place: Place = { file, line };
    if (!sameCurrency(values['currency'], place, rule, collector)) continue;
    const victim = values['victim'] ?? '';
    if (victim.trim() === '') {
      collector.add(new ClawbackError('CB_E_EMPTY_FIELD', {}, { ...place, column: 'victim' }));
      continue;
    }
    const loss = amount(values['loss'], 'loss', false, place, rule.currency, collector);
    const rec = values['recovered'];
    const recovered =
      rec === undefined || rec === ''
        ? 0
        : amount(rec, 'recovered', true, place, rule.currency, collector);
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
    const extra: Record<string, string> = {};
    for (const k of extraColumns) extra[k] = values[k] ?? '';
    out.extra.push(extra);
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
  for (const { line, values } of rows) {
    const place: Place = { file, line };
    if (!sameCurrency(values['currency'], place, rule, collector)) continue;
    const account = values['account'] ?? '';
    if (account.trim() === '') {
      collector.add(new ClawbackError('CB_E_EMPTY_FIELD', {}, { ...place, column: 'account' }));
      continue;
    }
    const a = amount(values['amount'], 'amount', true, place, rule.currency, collector);
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
 * Parses a decimal amount in `currency`, reporting a problem at `place` (column, value).
 * `zeroOk`: zero is valid (recovered, frozen); otherwise the amount must be positive.
 */
export function amount(
  text: string | undefined,
  column: string,
  zeroOk: boolean,
  place: Place,
  currency: Currency,
  collector: ErrorCollector,
): number | undefined {
  const at: Place = { ...place, column, value: text ?? '' };
  if (text === undefined || text === '') {
    collector.add(new ClawbackError('CB_E_EMPTY_FIELD', {}, { ...place, column }));
    return undefined;
  }
  const r = parseAmount(text, currency.digits, zeroOk);
  if (r.ok) return r.minor;
  const code: ErrorCode =
    r.problem === 'too_many_decimals'
      ? 'CB_E_TOO_MANY_DECIMALS'
      : r.problem === 'negative'
        ? zeroOk
          ? 'CB_E_NEGATIVE_AMOUNT'
          : 'CB_E_NONPOSITIVE_AMOUNT'
        : r.problem === 'zero'
          ? 'CB_E_NONPOSITIVE_AMOUNT'
          : 'CB_E_BAD_AMOUNT';
  const detail = describeAmountProblem(r.problem, currency.code, currency.digits);
  collector.add(
    new ClawbackError(code, { currency: currency.code, digits: currency.digits, detail }, at),
  );
  return undefined;
}
