// Joins validated transfers with the losses and accounts files into what the tracer needs:
// each transfer's victim (or -1), victims in id order, opening balances and account facts.
import { ClawbackError, type ErrorCollector } from '../errors/index.js';
import type { TransferColumns } from '../ingest/index.js';
import { type InputSource, readTable } from '../io/index.js';
import { describeAmountProblem, parseAmount } from '../money/index.js';
import { ACCOUNT_KINDS, type AccountFacts, isAccountKind } from './model.js';

export interface PreparedTrace {
  readonly transfers: TransferColumns;
  /** Victim index per transfer, -1 when the transfer is not a loss. */
  readonly victimOf: Int32Array;
  /** Victim ids sorted by code unit: index order is the tie order of tracing.md. */
  readonly victims: readonly string[];
  readonly facts: ReadonlyMap<number, AccountFacts>;
  readonly opening: Float64Array | undefined;
}

export async function readLosses(
  source: InputSource,
  transfers: TransferColumns,
  transfersName: string,
  collector: ErrorCollector,
): Promise<{ victimOf: Int32Array; victims: string[] }> {
  const rows = await readTable(
    source,
    { required: ['transfer_id', 'victim'], optional: [] },
    collector,
  );
  const victimOf = new Int32Array(transfers.count).fill(-1);
  const lossLine = new Map<number, number>();
  const byTransfer: [number, string][] = [];
  const names = new Set<string>();
  for (const { line, values } of rows) {
    const id = values['transfer_id'] ?? '';
    const victim = values['victim'] ?? '';
    const place = { file: source.name, line };
    if (id === '') {
      collector.add(new ClawbackError('CB_E_EMPTY_FIELD', {}, { ...place, column: 'transfer_id' }));
      continue;
    }
    if (victim === '') {
      collector.add(new ClawbackError('CB_E_EMPTY_FIELD', {}, { ...place, column: 'victim' }));
      continue;
    }
    const t = transfers.ids.lookupString(id);
    if (t < 0) {
      collector.add(
        new ClawbackError(
          'CB_E_UNKNOWN_TRANSFER',
          { file: transfersName },
          { ...place, column: 'transfer_id', value: id },
        ),
      );
      continue;
    }
    const first = lossLine.get(t);
    if (first !== undefined) {
      collector.add(
        new ClawbackError(
          'CB_E_DUPLICATE_LOSS',
          { first },
          { ...place, column: 'transfer_id', value: id },
        ),
      );
      continue;
    }
    lossLine.set(t, line);
    byTransfer.push([t, victim]);
    names.add(victim);
  }
  const victims = [...names].sort();
  const index = new Map(victims.map((v, i) => [v, i]));
  for (const [t, v] of byTransfer) victimOf[t] = index.get(v)!;
  return { victimOf, victims };
}

export async function readAccounts(
  source: InputSource,
  transfers: TransferColumns,
  collector: ErrorCollector,
): Promise<{ facts: Map<number, AccountFacts>; opening: Float64Array | undefined }> {
  const rows = await readTable(
    source,
    { required: ['account'], optional: ['opening_balance', 'kind', 'institution'] },
    collector,
  );
  const facts = new Map<number, AccountFacts>();
  const seen = new Map<string, number>();
  let opening: Float64Array | undefined;
  const cur = transfers.currency;
  for (const { line, values } of rows) {
    const place = { file: source.name, line };
    const account = values['account'] ?? '';
    if (account === '') {
      collector.add(new ClawbackError('CB_E_EMPTY_FIELD', {}, { ...place, column: 'account' }));
      continue;
    }
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
    const kindText = values['kind'] || 'bank';
    if (!isAccountKind(kindText)) {
      collector.add(
        new ClawbackError(
          'CB_E_BAD_KIND',
          { expected: ACCOUNT_KINDS.join(', ') },
          { ...place, column: 'kind', value: kindText },
        ),
      );
      continue;
    }
    let balance = 0;
    const ob = values['opening_balance'];
    if (ob !== undefined && ob !== '') {
      const r = parseAmount(ob, cur.digits, true);
      if (!r.ok) {
        const code =
          r.problem === 'too_many_decimals' ? 'CB_E_TOO_MANY_DECIMALS' : 'CB_E_BAD_AMOUNT';
        const detail =
          r.problem === 'negative'
            ? 'opening balance must not be negative'
            : describeAmountProblem(r.problem, cur.code, cur.digits);
        collector.add(
          new ClawbackError(
            code,
            { currency: cur.code, digits: cur.digits, detail },
            { ...place, column: 'opening_balance', value: ob },
          ),
        );
        continue;
      }
      balance = r.minor;
    }
    const idx = transfers.accounts.lookupString(account);
    if (idx < 0) continue; // an account no transfer touches changes nothing
    const institution = values['institution'] || transfers.institutions.get(idx);
    facts.set(idx, Object.freeze({ kind: kindText, institution, openingBalance: balance }));
    if (balance > 0) {
      opening ??= new Float64Array(transfers.accounts.size);
      opening[idx] = balance;
    }
  }
  return { facts, opening };
}

/** Facts for accounts only known from the transfers (pacs.008 agents). */
export function factsFromTransfers(
  transfers: TransferColumns,
  facts: Map<number, AccountFacts>,
): void {
  for (const [idx, institution] of transfers.institutions) {
    if (!facts.has(idx))
      facts.set(idx, Object.freeze({ kind: 'bank', institution, openingBalance: 0 }));
  }
}
