// The audit log in the database: appends inside the caller's transaction (a change and its
// entry commit together or not at all), verification streamed in pages, reads for the API.
import { asInt, asText, type Queryable, type Row } from '../store/index.js';
import { canonicalJson, type JsonObject, type JsonValue } from './canonical.js';
import { type AuditHead, type AuditRow, type Break, ChainWalk, entryHash } from './chain.js';

/** Serialises appenders across processes: any constant, distinct from the migration lock. */
const APPEND_LOCK_KEY = 7_216_912;

export interface AuditInput {
  /** Who did it: a token id, 'cli', 'system'. */
  readonly actor: string;
  /** What was done, e.g. 'token.create', 'order.execute'. */
  readonly action: string;
  /** What it was done to, e.g. 'token:tok_ab12', 'order:O-1'. */
  readonly subject: string;
  readonly detail: JsonObject;
}

export interface Appended {
  readonly seq: number;
  readonly at: string;
  readonly hash: string;
}

/**
 * Appends one entry. Call it inside `db.transaction` with the change it records: the
 * advisory lock it takes is held until that transaction ends, and if the transaction rolls
 * back the entry goes with it.
 *
 * @example await db.transaction(async (tx) => { await change(tx); await appendAudit(tx, e); });
 */
export async function appendAudit(
  tx: Queryable,
  entry: AuditInput,
  now: number = Date.now(),
): Promise<Appended> {
  const detail = canonicalJson(entry.detail);
  await tx.query('SELECT pg_advisory_xact_lock($1)', [APPEND_LOCK_KEY]);
  const head = await readHead(tx);
  if (head === undefined) throw new Error('audit head record is missing; run migrations');
  const at = new Date(now).toISOString();
  const row = {
    seq: head.seq + 1,
    at,
    actor: entry.actor,
    action: entry.action,
    subject: entry.subject,
    detail,
    prevHash: head.hash,
  };
  const hash = entryHash(row);
  await tx.query(
    `INSERT INTO audit (seq, at, actor, action, subject, detail, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [row.seq, at, row.actor, row.action, row.subject, detail, row.prevHash, hash],
  );
  await tx.query('UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1', [row.seq, hash]);
  return { seq: row.seq, at, hash };
}

/** The head record, or undefined when it was deleted. */
export async function readHead(db: Queryable): Promise<AuditHead | undefined> {
  const rows = await db.query('SELECT seq, hash FROM audit_head WHERE id = 1');
  const r = rows[0];
  return r === undefined ? undefined : { seq: asInt(r.seq), hash: asText(r.hash) };
}

export type Verification =
  | { readonly ok: true; readonly entries: number; readonly head: AuditHead }
  | Break;

export interface VerifyOptions {
  /** Rows read per query (the log can hold millions). */
  readonly pageSize?: number;
}

/**
 * Reads the whole log in seq order, page by page, and names the first bad entry: an edited
 * field, a deleted entry, a broken link, or an end that is not where the head record says.
 * Safe while others append: entries and head commit together, so the head is read after the
 * rows and the walk continues until it has caught up with it.
 */
export async function verifyAudit(
  db: Queryable,
  options: VerifyOptions = {},
): Promise<Verification> {
  const pageSize = options.pageSize ?? 5000;
  const walk = new ChainWalk();
  const walkToEnd = async (): Promise<Break | undefined> => {
    for (;;) {
      const rows = await db.query(
        `SELECT seq, at, actor, action, subject, detail, prev_hash, hash FROM audit
         WHERE seq > $1 ORDER BY seq LIMIT $2`,
        [walk.last.seq, pageSize],
      );
      for (const r of rows) {
        const bad = walk.next(toRow(r));
        if (bad !== undefined) return bad;
      }
      if (rows.length < pageSize) return undefined;
    }
  };
  let bad = await walkToEnd();
  if (bad !== undefined) return bad;
  let head = await readHead(db);
  while (head !== undefined && head.seq > walk.last.seq) {
    const before = walk.last.seq;
    bad = await walkToEnd();
    if (bad !== undefined) return bad;
    if (walk.last.seq === before) break; // nothing new: the head is ahead of the rows
    head = await readHead(db);
  }
  bad = walk.finish(head);
  if (bad !== undefined) return bad;
  return { ok: true, entries: walk.entries, head: walk.last };
}

/** An entry as the API shows it: detail parsed back from its canonical text. */
export interface AuditEntry {
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly subject: string;
  readonly detail: JsonValue;
  readonly prevHash: string;
  readonly hash: string;
}

export interface ListOptions {
  /** Entries with seq greater than this (a cursor: the last seq seen); default 0. */
  readonly after?: number;
  /** At most this many, 1 to 1000; default 100. */
  readonly limit?: number;
  /** Only entries about this subject. */
  readonly subject?: string;
}

/** A page of entries in seq order; pass the last seq as `after` for the next page. */
export async function listAudit(db: Queryable, options: ListOptions = {}): Promise<AuditEntry[]> {
  const after = options.after ?? 0;
  const limit = Math.min(Math.max(Math.trunc(options.limit ?? 100), 1), 1000);
  const cols = 'seq, at, actor, action, subject, detail, prev_hash, hash';
  const rows =
    options.subject === undefined
      ? await db.query(`SELECT ${cols} FROM audit WHERE seq > $1 ORDER BY seq LIMIT $2`, [
          after,
          limit,
        ])
      : await db.query(
          `SELECT ${cols} FROM audit WHERE subject = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
          [options.subject, after, limit],
        );
  return rows.map((r) => {
    const row = toRow(r);
    const detail: JsonValue = JSON.parse(row.detail);
    return { ...row, detail };
  });
}

function toRow(r: Row): AuditRow {
  return {
    seq: asInt(r.seq),
    at: asText(r.at),
    actor: asText(r.actor),
    action: asText(r.action),
    subject: asText(r.subject),
    detail: asText(r.detail),
    prevHash: asText(r.prev_hash),
    hash: asText(r.hash),
  };
}
