// Reads a CSV or NDJSON input as records of byte-range fields, reporting structural
// problems (bad quoting, field counts, malformed JSON) with file:line to a collector.
import { ClawbackError, type ErrorCollector } from '../errors/index.js';
import { CsvTokenizer } from './csv.js';
import { NdjsonSplitter } from './ndjson.js';
import { type InputSource, type RecordFormat, sniffFormat } from './source.js';

/** Fields of one record: field i is buf[starts[i], ends[i]); starts[i] = -1 means absent. */
export interface RecordSink {
  /** The column names; return false to stop (e.g. a required column is missing). */
  header(names: readonly string[]): boolean;
  row(buf: Buffer, starts: Int32Array, ends: Int32Array, count: number, line: number): void;
  /**
   * Optional fast path for CSV: whole quote-free lines [start, end) after the header, from
   * physical line `line`. Takes the lines it can (each with exactly as many fields as the
   * header, else it must stop there) and returns the offset after them; see LinesCallback.
   */
  wholeLines?(
    buf: Buffer,
    start: number,
    end: number,
    line: number,
    taken: { lines: number },
  ): number;
}

/** A flat record made out of one NDJSON document; a document may make several. */
export type FlatRecord = Readonly<Record<string, unknown>>;
export interface DocumentMapping {
  records: readonly FlatRecord[];
  problems: readonly { path: string; reason: string }[];
}

export interface ReadOptions {
  /** For NDJSON: which fields to pass on, in this order (CSV passes its header). */
  readonly columns: readonly string[];
  readonly collector: ErrorCollector;
  /** Forced format; else from the extension, else sniffed. */
  readonly format?: RecordFormat | undefined;
  /** For NDJSON: turns one parsed document into flat records (default: the object itself). */
  readonly mapDocument?: ((doc: unknown) => DocumentMapping) | undefined;
  /** Called with the bytes read so far. */
  readonly onProgress?: ((bytes: number) => void) | undefined;
}

/** Streams `source` into `sink`. Structural problems go to the collector; reading stops when it is full. */
export async function readRecords(
  source: InputSource,
  options: ReadOptions,
  sink: RecordSink,
): Promise<void> {
  const { collector } = options;
  const problem = (
    line: number,
    code: 'CB_E_MALFORMED_CSV' | 'CB_E_MALFORMED_JSON',
    detail: string,
  ) => collector.add(new ClawbackError(code, { detail }, { file: source.name, line }));
  let format = options.format ?? source.format;
  let push: ((b: Buffer) => void) | undefined;
  let finish: (() => void) | undefined;
  let stopped = false;

  const startCsv = () => {
    let expected = -1;
    const tok = new CsvTokenizer(
      (buf, starts, ends, count, line) => {
        if (stopped) return;
        if (expected < 0) {
          const names: string[] = [];
          for (let i = 0; i < count; i++)
            names.push(buf.toString('utf8', starts[i], ends[i]).trim());
          expected = count;
          if (!sink.header(names)) stopped = true;
          return;
        }
        if (count !== expected) {
          collector.add(
            new ClawbackError(
              'CB_E_FIELD_COUNT',
              { expected, found: count },
              { file: source.name, line },
            ),
          );
          return;
        }
        sink.row(buf, starts, ends, count, line);
      },
      (line, detail) => problem(line, 'CB_E_MALFORMED_CSV', detail),
      sink.wholeLines === undefined
        ? undefined
        : (buf, start, end, line, taken) =>
            expected < 0 || stopped
              ? start
              : (sink.wholeLines?.(buf, start, end, line, taken) ?? start),
    );
    push = (b) => tok.push(b);
    finish = () => {
      tok.finish();
      if (expected < 0 && !stopped)
        collector.add(new ClawbackError('CB_E_EMPTY_INPUT', {}, { file: source.name }));
    };
  };

  const startNdjson = () => {
    const cols = options.columns;
    const index = new Map(cols.map((c, i) => [c, i]));
    let scratch = Buffer.allocUnsafe(4096);
    const starts = new Int32Array(cols.length);
    const ends = new Int32Array(cols.length);
    if (!sink.header(cols)) stopped = true;
    const emit = (rec: FlatRecord, line: number, prefix: string) => {
      starts.fill(-1);
      ends.fill(-1);
      let w = 0;
      for (const [key, j] of index) {
        const v = rec[key];
        if (v === undefined || v === null) continue;
        let text: string;
        if (typeof v === 'string') text = v;
        else if (typeof v === 'number' && Number.isFinite(v)) text = String(v);
        else {
          collector.add(
            new ClawbackError(
              'CB_E_BAD_TYPE',
              { expected: 'a string' },
              { file: source.name, line, path: `${prefix}.${key}` },
            ),
          );
          return;
        }
        const need = w + Buffer.byteLength(text);
        if (need > scratch.length) {
          const bigger = Buffer.allocUnsafe(Math.max(need, scratch.length * 2));
          scratch.copy(bigger, 0, 0, w);
          scratch = bigger;
        }
        starts[j] = w;
        w += scratch.write(text, w, 'utf8');
        ends[j] = w;
      }
      sink.row(scratch, starts, ends, cols.length, line);
    };
    const split = new NdjsonSplitter(
      (doc, line) => {
        if (stopped) return;
        if (options.mapDocument !== undefined) {
          const mapped = options.mapDocument(doc);
          for (const p of mapped.problems) {
            collector.add(
              new ClawbackError(
                'CB_E_BAD_DOCUMENT',
                { detail: p.reason },
                { file: source.name, line, path: p.path },
              ),
            );
          }
          mapped.records.forEach((r, i) => {
            emit(r, line, mapped.records.length > 1 ? `$[${i}]` : '$');
          });
          return;
        }
        if (!isRecord(doc)) {
          collector.add(
            new ClawbackError(
              'CB_E_BAD_TYPE',
              { expected: 'a JSON object' },
              { file: source.name, line, path: '$' },
            ),
          );
          return;
        }
        emit(doc, line, '$');
      },
      (line, detail) => problem(line, 'CB_E_MALFORMED_JSON', detail),
    );
    push = (b) => split.push(b);
    finish = () => split.finish();
  };

  let bytes = 0;
  // The tokenizers copy the partial record they keep, so transient chunks are safe here.
  for await (const chunk of source.transientChunks?.() ?? source.chunks()) {
    if (push === undefined) {
      format ??= sniffFormat(chunk);
      if (format === 'csv') startCsv();
      else startNdjson();
    }
    push?.(chunk);
    bytes += chunk.length;
    options.onProgress?.(bytes);
    if (stopped || collector.full) return;
  }
  if (push === undefined) {
    if (format === 'ndjson') return;
    collector.add(new ClawbackError('CB_E_EMPTY_INPUT', {}, { file: source.name }));
    return;
  }
  finish?.();
}

/** A plain JSON object (not null, not an array). */
export function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
