// The `clawback trace --format json` document, validated at the boundary: every problem is
// reported with its JSON path. Only what restitution needs is read; other fields are ignored.

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

/** The trace in `doc` (parsed JSON from `file`), or undefined after reporting its problems. */
export function traceFromJson(
  doc: unknown,
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
  if (!isRecord(doc)) {
    bad('$', 'expected the JSON object printed by clawback trace --format json');
    return undefined;
  }
  const rule = typeof doc['rule'] === 'string' ? doc['rule'] : undefined;
  const code = doc['currency'];
  if (typeof code !== 'string') {
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
  const decimal = (x: unknown, path: string, zeroOk: boolean): number | undefined => {
    if (typeof x === 'string') return amounts.read(x, 'amount', zeroOk, { file, path });
    const expected = 'a decimal string such as "300.00"';
    collector.add(new ClawbackError('CB_E_BAD_TYPE', { expected }, { file, path }));
    return undefined;
  };
  const accountsDoc = doc['accounts'];
  const victimsDoc = doc['victims'];
  if (!Array.isArray(accountsDoc)) bad('$.accounts', 'missing: expected an array of accounts');
  if (!Array.isArray(victimsDoc)) bad('$.victims', 'missing: expected an array of victims');
  if (!Array.isArray(accountsDoc) || !Array.isArray(victimsDoc)) return undefined;
  const poison =
    rule === 'poison' ||
    accountsDoc.some((a) => isRecord(a) && a['traced'] === undefined && a['victims'] !== undefined);
  if (poison) {
    collector.add(
      new ClawbackError(
        'CB_E_TRACE_WITHOUT_AMOUNTS',
        { rule: rule ?? 'poison' },
        { file, path: '$.rule' },
      ),
    );
    return undefined;
  }

  const victims: { victim: string; loss: number; path: string }[] = [];
  const victimAt = new Map<string, string>();
  const victimList: readonly unknown[] = victimsDoc;
  for (const [k, v] of victimList.entries()) {
    const at = pathOf('$.victims', k);
    if (!isRecord(v)) {
      bad(at, 'expected an object with "victim" and "loss"');
      continue;
    }
    const id = v['victim'];
    if (typeof id !== 'string' || id === '') {
      bad(pathOf(at, 'victim'), 'expected a non-empty string');
      continue;
    }
    const first = victimAt.get(id);
    if (first !== undefined) {
      bad(pathOf(at, 'victim'), `victim listed twice (first at ${first})`, id);
      continue;
    }
    victimAt.set(id, at);
    const loss = decimal(v['loss'], pathOf(at, 'loss'), false);
    if (loss !== undefined) victims.push({ victim: id, loss, path: at });
  }

  const accounts = new Map<string, TracedPart[]>();
  const accountAt = new Map<string, string>();
  const accountList: readonly unknown[] = accountsDoc;
  for (const [k, a] of accountList.entries()) {
    const at = pathOf('$.accounts', k);
    if (!isRecord(a)) {
      bad(at, 'expected an object with "account" and "traced"');
      continue;
    }
    const id = a['account'];
    if (typeof id !== 'string' || id === '') {
      bad(pathOf(at, 'account'), 'expected a non-empty string');
      continue;
    }
    const first = accountAt.get(id);
    if (first !== undefined) {
      bad(pathOf(at, 'account'), `account listed twice (first at ${first})`, id);
      continue;
    }
    accountAt.set(id, at);
    const traced = a['traced'];
    if (!isRecord(traced)) {
      bad(pathOf(at, 'traced'), 'expected an object of victim: amount');
      continue;
    }
    const parts: TracedPart[] = [];
    for (const [victim, text] of Object.entries(traced)) {
      const p = pathOf(pathOf(at, 'traced'), victim);
      if (!victimAt.has(victim)) {
        const detail = "victim not among the trace's victims ($.victims)";
        collector.add(
          new ClawbackError('CB_E_UNKNOWN_VICTIM', { detail }, { file, path: p, value: victim }),
        );
        continue;
      }
      const x = decimal(text, p, true);
      if (x !== undefined && x > 0) parts.push({ victim, amount: x });
    }
    accounts.set(id, parts);
  }
  return { rule, currency, accounts, victims };
}
