// The `clawback trace --format json` document, validated at the boundary: every problem is
// reported with its JSON path. Only what restitution needs is read (its outline); other
// fields are ignored.

import { ClawbackError, type ErrorCollector } from '../errors/index.js';
import { isRecord } from '../io/index.js';
import { type Currency, currencyOf } from '../money/index.js';
import { AmountReader } from './input.js';
import type { TracedPart } from './model.js';

export interface TraceInput {
  readonly rule: string | undefined;
  readonly currency: Currency;
  /** Account -> what the trace attributes to each victim there now. */
  readonly accounts: ReadonlyMap<string, readonly TracedPart[]>;
  /** The case's victims and their losses, in the trace's order, with their JSON paths. */
  readonly victims: readonly {
    readonly victim: string;
    readonly loss: number;
    readonly path: string;
  }[];
}

/** `$.a.b` for identifier keys, `$.a["x y"]` otherwise. */
export function pathOf(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${base}.${key}` : `${base}[${JSON.stringify(key)}]`;
}

/** A string value, or undefined for one that is missing or not a string. */
type Text = string | undefined;

/**
 * What traceFromJson reads of a document, and nothing more: strings as they are, other
 * values only as far as their kind matters. Made from a parsed value (outlineOf) or from
 * the bytes of a document too big to parse whole (traceFromChunks), so both are checked by
 * the same code with the same messages.
 */
export interface TraceOutline {
  /** false: the document is not a JSON object. */
  readonly isObject: boolean;
  readonly rule: Text;
  readonly currency: Text;
  /** undefined: missing or not an array. An element is undefined when it is not an object. */
  readonly accounts: readonly (AccountOutline | undefined)[] | undefined;
  readonly victims: readonly (VictimOutline | undefined)[] | undefined;
}

export interface AccountOutline {
  readonly account: Text;
  /** The members of `traced` in Object.entries order; null: not an object; undefined: missing. */
  readonly traced: Iterable<readonly [string, Text]> | null | undefined;
  /** It has a `victims` field (a poison trace's account names its victims, not amounts). */
  readonly victims: boolean;
}

export interface VictimOutline {
  readonly victim: Text;
  readonly loss: Text;
}

const text = (x: unknown): Text => (typeof x === 'string' ? x : undefined);

/** The outline of a parsed document. */
export function outlineOf(doc: unknown): TraceOutline {
  if (!isRecord(doc))
    return {
      isObject: false,
      rule: undefined,
      currency: undefined,
      accounts: undefined,
      victims: undefined,
    };
  const accounts = doc['accounts'];
  const victims = doc['victims'];
  const list: readonly unknown[] | undefined = Array.isArray(accounts) ? accounts : undefined;
  const victimList: readonly unknown[] | undefined = Array.isArray(victims) ? victims : undefined;
  return {
    isObject: true,
    rule: text(doc['rule']),
    currency: text(doc['currency']),
    accounts: list?.map((a) => {
      if (!isRecord(a)) return undefined;
      const traced = a['traced'];
      return {
        account: text(a['account']),
        traced:
          traced === undefined
            ? undefined
            : isRecord(traced)
              ? Object.entries(traced).map(([k, v]) => [k, text(v)] as const)
              : null,
        victims: a['victims'] !== undefined,
      };
    }),
    victims: victimList?.map((v) =>
      isRecord(v) ? { victim: text(v['victim']), loss: text(v['loss']) } : undefined,
    ),
  };
}

/** The trace in `doc` (parsed JSON from `file`), or undefined after reporting its problems. */
export function traceFromJson(
  doc: unknown,
  file: string,
  collector: ErrorCollector,
): TraceInput | undefined {
  return traceFromOutline(outlineOf(doc), file, collector);
}

/** A trace without amounts (poison) cannot say whose money is where. */
export function traceWithoutAmounts(rule: string, file: string): ClawbackError {
  return new ClawbackError('CB_E_TRACE_WITHOUT_AMOUNTS', { rule }, { file, path: '$.rule' });
}

/** The trace an outline describes, or undefined after reporting its problems. */
export function traceFromOutline(
  doc: TraceOutline,
  file: string,
  collector: ErrorCollector,
): TraceInput | undefined {
  const bad = (path: string, detail: string, value?: string) =>
    collector.add(
      new ClawbackError(
        'CB_E_BAD_DOCUMENT',
        { detail },
        { file, path, ...(value === undefined ? {} : { value }) },
      ),
    );
  if (!doc.isObject) {
    bad('$', 'expected the JSON object printed by clawback trace --format json');
    return undefined;
  }
  const rule = doc.rule;
  const code = doc.currency;
  if (code === undefined) {
    bad('$.currency', 'missing: expected an ISO 4217 code such as "CNY"');
    return undefined;
  }
  const currency = currencyOf(code);
  if (currency === undefined) {
    collector.add(
      new ClawbackError('CB_E_UNKNOWN_CURRENCY', {}, { file, path: '$.currency', value: code }),
    );
    return undefined;
  }
  const amounts = new AmountReader(currency, collector);
  const decimal = (x: Text, path: string, zeroOk: boolean): number | undefined => {
    if (x !== undefined) return amounts.read(x, 'amount', zeroOk, { file, path });
    const expected = 'a decimal string such as "300.00"';
    collector.add(new ClawbackError('CB_E_BAD_TYPE', { expected }, { file, path }));
    return undefined;
  };
  const accountList = doc.accounts;
  const victimList = doc.victims;
  if (accountList === undefined) bad('$.accounts', 'missing: expected an array of accounts');
  if (victimList === undefined) bad('$.victims', 'missing: expected an array of victims');
  if (accountList === undefined || victimList === undefined) return undefined;
  const poison =
    rule === 'poison' ||
    accountList.some((a) => a !== undefined && a.traced === undefined && a.victims);
  if (poison) {
    collector.add(traceWithoutAmounts(rule ?? 'poison', file));
    return undefined;
  }

  const victims: { victim: string; loss: number; path: string }[] = [];
  const victimAt = new Map<string, string>();
  for (const [k, v] of victimList.entries()) {
    const at = pathOf('$.victims', k);
    if (v === undefined) {
      bad(at, 'expected an object with "victim" and "loss"');
      continue;
    }
    const id = v.victim;
    if (id === undefined || id === '') {
      bad(pathOf(at, 'victim'), 'expected a non-empty string');
      continue;
    }
    const first = victimAt.get(id);
    if (first !== undefined) {
      bad(pathOf(at, 'victim'), `victim listed twice (first at ${first})`, id);
      continue;
    }
    victimAt.set(id, at);
    const loss = decimal(v.loss, pathOf(at, 'loss'), false);
    if (loss !== undefined) victims.push({ victim: id, loss, path: at });
  }

  const accounts = new Map<string, TracedPart[]>();
  const accountAt = new Map<string, string>();
  for (const [k, a] of accountList.entries()) {
    const at = pathOf('$.accounts', k);
    if (a === undefined) {
      bad(at, 'expected an object with "account" and "traced"');
      continue;
    }
    const id = a.account;
    if (id === undefined || id === '') {
      bad(pathOf(at, 'account'), 'expected a non-empty string');
      continue;
    }
    const first = accountAt.get(id);
    if (first !== undefined) {
      bad(pathOf(at, 'account'), `account listed twice (first at ${first})`, id);
      continue;
    }
    accountAt.set(id, at);
    const traced = a.traced;
    if (traced === undefined || traced === null) {
      bad(pathOf(at, 'traced'), 'expected an object of victim: amount');
      continue;
    }
    const parts: TracedPart[] = [];
    for (const [victim, amount] of traced) {
      const p = pathOf(pathOf(at, 'traced'), victim);
      if (!victimAt.has(victim)) {
        const detail = "victim not among the trace's victims ($.victims)";
        collector.add(
          new ClawbackError('CB_E_UNKNOWN_VICTIM', { detail }, { file, path: p, value: victim }),
        );
        continue;
      }
      const x = decimal(amount, p, true);
      if (x !== undefined && x > 0) parts.push({ victim, amount: x });
    }
    accounts.set(id, parts);
  }
  return { rule, currency, accounts, victims };
}
