// Runs the CLI in process with captured stdout/stderr.
import { PassThrough, Readable } from 'node:stream';
import { main } from '../main.js';

export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

export async function runCli(
  argv: readonly string[],
  stdin = '',
  env: Readonly<Record<string, string | undefined>> = {},
): Promise<CliRun> {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (c: Buffer) => {
    stdout += c.toString();
  });
  err.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  const status = await main(argv, {
    stdout: out,
    stderr: err,
    stdin: Readable.from([Buffer.from(stdin)]),
    env,
  });
  return { status, stdout, stderr };
}
