// The hash chain itself, pure: how an entry's hash is computed and how a walk over the
// entries in seq order finds the first one that is not what was written.
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical.js';

/** prev_hash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** One stored entry, as the audit table holds it (`detail` is canonical JSON text). */
export interface AuditRow {
  readonly seq: number;
  /** ISO 8601 UTC, e.g. 2025-01-31T08:00:00.000Z. */
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly subject: string;
  readonly detail: string;
  readonly prevHash: string;
  readonly hash: string;
}

/** What the head record says: the last entry's seq and hash (0 and GENESIS_HASH when empty). */
export interface AuditHead {
  readonly seq: number;
  readonly hash: string;
}

/**
 * sha256 hex over the canonical JSON of
 * {action, actor, at, detail, prev_hash, seq, subject}, with `detail` as the stored text, so
 * any change to any stored byte of the entry changes the hash.
 */
export function entryHash(row: Omit<AuditRow, 'hash'>): string {
  const body = canonicalJson({
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    action: row.action,
    subject: row.subject,
    detail: row.detail,
    prev_hash: row.prevHash,
  });
  return createHash('sha256').update(body, 'utf8').digest('hex');
}

/** Why an entry is bad. */
export type Problem =
  /** An entry's fields do not give its stored hash: it was edited. */
  | 'edited'
  /** A seq is absent: the entry was deleted (or renumbered). */
  | 'missing'
  /** An entry does not carry the hash of the one before it: it was replaced or re-linked. */
  | 'unlinked'
  /** The entries end before, after or other than where the head record says. */
  | 'head';

export interface Break {
  readonly ok: false;
  /** The first bad entry. */
  readonly seq: number;
  /** Its action when the entry exists. */
  readonly action: string | undefined;
  readonly problem: Problem;
  readonly reason: string;
}

/**
 * Walks entries in seq order and stops at the first bad one. Feed every row to `next`;
 * when the rows run out, `finish` compares the end with the head record.
 */
export class ChainWalk {
  private lastSeq = 0;
  private lastHash = GENESIS_HASH;
  private lastAction: string | undefined;
  private seen = 0;

  get entries(): number {
    return this.seen;
  }

  get last(): AuditHead {
    return { seq: this.lastSeq, hash: this.lastHash };
  }

  /** Checks one row; a Break names the first bad entry (stop walking then). */
  next(row: AuditRow): Break | undefined {
    const expected = this.lastSeq + 1;
    if (row.seq !== expected)
      return row.seq > expected
        ? broken(
            expected,
            undefined,
            'missing',
            `entry ${expected} is missing (the next entry is ${row.seq}): deleted`,
          )
        : broken(row.seq, row.action, 'missing', `entry ${row.seq} is out of order`);
    if (entryHash(row) !== row.hash)
      return broken(
        row.seq,
        row.action,
        'edited',
        'its content does not match its hash: the entry was edited',
      );
    if (row.prevHash !== this.lastHash)
      return broken(
        row.seq,
        row.action,
        'unlinked',
        row.seq === 1
          ? 'the first entry does not start the chain: entries before it were removed or it was replaced'
          : `it does not carry the hash of entry ${row.seq - 1}: one of the two was replaced`,
      );
    this.lastSeq = row.seq;
    this.lastHash = row.hash;
    this.lastAction = row.action;
    this.seen += 1;
    return undefined;
  }

  /** After the last row: the log must end exactly where the head record says. */
  finish(head: AuditHead | undefined): Break | undefined {
    if (head === undefined)
      return broken(this.lastSeq, undefined, 'head', 'the head record is missing: it was deleted');
    if (head.seq > this.lastSeq)
      return broken(
        this.lastSeq + 1,
        undefined,
        'head',
        head.seq === this.lastSeq + 1
          ? `entry ${head.seq} is missing: the log ends at ${this.lastSeq} but the head record says ${head.seq} (the last entry was deleted)`
          : `entries ${this.lastSeq + 1} to ${head.seq} are missing: the log ends at ${this.lastSeq} but the head record says ${head.seq} (the last entries were deleted)`,
      );
    if (head.seq < this.lastSeq)
      return broken(
        head.seq + 1,
        undefined,
        'head',
        `entries after ${head.seq} are not covered by the head record: written outside clawback, or the head record was edited`,
      );
    if (head.hash !== this.lastHash)
      return broken(
        head.seq,
        this.lastAction,
        'head',
        'the head record holds another hash for this entry: the entry was rewritten with a new hash, or the head record was edited',
      );
    return undefined;
  }
}

function broken(seq: number, action: string | undefined, problem: Problem, reason: string): Break {
  return { ok: false, seq, action, problem, reason };
}
