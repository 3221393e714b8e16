// One transfer or account record from the API or a stream, validated into a domain value,
// or the list of everything wrong with it (JSON pointer, code, reason). Same checks as files.
import { ERRORS, type ErrorCode, renderMessage } from '../errors/index.js';
import {
  type Currency,
  currencyOf,
  describeAmountProblem,
  formatMinor,
  parseAmount,
} from '../money/index.js';
import { formatTimestamp, parseTimestamp } from '../time/index.js';
import { type AccountKind, isAccountKind } from '../trace/index.js';

/** A validated transfer as it is stored. */
export interface LedgerTransfer {
  readonly id: string;
  /** Canonical UTC text of `tsMs` (ms precision). */
  readonly ts: string;
  readonly tsMs: number;
  readonly from: string;
  readonly to: string;
  /** Minor units of `currency`. */
  readonly amount: number;
  readonly currency: string;
  readonly channel: string | null;
  readonly device: string | null;
}

export interface LedgerAccount {
  readonly account: string;
  readonly kind: AccountKind;
  readonly institution: string | null;
  readonly openingBalance: number;
  readonly currency: string | null;
}

/** One problem in one record: where (JSON pointer inside the record), what, why. */
export interface FieldProblem {
  readonly pointer: string;
  readonly code: ErrorCode;
  readonly detail: string;
  readonly status: number;
}

export type Checked<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problems: readonly FieldProblem[] };

const TRANSFER_FIELDS = ['id', 'ts', 'from', 'to', 'amount', 'currency', 'channel', 'device'];
const ACCOUNT_FIELDS = ['account', 'opening_balance', 'kind', 'institution', 'currency'];
/** Ids are opaque but bounded: a 10 kB "account id" is an attack, not an account. */
const MAX_ID = 200;

