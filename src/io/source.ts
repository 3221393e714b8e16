// Opening an input: a path or `-` (stdin), gunzipped when it ends in .gz, with the record
// format chosen by the extension (.csv, .ndjson, .jsonl) or sniffed for stdin.
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { ClawbackError } from '../errors/index.js';

export type RecordFormat = 'csv' | 'ndjson';

export interface InputSource {
  /** The name errors use: the path as given, or `stdin`. */
  readonly name: string;
  /** Size in bytes on disk when known (for progress), else undefined. */
  readonly size: number | undefined;
  /** Format from the extension; undefined when it must be sniffed. */
  readonly format: RecordFormat | undefined;
  /** Raw (decompressed) chunks. */
  chunks(): AsyncIterable<Buffer>;
  /**
   * The same chunks, cheaper, where the source can: each stays valid only until the one
   * after it has been consumed (two buffers are read into in turn), so a consumer must
   * copy what it keeps longer. Tokenizers keep only a partial record, copied when the
   * next chunk comes.
   */
  transientChunks?(): AsyncIterable<Buffer>;
}

const CHUNK = 1 << 20;

/** Opens `path` (or `-` for stdin). Throws CB_E_FILE for a missing or unreadable file. */
export function openSource(
  path: string,
  stdin: NodeJS.ReadableStream = process.stdin,
): InputSource {
  const gz = path.endsWith('.gz');
  const plain = gz ? path.slice(0, -3) : path;
  const format = formatFromName(plain);
  if (path === '-') {
    return {
      name: 'stdin',
      size: undefined,
      format: undefined,
      chunks: () => asBuffers(stdin, 'stdin'),
    };
  }
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new ClawbackError('CB_E_FILE', { file: path, detail: 'not a file' });
    size = st.size;
  } catch (e) {
    if (e instanceof ClawbackError) throw e;
    throw new ClawbackError('CB_E_FILE', { file: path, detail: reasonOf(e) });
  }
  return {
    name: path,
    size,
    format,
    chunks: () => {
      const raw = createReadStream(path, { highWaterMark: CHUNK });
      return asBuffers(gz ? raw.pipe(createGunzip({ chunkSize: CHUNK })) : raw, path);
    },
    ...(gz ? {} : { transientChunks: () => readInTurn(path) }),
  };
}

/**
 * A plain file read synchronously into two buffers in turn: no stream machinery and no
 * new buffer per chunk (a read stream costs three times as much on a 100 MB file).
 */
async function* readInTurn(path: string): AsyncIterable<Buffer> {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw new ClawbackError('CB_E_FILE', { file: path, detail: reasonOf(e) });
  }
  try {
    const buffers = [Buffer.allocUnsafe(CHUNK), Buffer.allocUnsafe(CHUNK)];
    for (let k = 0; ; k++) {
      const b = buffers[k & 1]!;
      let n: number;
      try {
        n = readSync(fd, b, 0, CHUNK, null);
      } catch (e) {
        throw new ClawbackError('CB_E_FILE', { file: path, detail: reasonOf(e) });
      }
      if (n === 0) return;
      yield b.subarray(0, n);
    }
  } finally {
    closeSync(fd);
  }
}

/** `x.csv` -> csv, `x.ndjson`/`x.jsonl`/`x.json` -> ndjson, else undefined. */
export function formatFromName(name: string): RecordFormat | undefined {
  const lower = name.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.ndjson') || lower.endsWith('.jsonl') || lower.endsWith('.json'))
    return 'ndjson';
  return undefined;
}

/** NDJSON if the first meaningful byte opens a JSON object, else CSV. */
export function sniffFormat(first: Buffer): RecordFormat {
  let i = 0;
  if (first[0] === 0xef && first[1] === 0xbb && first[2] === 0xbf) i = 3;
  while (
    i < first.length &&
    (first[i] === 32 || first[i] === 10 || first[i] === 13 || first[i] === 9)
  )
    i++;
  return first[i] === 123 ? 'ndjson' : 'csv';
}

async function* asBuffers(stream: NodeJS.ReadableStream, name: string): AsyncIterable<Buffer> {
  try {
    for await (const chunk of stream) {
      yield typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    }
  } catch (e) {
    throw new ClawbackError('CB_E_FILE', { file: name, detail: reasonOf(e) });
  }
}

function reasonOf(e: unknown): string {
  if (e instanceof Error) {
    const code = 'code' in e && typeof e.code === 'string' ? e.code : '';
    if (code === 'ENOENT') return 'no such file';
    if (code === 'EACCES') return 'permission denied';
    if (code === 'EISDIR') return 'is a directory';
    if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR')
      return `not valid gzip data (${e.message})`;
    return e.message;
  }
  return String(e);
}
