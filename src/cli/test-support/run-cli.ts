// Runs the CLI in process with captured stdout/stderr.
import { PassThrough, Readable, Writable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { main } from '../main.js';

export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `clawback argv...`. Stdout is decoded as each write arrives and calls back after, as
 * the process's own stdout hands bytes on, so the CLI may reuse its chunk buffers there
 * (`stdoutReleasesChunks`) exactly as in production.
 */
export async function runCli(
  argv: readonly string[],
  stdin = '',
  env: Readonly<Record<string, string | undefined>> = {},
  { keepsChunks = false }: { keepsChunks?: boolean } = {},
): Promise<CliRun> {
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  const decoder = new StringDecoder('utf8');
  // keepsChunks: a stream that holds on to every chunk until the end (and says so), to
  // check that the CLI then gives it chunks of their own.
  const kept: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      if (keepsChunks) kept.push(b);
      else stdout += decoder.write(b);
      done();
    },
  });
  err.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  const status = await main(argv, {
    stdout: out,
    stdoutReleasesChunks: !keepsChunks,
    stderr: err,
    stdin: Readable.from([Buffer.from(stdin)]),
    env,
  });
  stdout = keepsChunks ? Buffer.concat(kept).toString('utf8') : stdout + decoder.end();
  return { status, stdout, stderr };
}