class Problems {
  readonly list: FieldProblem[] = [];
  add(field: string, code: ErrorCode, params: Record<string, string | number> = {}): void {
    this.list.push({
      pointer: field === '' ? '' : `/${field}`,
      code,
      detail: renderMessage(code, params),
      status: ERRORS[code].status,
    });
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function unknownFields(rec: Record<string, unknown>, allowed: string[], p: Problems): void {
  for (const k of Object.keys(rec))
    if (!allowed.includes(k)) p.add(k, 'CB_E_UNKNOWN_FIELD', { allowed: allowed.join(', ') });
}

function id(rec: Record<string, unknown>, field: string, p: Problems, required = true) {
  const v = rec[field];
  if (v === undefined || v === null) {
    if (required) p.add(field, 'CB_E_EMPTY_FIELD');
    return null;
  }
  if (typeof v !== 'string') {
    p.add(field, 'CB_E_BAD_TYPE', { expected: 'a string' });
    return null;
  }
  if (v.trim() === '') {
    p.add(field, 'CB_E_EMPTY_FIELD');
    return null;
  }
  if (v.length > MAX_ID) {
    p.add(field, 'CB_E_BAD_TYPE', { expected: `at most ${MAX_ID} characters` });
    return null;
  }
  return v;
}

/** Decimal text (or a plain JSON number, read through its shortest decimal form). */
function amount(
  rec: Record<string, unknown>,
  field: string,
  currency: Currency,
  p: Problems,
  allowZero: boolean,
): number | null {
  const v = rec[field];
  let text: string;
  if (typeof v === 'string') text = v;
  else if (typeof v === 'number' && Number.isFinite(v)) text = String(v);
  else {
    if (v === undefined || v === null) p.add(field, 'CB_E_EMPTY_FIELD');
    else p.add(field, 'CB_E_BAD_TYPE', { expected: 'a decimal string such as "12.50"' });
    return null;
  }
  const r = parseAmount(text, currency.digits, allowZero);
  if (r.ok) return r.minor;
  const code: ErrorCode =
    r.problem === 'zero' || r.problem === 'negative'
      ? allowZero
        ? 'CB_E_NEGATIVE_AMOUNT'
        : 'CB_E_NONPOSITIVE_AMOUNT'
      : r.problem === 'too_many_decimals'
        ? 'CB_E_TOO_MANY_DECIMALS'
        : 'CB_E_BAD_AMOUNT';
  p.add(field, code, {
    currency: currency.code,
    digits: currency.digits,
    detail: describeAmountProblem(r.problem, currency.code, currency.digits),
  });
  return null;
}

function currency(rec: Record<string, unknown>, fallback: Currency, p: Problems): Currency | null {
  const v = rec.currency;
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'string') {
    p.add('currency', 'CB_E_BAD_TYPE', { expected: 'an ISO 4217 code' });
    return null;
  }
  const c = currencyOf(v);
  if (c === undefined) p.add('currency', 'CB_E_UNKNOWN_CURRENCY');
  return c ?? null;
}

/** Validates one transfer; `fallback` is the currency of records without one. */
export function checkTransfer(v: unknown, fallback: Currency): Checked<LedgerTransfer> {
  const p = new Problems();
  if (!isObject(v)) {
    p.add('', 'CB_E_BAD_TYPE', { expected: 'a JSON object' });
    return { ok: false, problems: p.list };
  }
  unknownFields(v, TRANSFER_FIELDS, p);
  const tid = id(v, 'id', p);
  let tsMs: number | null = null;
  if (typeof v.ts === 'string') {
    const t = parseTimestamp(v.ts);
    if (t.ok) tsMs = t.ms;
    else p.add('ts', 'CB_E_BAD_TIMESTAMP', { detail: t.problem });
  } else if (v.ts === undefined || v.ts === null) p.add('ts', 'CB_E_EMPTY_FIELD');
  else p.add('ts', 'CB_E_BAD_TYPE', { expected: 'an ISO 8601 timestamp string' });
  const from = id(v, 'from', p);
  const to = id(v, 'to', p);
  if (from !== null && from === to) p.add('to', 'CB_E_SELF_TRANSFER');
  const cur = currency(v, fallback, p);
  const minor = cur === null ? null : amount(v, 'amount', cur, p, false);
  const channel = id(v, 'channel', p, false);
  const device = id(v, 'device', p, false);
  if (p.list.length > 0 || tid === null || tsMs === null || from === null || to === null)
    return { ok: false, problems: p.list };
  if (cur === null || minor === null) return { ok: false, problems: p.list };
  return {
    ok: true,
    value: {
      id: tid,
      ts: formatTimestamp(tsMs),
      tsMs,
      from,
      to,
      amount: minor,
      currency: cur.code,
      channel,
      device,
    },
  };
}

/** Validates one account record. */
export function checkAccount(v: unknown, fallback: Currency): Checked<LedgerAccount> {
  const p = new Problems();
  if (!isObject(v)) {
    p.add('', 'CB_E_BAD_TYPE', { expected: 'a JSON object' });
    return { ok: false, problems: p.list };
  }
  unknownFields(v, ACCOUNT_FIELDS, p);
  const account = id(v, 'account', p);
  let kind: AccountKind = 'bank';
  if (v.kind !== undefined && v.kind !== null) {
    if (typeof v.kind === 'string' && isAccountKind(v.kind)) kind = v.kind;
    else
      p.add('kind', 'CB_E_BAD_KIND', {
        expected: 'bank, cash, crypto_exchange, merchant, foreign, third_party_payment',
      });
  }
  const institution = id(v, 'institution', p, false);
  const cur = currency(v, fallback, p);
  let opening = 0;
  if (v.opening_balance !== undefined && v.opening_balance !== null && cur !== null)
    opening = amount(v, 'opening_balance', cur, p, true) ?? 0;
  if (p.list.length > 0 || account === null) return { ok: false, problems: p.list };
  return {
    ok: true,
    value: { account, kind, institution, openingBalance: opening, currency: cur?.code ?? null },
  };
}

/** Decimal text of a stored amount. */
export function amountText(minor: number, code: string): string {
  return formatMinor(minor, currencyOf(code)?.digits ?? 2);
}
