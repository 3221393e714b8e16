// `clawback token create|revoke`: API tokens from the command line (the first admin token
// has to come from somewhere). Works on the data directory or DATABASE_URL, like serve.
import { Command, Option } from 'commander';
import { createToken, isRole, ROLES, resolveSpec, revokeToken } from '../auth/index.js';
import { dbTargetFrom } from '../config/index.js';
import { ClawbackError } from '../errors/index.js';
import { type Db, migrate, openDbLocked } from '../store/index.js';
import { write } from './output.js';
import type { Io } from './run.js';

/**
 * Opens the database a command names (DATABASE_URL wins over --data), migrated, under the
 * data directory lock, runs `fn` and closes it. `mustExist`: refuse a missing data directory
 * instead of creating an empty database in it.
 */
export async function withDatabase<T>(
  data: string | undefined,
  io: Io,
  fn: (db: Db) => Promise<T>,
  options: { mustExist?: boolean } = {},
): Promise<T> {
  const target = dbTargetFrom(data, io.env ?? {});
  if (options.mustExist === true && target.kind === 'pglite' && target.dataDir !== undefined) {
    const { existsSync } = await import('node:fs');
    if (!existsSync(target.dataDir))
      throw new ClawbackError('CB_E_FILE', {
        file: target.dataDir,
        detail: 'no such data directory (give --data, or set DATABASE_URL)',
      });
  }
  const db = await openDbLocked(target);
  try {
    await migrate(db);
    return await fn(db);
  } finally {
    await db.close();
  }
}

/** The audit actor of a CLI change: who ran it, as far as the environment says. */
export function cliActor(io: Io): string {
  const user = io.env?.USER ?? io.env?.USERNAME;
  return user === undefined || user === '' ? 'cli' : `cli:${user}`;
}

const DATA_HELP = 'PGlite data directory (default ./clawback-data); DATABASE_URL wins';

interface CreateOptions {
  role: string;
  institution?: string;
  unit?: string;
  name?: string;
  data?: string;
}

export function tokenCommand(io: Io): Command {
  const token = new Command('token').description('create and revoke API tokens');
  const create = new Command('create')
    .description('create an API token and print it once on stdout (only its hash is stored)')
    .addOption(
      new Option('--role <role>', 'what the token may do').choices(ROLES).makeOptionMandatory(),
    )
    .option('--institution <id>', 'the institution an institution token acts for (required then)')
    .option('--unit <id>', 'the police unit an authority token acts for (default: --name)')
    .option('--name <name>', 'a label for people (default: the unit, institution or role)')
    .option('--data <dir>', DATA_HELP)
    .addHelpText(
      'after',
      `
Examples:
  clawback token create --role admin --name ops
  clawback token create --role authority --unit PSB-0101 --name "Pudong anti-fraud centre"
  clawback token create --role institution --institution BANK-A

Requests carry it as: Authorization: Bearer <token>. Do not run this against a data
directory that clawback serve has open; use the admin API of the running server then.`,
    )
    .action(async (o: CreateOptions) => {
      const role = o.role;
      if (!isRole(role)) throw new ClawbackError('CB_E_USAGE', { detail: `--role ${role}` });
      const spec = { role, institution: o.institution, unit: o.unit, name: o.name };
      resolveSpec(spec); // a bad spec fails before any data directory is touched
      const created = await withDatabase(o.data, io, (db) =>
        createToken(db, spec, { actor: cliActor(io) }),
      );
      const p = created.principal;
      const scope =
        p.unit !== undefined
          ? `, unit ${p.unit}`
          : p.institution !== undefined
            ? `, institution ${p.institution}`
            : '';
      await write(io.stdout, `${created.token}\n`);
      io.stderr.write(
        `created token ${created.id} (${p.role}${scope}, name ${p.name}); it is shown only once: store it now\n`,
      );
    });
  const revoke = new Command('revoke')
    .description(
      'revoke an API token by its id (tok_...); a running server stops accepting it within 10 s',
    )
    .argument('<id>', 'the token id printed when it was created')
    .option('--data <dir>', DATA_HELP)
    .action(async (id: string, o: { data?: string }) => {
      const r = await withDatabase(o.data, io, (db) =>
        revokeToken(db, id, { actor: cliActor(io) }),
      );
      await write(
        io.stdout,
        r.changed ? `revoked token ${id}\n` : `token ${id} was already revoked\n`,
      );
    });
  for (const c of [create, revoke])
    token.addCommand(
      c.exitOverride().configureOutput({
        writeOut: (s) => io.stdout.write(s),
        writeErr: (s) => io.stderr.write(s),
      }),
    );
  return token;
}
