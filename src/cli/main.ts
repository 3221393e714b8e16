#!/usr/bin/env node
// The `clawback` command line: one subcommand per capability. main() returns the exit status
// so tests can drive it in process; the bin entry at the bottom is the only thing that runs.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { writeFailure } from './output.js';
import { type Io, reportFailure } from './run.js';

type CommandFactory = (io: Io) => Command;

/**
 * Each command's module, loaded only when needed: `clawback trace` does not pay for the
 * server, the simulator or the database drivers at start-up.
 */
const COMMANDS: Readonly<Record<string, () => Promise<CommandFactory>>> = {
  trace: async () => (await import('./trace.js')).traceCommand,
  restitute: async () => (await import('./restitute.js')).restituteCommand,
  simulate: async () => (await import('./simulate.js')).simulateCommand,
  token: async () => (await import('./token.js')).tokenCommand,
  audit: async () => (await import('./audit.js')).auditCommand,
  serve: async () => (await import('./serve.js')).serveCommand,
};

/** The program with the command `argv` names, or with every command (help, unknown ones). */
export async function buildProgram(io: Io, argv: readonly string[] = []): Promise<Command> {
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
  const named = argv[0] === undefined ? undefined : COMMANDS[argv[0]];
  const wanted = named === undefined ? Object.values(COMMANDS) : [named];
  for (const load of wanted) program.addCommand((await load())(io));
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
  const program = await buildProgram(io, argv);
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
  // A reader that goes away (`clawback trace ... | head`) is not a failure of ours.
  // Any other failure to write stdout (a full disk) is reported as CB_E_OUTPUT would be.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    process.stderr.write(`clawback: cannot write stdout: ${writeFailure(e)}\n`);
    process.exit(2);
  });
  main(process.argv.slice(2), {
    stdout: process.stdout,
    stdoutReleasesChunks: true,
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
