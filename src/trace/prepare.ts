// Joins validated transfers with the losses and accounts files into what the tracer needs:
// each transfer's victim (or -1), victims in id order, opening balances and account facts.
import { ClawbackError, type ErrorCollector } from '../errors/index.js';
import type { TransferColumns } from '../ingest/index.js';
import { type InputSource, readRecords, readTable } from '../io/index.js';
import { AccountsSink } from './accounts-file.js';
import type { AccountFactsTable } from './facts-table.js';
import type { AccountFacts } from './model.js';

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
  const found = transfers.ids.lookupMany(rows.map((r) => r.values['transfer_id'] ?? ''));
  for (let r = 0; r < rows.length; r++) {
    const { line, values } = rows[r]!;
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
    const t = found[r]!;
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
): Promise<{ facts: AccountFactsTable; opening: Float64Array | undefined }> {
  const sink = new AccountsSink(source.name, transfers, collector);
  await readRecords(
    source,
    { columns: ['account', 'opening_balance', 'kind', 'institution'], collector },
    sink,
  );
  for (const p of sink.problems) collector.add(p);
  return { facts: sink.facts, opening: sink.opening };
}

/** Facts for accounts only known from the transfers (pacs.008 agents). */
export function factsFromTransfers(
  transfers: TransferColumns,
  facts: { has(account: number): boolean; set(account: number, f: AccountFacts): unknown },
): void {
  for (const [idx, institution] of transfers.institutions) {
    if (!facts.has(idx))
      facts.set(idx, Object.freeze({ kind: 'bank', institution, openingBalance: 0 }));
  }
}
