// Canonical JSON: one byte sequence per value (object keys sorted, no spaces), so a hash over
// it is reproducible by anyone with a JSON library and a sort.

/** A value that survives JSON unchanged. */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue | undefined };

/** An object of JSON values; keys whose value is undefined are left out, as JSON.stringify does. */
export type JsonObject = { readonly [key: string]: JsonValue | undefined };

/**
 * Serialises `value` with object keys in code-unit order and no whitespace.
 * Throws on what JSON cannot carry (NaN, Infinity, bigint, functions, undefined in arrays).
 *
 * @example canonicalJson({ b: 1, a: [true, null] }) === '{"a":[true,null],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  return write(value, '$');
}

function write(value: unknown, path: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`${path}: ${value} is not JSON`);
      return JSON.stringify(value);
    case 'string':
      return JSON.stringify(value);
    case 'object':
      if (Array.isArray(value))
        return `[${value.map((v, i) => write(v, `${path}[${i}]`)).join(',')}]`;
      return writeObject(value, path);
    default:
      throw new TypeError(`${path}: a ${typeof value} is not JSON`);
  }
}

function writeObject(value: object, path: string): string {
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null)
    throw new TypeError(`${path}: only plain objects are JSON`);
  const parts: string[] = [];
  for (const key of Object.keys(value).sort()) {
    const v: unknown = (value as Record<string, unknown>)[key];
    if (v === undefined) continue;
    parts.push(`${JSON.stringify(key)}:${write(v, `${path}.${key}`)}`);
  }
  return `{${parts.join(',')}}`;
}
