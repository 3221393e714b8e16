#!/usr/bin/env node
// The `clawback` command line: one subcommand per capability. main() returns the exit status
// so tests can drive it in process; the bin entry at the bottom is the only thing that runs.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { auditCommand } from './audit.js';
import { restituteCommand } from './restitute.js';
import { type Io, reportFailure } from './run.js';
import { serveCommand } from './serve.js';
import { simulateCommand } from './simulate.js';
import { tokenCommand } from './token.js';
import { traceCommand } from './trace.js';

export function buildProgram(io: Io): Command {
  const program = new Command('clawback')
    .description(
      'Open-source anti-fraud platform: trace stolen money through mule accounts, freeze it and return it to victims.',
    )
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    });
  program.addCommand(traceCommand(io));
  program.addCommand(restituteCommand(io));
  program.addCommand(simulateCommand(io));
  program.addCommand(tokenCommand(io));
  program.addCommand(auditCommand(io));
  program.addCommand(serveCommand(io));
  for (const c of program.commands) {
    c.exitOverride().configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    });
  }
  return program;
}

const VERSION = '0.1.0';

/** Runs the CLI with `argv` (without node and script) and returns the exit status. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const program = buildProgram(io);
  if (argv.length === 0) {
    program.outputHelp();
    return 2;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    return reportFailure(e, io);
  }
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  main(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
  }).then(
    (status) => {
      process.exitCode = status;
    },
    (e: unknown) => {
      process.stderr.write(`clawback: internal error: ${String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
