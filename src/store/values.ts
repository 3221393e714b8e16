// Reading column values back into domain types: the drivers differ (bigint as BigInt,
// string or number), so every read goes through these checks.

/** A bigint/integer column as a safe integer number. */
export function asInt(v: unknown): number {
  const n = typeof v === 'bigint' ? Number(v) : typeof v === 'string' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isSafeInteger(n))
    throw new Error(`expected a safe integer from the database, got ${String(v)}`);
  return n;
}

export function asText(v: unknown): string {
  if (typeof v !== 'string') throw new Error(`expected text from the database, got ${typeof v}`);
  return v;
}

export function asOptionalText(v: unknown): string | undefined {
  return v === null || v === undefined ? undefined : asText(v);
}

/** A bytea column: a Buffer from PostgreSQL, a Uint8Array from PGlite. */
export function asBytes(v: unknown): Uint8Array {
  if (!(v instanceof Uint8Array))
    throw new Error(`expected bytes from the database, got ${typeof v}`);
  return v;
}
