// Small inputs (losses, accounts, claims) read whole as rows of strings, with the
// required columns checked against the header.
import { ClawbackError, type ErrorCollector } from '../errors/index.js';
import { readRecords } from './records.js';
import type { InputSource, RecordFormat } from './source.js';

export interface TableRow {
  readonly line: number;
  /** Field text by column name; absent columns (and NDJSON nulls) are undefined. */
  readonly values: Readonly<Record<string, string | undefined>>;
}

export interface TableSpec {
  readonly required: readonly string[];
  readonly optional: readonly string[];
}

/** Reads every row of `source`; missing required columns and structural problems go to `collector`. */
export async function readTable(
  source: InputSource,
  spec: TableSpec,
  collector: ErrorCollector,
  format?: RecordFormat,
): Promise<TableRow[]> {
  const rows: TableRow[] = [];
  let names: readonly string[] = [];
  const columns = [...spec.required, ...spec.optional];
  await readRecords(
    source,
    { columns, collector, format },
    {
      header(h) {
        names = h;
        let ok = true;
        for (const r of spec.required) {
          if (!h.includes(r)) {
            collector.add(
              new ClawbackError(
                'CB_E_MISSING_COLUMN',
                { column: r },
                { file: source.name, line: 1 },
              ),
            );
            ok = false;
          }
        }
        return ok;
      },
      row(buf, starts, ends, count, line) {
        const values: Record<string, string | undefined> = {};
        for (let i = 0; i < count; i++) {
          const name = names[i];
          const s = starts[i]!;
          if (name === undefined || s < 0 || name in values) continue;
          values[name] = buf.toString('utf8', s, ends[i]);
        }
        rows.push({ line, values });
      },
    },
  );
  return rows;
}
