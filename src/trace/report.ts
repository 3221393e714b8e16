// The machine-readable outputs of a trace (formats.md): the JSON document and the
// accounts / freeze / flows CSV files. Pure: results in, strings out.
import { formatMinor } from '../money/index.js';
import { formatTimestamp } from '../time/index.js';
import { csvLine } from './csvout.js';
import type { AmountAccount, Flow, TraceResult } from './model.js';

export const TRACE_FORMAT_VERSION = 1;

/** The `--format json` document (formats.md), plus `version`, `as_of`, `transfers`, `institution`, `absorbed`. */
export function traceJson(r: TraceResult): unknown {
  const d = r.currency.digits;
  const m = (x: number) => formatMinor(x, d);
  const head = {
    rule: r.rule,
    currency: r.currency.code,
    version: TRACE_FORMAT_VERSION,
    as_of: r.asOf === undefined ? null : formatTimestamp(r.asOf),
    transfers: r.transfers,
  };
  if (r.rule === 'poison') {
    return {
      ...head,
      accounts: r.accounts.map((a) => ({
        account: a.account,
        kind: a.kind,
        ...(a.institution === undefined ? {} : { institution: a.institution }),
        hop: a.hop,
        balance: m(a.balance),
        victims: a.victims,
      })),
      victims: r.victims.map((v) => ({
        victim: v.victim,
        loss: m(v.loss),
        accounts: v.accounts,
        exits: v.exits,
      })),
    };
  }
  return {
    ...head,
    accounts: r.accounts.map((a) => ({
      account: a.account,
      kind: a.kind,
      ...(a.institution === undefined ? {} : { institution: a.institution }),
      hop: a.hop,
      balance: m(a.balance),
      clean: m(a.clean),
      traced: Object.fromEntries(a.traced.map((t) => [t.victim, m(t.amount)])),
      gap: m(a.gap),
    })),
    victims: r.victims.map((v) => ({
      victim: v.victim,
      loss: m(v.loss),
      held: m(v.held),
      exited: Object.fromEntries([...v.exited].map(([k, x]) => [k, m(x)])),
      absorbed: m(v.absorbed),
      accounts: v.accounts,
    })),
  };
}

/** `accounts.csv`: every account that ever received traced money. */
export function accountsCsv(r: TraceResult): string {
  const d = r.currency.digits;
  if (r.rule === 'poison') {
    let out = csvLine(['account', 'kind', 'institution', 'hop', 'balance', 'victims']);
    for (const a of r.accounts) {
      out += csvLine([
        a.account,
        a.kind,
        a.institution ?? '',
        String(a.hop),
        formatMinor(a.balance, d),
        a.victims.join(';'),
      ]);
    }
    return out;
  }
  let out = csvLine([
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
    out += csvLine([
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
  return out;
}

export interface FreezeRow {
  readonly account: string;
  readonly institution: string | undefined;
  readonly hop: number;
  readonly amount: number;
  /** `id:amount` pairs largest first (amount rules) or ids (poison). */
  readonly victims: string;
  readonly victimCount: number;
}

/**
 * Recommended freezes: bank accounts still holding traced money, by hop, then amount
 * (largest first). Under poison the amount is the tainted account's whole balance.
 */
export function freezeRows(r: TraceResult): FreezeRow[] {
  const d = r.currency.digits;
  const rows: FreezeRow[] = [];
  if (r.rule === 'poison') {
    for (const a of r.accounts) {
      if (a.kind !== 'bank' || a.balance === 0) continue;
      rows.push({
        account: a.account,
        institution: a.institution,
        hop: a.hop,
        amount: a.balance,
        victims: a.victims.join(';'),
        victimCount: a.victims.length,
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
        victims: victimsLargestFirst(a, d),
        victimCount: a.traced.length,
      });
    }
  }
  return rows.sort(
    (x, y) => x.hop - y.hop || y.amount - x.amount || (x.account < y.account ? -1 : 1),
  );
}

export function freezeCsv(r: TraceResult): string {
  const d = r.currency.digits;
  let out = csvLine(['account', 'institution', 'hop', 'amount', 'victims']);
  for (const f of freezeRows(r))
    out += csvLine([
      f.account,
      f.institution ?? '',
      String(f.hop),
      formatMinor(f.amount, d),
      f.victims,
    ]);
  return out;
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

function victimsLargestFirst(a: AmountAccount, digits: number): string {
  return [...a.traced]
    .sort((x, y) => y.amount - x.amount || (x.victim < y.victim ? -1 : 1))
    .map((t) => `${t.victim}:${formatMinor(t.amount, digits)}`)
    .join(';');
}
