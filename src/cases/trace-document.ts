// A trace's JSON document in the store: written as it is produced, in numbered parts of
// 1 MiB (trace_parts), and read back part by part, so that no document, however big, is
// ever one string or one column value.
import { ClawbackError } from '../errors/index.js';
import { asBytes, asInt, type Queryable } from '../store/index.js';

/** Bytes per stored part (the last one may be shorter). */
export const PART_BYTES = 1 << 20;
/** Parts fetched per query when reading. */
const PARTS_PER_READ = 4;

/**
 * Stores `chunks` as the parts of trace `traceId` (its row must exist, in the same
 * transaction) and returns the document's size in bytes. An empty document is one empty part.
 */
export async function writeDocument(
  tx: Queryable,
  traceId: string,
  chunks: Iterable<Uint8Array>,
  partBytes = PART_BYTES,
): Promise<number> {
  let part = Buffer.allocUnsafe(partBytes);
  let filled = 0;
  let seq = 0;
  let size = 0;
  const flush = async () => {
    await tx.query('INSERT INTO trace_parts (trace_id, seq, bytes) VALUES ($1, $2, $3)', [
      traceId,
      seq++,
      part.subarray(0, filled),
    ]);
    part = Buffer.allocUnsafe(partBytes);
    filled = 0;
  };
  for (const chunk of chunks) {
    size += chunk.length;
    let at = 0;
    while (at < chunk.length) {
      const n = Math.min(partBytes - filled, chunk.length - at);
      part.set(chunk.subarray(at, at + n), filled);
      filled += n;
      at += n;
      if (filled === partBytes) await flush();
    }
  }
  if (filled > 0 || seq === 0) await flush();
  return size;
}

/**
 * The parts of trace `traceId` in order, fetched a few at a time as they are consumed;
 * throws if one is missing or they do not add up to `size` bytes (the store was changed by
 * hand): a client reading the answer sees it cut short of its Content-Length.
 */
export async function* readDocument(
  db: Queryable,
  traceId: string,
  size: number,
): AsyncGenerator<Uint8Array> {
  let seq = 0;
  let total = 0;
  const broken = (what: string) =>
    new ClawbackError('CB_E_INTERNAL', { detail: `trace ${traceId}: ${what}` });
  for (;;) {
    const rows = await db.query(
      'SELECT seq, bytes FROM trace_parts WHERE trace_id = $1 AND seq >= $2 ORDER BY seq LIMIT $3',
      [traceId, seq, PARTS_PER_READ],
    );
    for (const r of rows) {
      if (asInt(r.seq) !== seq) throw broken(`stored part ${seq} is missing`);
      const bytes = asBytes(r.bytes);
      total += bytes.length;
      seq++;
      yield bytes;
    }
    if (rows.length < PARTS_PER_READ) break;
  }
  if (total !== size) throw broken(`stored parts hold ${total} bytes, the trace row says ${size}`);
}
