// Writing validated transfers and accounts: one statement per batch (arrays unnested), and
// idempotent by transfer id: the same transfer again is a no-op, a different one under a
// stored id is a conflict, so a redelivered message or a retried request never stores twice.
import type { Queryable } from '../store/index.js';
import { asInt, asOptionalText, asText } from '../store/index.js';
import type { LedgerAccount, LedgerTransfer } from './records.js';

export type TransferSource = 'http' | 'nats' | 'file';

export interface StoreOutcome {
  /** Newly stored. */
  readonly inserted: number;
  /** Already stored with identical content (a replay): accepted, not stored again. */
  readonly replayed: number;
  /** Index in the batch -> the first field that differs from what is stored under that id. */
  readonly conflicts: ReadonlyMap<number, string>;
}

const INSERT = `
INSERT INTO transfers (id, ts, ts_ms, from_account, to_account, amount, currency, channel, device, source)
SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::bigint[],
                     $7::text[], $8::text[], $9::text[], $10::text[])
ON CONFLICT (id) DO NOTHING
RETURNING id`;

/** Stores a batch inside the caller's transaction. Batch order is arrival order. */
export async function insertTransfers(
  q: Queryable,
  batch: readonly LedgerTransfer[],
  source: TransferSource,
): Promise<StoreOutcome> {
  if (batch.length === 0) return { inserted: 0, replayed: 0, conflicts: new Map() };
  const firstAt = new Map<string, number>();
  const unique: LedgerTransfer[] = [];
  const laterCopies: number[] = [];
  batch.forEach((t, i) => {
    if (firstAt.has(t.id)) laterCopies.push(i);
    else {
      firstAt.set(t.id, i);
      unique.push(t);
    }
  });
  const rows = await q.query<{ id: string }>(INSERT, [
    unique.map((t) => t.id),
    unique.map((t) => t.ts),
    unique.map((t) => t.tsMs),
    unique.map((t) => t.from),
    unique.map((t) => t.to),
    unique.map((t) => t.amount),
    unique.map((t) => t.currency),
    unique.map((t) => t.channel),
    unique.map((t) => t.device),
    unique.map(() => source),
  ]);
  const fresh = new Set(rows.map((r) => r.id));
  const conflicts = new Map<number, string>();
  let replayed = 0;
  const toCompare = unique.filter((t) => !fresh.has(t.id));
  const stored =
    toCompare.length === 0 ? new Map<string, LedgerTransfer>() : await fetchByIds(q, toCompare);
  const check = (t: LedgerTransfer, i: number, against: LedgerTransfer | undefined) => {
    const diff = against === undefined ? 'id' : firstDifference(t, against);
    if (diff === undefined) replayed++;
    else conflicts.set(i, diff);
  };
  for (const t of toCompare) check(t, firstAt.get(t.id) ?? 0, stored.get(t.id));
  for (const i of laterCopies) {
    const t = batch[i];
    if (t === undefined) continue;
    const first = batch[firstAt.get(t.id) ?? 0];
    check(t, i, stored.get(t.id) ?? first);
  }
  return { inserted: fresh.size, replayed, conflicts };
}

async function fetchByIds(
  q: Queryable,
  list: readonly LedgerTransfer[],
): Promise<Map<string, LedgerTransfer>> {
  // A join on the unnested ids, not `id = ANY($1)`: a prepared statement's generic plan
  // cannot hash a parameter array, so a seq scan under stale statistics compared every row
  // with every id (minutes for a 10k batch over 200k rows); this stays index probes.
  const rows = await q.query(
    `SELECT t.id, t.ts, t.ts_ms, t.from_account, t.to_account, t.amount, t.currency, t.channel,
            t.device
       FROM unnest($1::text[]) AS u(id) JOIN transfers t ON t.id = u.id`,
    [list.map((t) => t.id)],
  );
  const out = new Map<string, LedgerTransfer>();
  for (const r of rows) {
    const t = transferFromRow(r);
    out.set(t.id, t);
  }
  return out;
}

export function transferFromRow(r: Record<string, unknown>): LedgerTransfer {
  return {
    id: asText(r.id),
    ts: asText(r.ts),
    tsMs: asInt(r.ts_ms),
    from: asText(r.from_account),
    to: asText(r.to_account),
    amount: asInt(r.amount),
    currency: asText(r.currency),
    channel: asOptionalText(r.channel) ?? null,
    device: asOptionalText(r.device) ?? null,
  };
}

const COMPARED = ['tsMs', 'from', 'to', 'amount', 'currency', 'channel', 'device'] as const;
const FIELD_NAME: Record<(typeof COMPARED)[number], string> = {
  tsMs: 'ts',
  from: 'from',
  to: 'to',
  amount: 'amount',
  currency: 'currency',
  channel: 'channel',
  device: 'device',
};

function firstDifference(a: LedgerTransfer, b: LedgerTransfer): string | undefined {
  for (const k of COMPARED) if (a[k] !== b[k]) return FIELD_NAME[k];
  return undefined;
}

/** Upserts account facts (the latest record wins); returns how many were written. */
export async function upsertAccounts(
  q: Queryable,
  batch: readonly LedgerAccount[],
): Promise<number> {
  if (batch.length === 0) return 0;
  const last = new Map<string, LedgerAccount>();
  for (const a of batch) last.set(a.account, a);
  const list = [...last.values()];
  await q.query(
    `INSERT INTO accounts (account, kind, institution, opening_balance, currency)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[])
     ON CONFLICT (account) DO UPDATE SET kind = EXCLUDED.kind, institution = EXCLUDED.institution,
       opening_balance = EXCLUDED.opening_balance, currency = EXCLUDED.currency, updated_at = now()`,
    [
      list.map((a) => a.account),
      list.map((a) => a.kind),
      list.map((a) => a.institution),
      list.map((a) => a.openingBalance),
      list.map((a) => a.currency),
    ],
  );
  return list.length;
}
