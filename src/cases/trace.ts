// Tracing a case over the stored transfers: the same engine and the same JSON document as
// `clawback trace --format json`, fed from the database through the same CSV loader (so the
// results cannot drift apart), and stored with the rule and the data it was computed from.
// The document is written to the store as it is produced and read back in parts: a big
// case's document is gigabytes, more than any one string.
import { createHash } from 'node:crypto';
import { ClawbackError, ErrorCollector } from '../errors/index.js';
import { loadTransfers } from '../ingest/index.js';
import type { InputSource } from '../io/index.js';
import { asInt, asText, type Db, type Queryable } from '../store/index.js';
import {
  csvField,
  factsFromTransfers,
  type Rule,
  readAccounts,
  readLosses,
  runTrace,
  traceJsonChunks,
} from '../trace/index.js';
import type { Audit } from './audit-port.js';
import { caseCurrency, findCase, newId } from './cases.js';
import type { Viewer } from './model.js';
import { readDocument, writeDocument } from './trace-document.js';

export interface TraceRequest {
  readonly rule: Rule;
  /** Epoch ms; transfers after it are ignored. */
  readonly asOf?: number | undefined;
  readonly asOfText?: string | undefined;
}

export interface StoredTrace {
  readonly id: string;
  readonly caseId: string;
  readonly rule: Rule;
  /** Size of the JSON document in bytes. */
  readonly bytes: number;
  /**
   * The JSON document, `{"id": ..., "case_id": ..., ...clawback trace --format json}` without
   * whitespace, as UTF-8 chunks read from the store as they are consumed.
   */
  document(): AsyncIterable<Uint8Array>;
}

/** SQL text of an amount in minor units as a decimal with `digits` decimals. */
function decimalSql(column: string, digits: number): string {
  if (digits === 0) return `${column}::text`;
  const scale = 10 ** digits;
  return `(${column} / ${scale})::text || '.' || lpad((${column} % ${scale})::text, ${digits}, '0')`;
}

function memorySource(name: string, bytes: Buffer): InputSource {
  return {
    name,
    size: bytes.length,
    format: 'csv',
    chunks: async function* () {
      yield bytes;
    },
  };
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

export async function traceCase(
  db: Db,
  audit: Audit,
  viewer: Viewer,
  caseId: string,
  req: TraceRequest,
): Promise<StoredTrace> {
  await findCase(db, viewer, caseId);
  const currency = await caseCurrency(db, caseId);
  if (currency === undefined)
    throw new ClawbackError('CB_E_CASE_EMPTY', {
      detail: 'the case has no losses yet: POST /v1/cases/{id}/losses first',
    });
  const code = currency.code; // an ISO 4217 code from our table: safe inside SQL text
  const upto = asInt(
    (await db.query('SELECT coalesce(max(seq), 0) AS m FROM transfers'))[0]?.m ?? 0,
  );
  const transfersCsv = await db.copyCsv(
    `SELECT id, ts, from_account AS "from", to_account AS "to", ${decimalSql('amount', currency.digits)} AS amount
       FROM transfers WHERE currency = '${code}' AND seq <= ${upto} ORDER BY seq`,
  );
  const lossRows = await db.query(
    'SELECT transfer_id, victim FROM losses WHERE case_id = $1 ORDER BY transfer_id',
    [caseId],
  );
  const lossesCsv = Buffer.from(
    `transfer_id,victim\n${lossRows.map((r) => `${csvField(asText(r.transfer_id))},${csvField(asText(r.victim))}\n`).join('')}`,
  );
  const accountsCsv = await db.copyCsv(
    `SELECT account, CASE WHEN currency = '${code}' THEN ${decimalSql('opening_balance', currency.digits)} ELSE '0' END
            AS opening_balance, kind, coalesce(institution, '') AS institution
       FROM accounts ORDER BY account`,
  );
  const collector = new ErrorCollector(20);
  const transfers = await loadTransfers({
    source: memorySource('stored transfers', transfersCsv),
    collector,
    defaultCurrency: currency,
  });
  collector.throwIfAny();
  const { victimOf, victims } = await readLosses(
    memorySource('case losses', lossesCsv),
    transfers,
    'stored transfers',
    collector,
  );
  const { facts, opening } = await readAccounts(
    memorySource('stored accounts', accountsCsv),
    transfers,
    collector,
  );
  collector.throwIfAny();
  factsFromTransfers(transfers, facts);
  const result = runTrace({ transfers, victimOf, victims, facts, opening }, req.rule, {
    asOf: req.asOf,
  });
  const id = newId('trace');
  const chunks = traceJsonChunks(result, { layout: 'compact', prefix: { id, case_id: caseId } });
  // One transaction: the row, every part of the document and the audit entry, or nothing.
  const bytes = await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO traces (id, case_id, rule, as_of, currency, transfers_seen, transfers_upto,
                           losses_digest, accounts_digest, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        id,
        caseId,
        req.rule,
        req.asOfText ?? null,
        code,
        transfers.count,
        upto,
        sha256(lossesCsv),
        sha256(accountsCsv),
        viewer.tokenId,
      ],
    );
    const size = await writeDocument(tx, id, chunks);
    await tx.query('UPDATE traces SET document_bytes = $2 WHERE id = $1', [id, size]);
    await audit(tx, viewer, 'case.trace', caseId, {
      trace: id,
      rule: req.rule,
      as_of: req.asOfText ?? null,
      transfers: transfers.count,
      transfers_upto: upto,
    });
    return size;
  });
  return storedTrace(db, { id, caseId, rule: req.rule, bytes, inline: false });
}

function storedTrace(
  db: Queryable,
  t: { id: string; caseId: string; rule: Rule; bytes: number; inline: boolean },
): StoredTrace {
  return {
    id: t.id,
    caseId: t.caseId,
    rule: t.rule,
    bytes: t.bytes,
    document: t.inline ? () => inlineDocument(db, t.id) : () => readDocument(db, t.id, t.bytes),
  };
}

/** A document stored whole in `traces.document` (by a process older than trace_parts). */
async function* inlineDocument(db: Queryable, traceId: string): AsyncGenerator<Uint8Array> {
  const rows = await db.query('SELECT document FROM traces WHERE id = $1', [traceId]);
  yield Buffer.from(asText(rows[0]?.document));
}

/** A stored trace of a case the viewer may see. */
export async function findTrace(
  db: Db,
  viewer: Viewer,
  caseId: string,
  traceId: string | undefined,
): Promise<StoredTrace> {
  await findCase(db, viewer, caseId);
  const columns = `id, rule, document IS NOT NULL AS inline,
    coalesce(document_bytes, octet_length(convert_to(document, 'UTF8'))) AS bytes`;
  const rows =
    traceId === undefined
      ? await db.query(
          `SELECT ${columns} FROM traces WHERE case_id = $1 AND rule <> 'poison' AND as_of IS NULL ORDER BY created_at DESC, id DESC LIMIT 1`,
          [caseId],
        )
      : await db.query(`SELECT ${columns} FROM traces WHERE case_id = $1 AND id = $2`, [
          caseId,
          traceId,
        ]);
  const r = rows[0];
  if (r === undefined)
    throw new ClawbackError('CB_E_NOT_FOUND', {
      what:
        traceId === undefined
          ? `a trace of case ${caseId} by an amount rule over all its transfers (no as_of)`
          : `trace ${traceId}`,
    });
  return storedTrace(db, {
    id: asText(r.id),
    caseId,
    rule: asText(r.rule) as Rule,
    bytes: asInt(r.bytes),
    inline: r.inline === true,
  });
}
