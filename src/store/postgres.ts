// A real PostgreSQL server through the `postgres` driver (pooled connections).
import postgres from 'postgres';
import type { Db, Queryable, Row } from './db.js';

type Sql = postgres.Sql | postgres.TransactionSql;

function queryOn(sql: Sql): Queryable['query'] {
  return async <R extends Row>(text: string, params?: readonly unknown[]) => {
    const rows = await sql.unsafe<R[]>(text, (params ?? []) as postgres.ParameterOrJSON<never>[], {
      prepare: true,
    });
    return [...rows];
  };
}

export async function openPostgres(url: string, max = 10): Promise<Db> {
  const sql = postgres(url, {
    max,
    onnotice: () => {},
    // bigint columns come back as strings unless told: money needs them as numbers we check.
    types: { bigint: postgres.BigInt },
  });
  await sql`select 1`;
  return {
    kind: 'postgres',
    query: queryOn(sql),
    async exec(text) {
      await sql.unsafe(text);
    },
    transaction: async <T>(fn: (tx: Queryable) => Promise<T>) =>
      (await sql.begin((tx) => fn({ query: queryOn(tx) }))) as T,
    async copyCsv(select) {
      const stream = await sql
        .unsafe(`COPY (${select}) TO STDOUT WITH (FORMAT csv, HEADER)`)
        .readable();
      const parts: Buffer[] = [];
      try {
        for await (const c of stream) parts.push(c as Buffer);
      } finally {
        // postgres.js 3.4 pauses the connection's socket when the stream's buffer is full and
        // resumes it only from the stream's read(); when CopyDone arrives in the same chunk
        // as that CopyData, nothing reads again and the pooled connection hangs every later
        // query on it (porsager/postgres#499, fix pending in #1016). read() is exactly
        // socket.resume(): call it once more after the end.
        (stream as unknown as { _read?: (n: number) => void })._read?.(0);
      }
      return Buffer.concat(parts);
    },
    async close() {
      await sql.end({ timeout: 5 });
    },
  };
}
