// The one database interface every capability uses: parameterised SQL, transactions and
// COPY out, over embedded PGlite or a real PostgreSQL. Same SQL dialect for both.

/** A row as the driver returns it: column name to value. */
export type Row = Record<string, unknown>;

export interface Queryable {
  /** Runs one parameterised statement ($1, $2, ...) and returns its rows. */
  query<R extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<R[]>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Runs `fn` in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** `COPY (query) TO STDOUT WITH (FORMAT csv, HEADER)` as bytes. */
  copyCsv(query: string): Promise<Buffer>;
  close(): Promise<void>;
}

/** Where the data lives: a PGlite directory (embedded) or a PostgreSQL URL. */
export type DbTarget =
  | { readonly kind: 'pglite'; readonly dataDir: string | undefined }
  | { readonly kind: 'postgres'; readonly url: string; readonly max?: number | undefined };
