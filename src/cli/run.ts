// Runs one CLI command and turns every outcome into an exit status: 0 success, 2 bad input
// or usage, 1 our own failure. Errors are printed once, to stderr, without stack traces.
import { ClawbackError, InputRejected } from '../errors/index.js';

export interface Io {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stdin: NodeJS.ReadableStream;
  /**
   * True when stdout is done with a chunk once its write calls back, as the process's own
   * stdout is (it hands the bytes to the system): big outputs may then reuse one buffer.
   * Leave it unset for a stream that keeps what it is given (a test's collector).
   */
  readonly stdoutReleasesChunks?: boolean;
  /** The environment (DATABASE_URL, NATS_URL, ...); only the bin entry reads process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Exit status for an error thrown by a command. */
export function reportFailure(e: unknown, io: Io): 1 | 2 {
  if (e instanceof InputRejected) {
    io.stderr.write(
      `clawback: input rejected (${e.errors.length}${e.truncated ? '+' : ''} problem${e.errors.length === 1 && !e.truncated ? '' : 's'}, nothing written)\n${e.message}\n`,
    );
    return 2;
  }
  if (e instanceof ClawbackError) {
    io.stderr.write(`clawback: ${e.message}\n`);
    return e.exitCode === 0 ? 1 : e.exitCode;
  }
  const detail = e instanceof Error ? e.message : String(e);
  io.stderr.write(
    `clawback: internal error: ${detail}\n(please report this with the command you ran)\n`,
  );
  return 1;
}
