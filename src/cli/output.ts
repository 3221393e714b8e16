// Writing results: files in an output directory appear all together or not at all. Each
// file is written under a temporary name and renamed into place on commit().
import {
  closeSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  openSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  type WriteStream,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { ClawbackError } from '../errors/index.js';

/** Buffered synchronous writes to one file (for output produced inside a hot loop). */
export class SyncWriter {
  private parts: Uint8Array[] = [];
  private size = 0;

  /** `name`: the file's name in messages (the final one, not the temporary one). */
  constructor(
    private readonly fd: number,
    private readonly name = `fd ${fd}`,
  ) {}

  /** Writes text (UTF-8) or bytes; the bytes must not change afterwards. */
  write(data: string | Uint8Array): void {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    this.parts.push(bytes);
    this.size += bytes.length;
    if (this.size >= 1 << 20) this.flush();
  }

  /** Writes bytes now, after anything pending: they may change once this returns. */
  writeNow(bytes: Uint8Array): void {
    this.flush();
    this.writeAll(bytes);
  }

  flush(): void {
    if (this.parts.length === 0) return;
    const all = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts);
    this.parts = [];
    this.size = 0;
    this.writeAll(all);
  }

  /** A failed write (a full disk) is CB_E_OUTPUT naming the file, not an internal error. */
  private writeAll(bytes: Uint8Array): void {
    try {
      for (let done = 0; done < bytes.length; ) done += writeSync(this.fd, bytes, done);
    } catch (e) {
      throw new ClawbackError('CB_E_OUTPUT', { file: this.name, detail: writeFailure(e) });
    }
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

type Pending =
  | { kind: 'stream'; tmp: string; final: string; stream: WriteStream }
  | { kind: 'sync'; tmp: string; final: string; writer: SyncWriter; closed: boolean };

export class OutputDir {
  private readonly pending: Pending[] = [];
  /** prepare() made the directory (abandon() then removes it if it is empty). */
  private created = false;

  constructor(readonly dir: string) {}

  /** Checks the directory can be used (creates it); call before long work. */
  prepare(): void {
    try {
      this.created = !existsSync(this.dir);
      mkdirSync(this.dir, { recursive: true });
      if (!statSync(this.dir).isDirectory()) throw new Error('not a directory');
    } catch (e) {
      throw new ClawbackError('CB_E_OUTPUT', {
        file: this.dir,
        detail: e instanceof Error ? e.message : String(e),
      });
    }
  }

  private tmpName(name: string): { tmp: string; final: string } {
    return { final: join(this.dir, name), tmp: join(this.dir, `.${name}.${process.pid}.tmp`) };
  }

  /** A buffered stream for `name`; nothing is visible under that name until commit(). */
  open(name: string): WriteStream {
    const { tmp, final } = this.tmpName(name);
    const stream = createWriteStream(tmp, { highWaterMark: 1 << 20 });
    this.pending.push({ kind: 'stream', tmp, final, stream });
    return stream;
  }

  /** A synchronous buffered writer for `name` (visible after commit()). */
  writer(name: string): SyncWriter {
    const { tmp, final } = this.tmpName(name);
    const writer = new SyncWriter(openSync(tmp, 'w'), final);
    this.pending.push({ kind: 'sync', tmp, final, writer, closed: false });
    return writer;
  }

  /** Writes a whole file now and closes it (visible after commit()). */
  writeFile(name: string, content: string): void {
    const { tmp, final } = this.tmpName(name);
    const fd = openSync(tmp, 'w');
    const writer = new SyncWriter(fd, final);
    this.pending.push({ kind: 'sync', tmp, final, writer, closed: true });
    writer.write(content);
    writer.close();
  }

  async commit(): Promise<void> {
    for (const p of this.pending) {
      if (p.kind === 'stream') await closeStream(p.stream);
      else if (!p.closed) {
        p.writer.close();
        p.closed = true;
      }
    }
    for (const p of this.pending) renameSync(p.tmp, p.final);
    this.pending.length = 0;
  }

  /** Removes the temporary files (after a failure). */
  async abandon(): Promise<void> {
    for (const p of this.pending) {
      try {
        if (p.kind === 'stream') await closeStream(p.stream);
        else if (!p.closed) p.writer.close();
      } catch {
        // the file goes anyway
      }
      rmSync(p.tmp, { force: true });
    }
    this.pending.length = 0;
    if (this.created) {
      try {
        rmdirSync(this.dir); // only if empty
      } catch {
        // something else is in it now: leave it
      }
      this.created = false;
    }
  }
}

/** Why a write failed, for a message (a full disk in words). */
export function writeFailure(e: unknown): string {
  if (e instanceof Error && 'code' in e && e.code === 'ENOSPC') return 'no space left on device';
  return e instanceof Error ? e.message : String(e);
}

function closeStream(s: WriteStream): Promise<void> {
  return new Promise((resolve, reject) => {
    s.once('error', reject);
    s.end(() => resolve());
  });
}

/**
 * Writes bytes that change once this returns (a transient chunk): waits for the write's
 * callback, by which a stream that hands its chunks on (the process's stdout) is done with
 * them. Only for such a stream: one that keeps the chunks it was given needs copies.
 */
export function writeAndRelease(stream: NodeJS.WritableStream, data: Uint8Array): Promise<void> {
  return new Promise((resolve) => {
    // Resolves on an error too: the stream reports it ('error'), as with write().
    stream.write(data, () => resolve());
  });
}

/** Writes text or bytes to a stream, waiting when its buffer is full. */
export async function write(
  stream: NodeJS.WritableStream,
  data: string | Uint8Array,
): Promise<void> {
  if (!stream.write(data)) await new Promise<void>((r) => stream.once('drain', () => r()));
}
