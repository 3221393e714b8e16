// Batch bodies: a JSON array, or NDJSON (application/x-ndjson), one record per line. A line
// that is not JSON becomes a rejected record at its index, so it never blocks the others.
import { ClawbackError } from '../errors/index.js';
import type { FieldProblem } from '../ledger/index.js';

export interface BatchBody {
  /** Parsed records; `undefined` at the index of an NDJSON line that did not parse. */
  readonly records: readonly unknown[];
  readonly unparsed: ReadonlyMap<number, FieldProblem>;
}

/** The parsed body of a batch request (NDJSON arrives as text from our content parser). */
export function batchOf(body: unknown, maxBatch: number): BatchBody {
  if (typeof body === 'string') return ndjson(body, maxBatch);
  if (!Array.isArray(body))
    throw new ClawbackError(
      'CB_E_BAD_TYPE',
      { expected: 'a JSON array of records, or NDJSON' },
      { path: '/' },
    );
  if (body.length > maxBatch)
    throw new ClawbackError(
      'CB_E_BAD_TYPE',
      { expected: `at most ${maxBatch} records per request` },
      { path: '/' },
    );
  return { records: body, unparsed: new Map() };
}

function ndjson(text: string, maxBatch: number): BatchBody {
  const records: unknown[] = [];
  const unparsed = new Map<number, FieldProblem>();
  let start = 0;
  let line = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    line++;
    const raw = text.slice(start, end).trim();
    start = end + 1;
    if (raw === '') continue;
    if (records.length >= maxBatch)
      throw new ClawbackError(
        'CB_E_BAD_TYPE',
        { expected: `at most ${maxBatch} records per request` },
        { path: `line ${line}` },
      );
    try {
      records.push(JSON.parse(raw));
    } catch (e) {
      unparsed.set(records.length, {
        pointer: '',
        code: 'CB_E_MALFORMED_JSON',
        detail: `line ${line}: malformed JSON: ${e instanceof Error ? e.message : String(e)}`,
        status: 400,
      });
      records.push(undefined);
    }
  }
  return { records, unparsed };
}
