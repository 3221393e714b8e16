// `clawback audit verify`: proves the hash-chained audit log untouched, or names the first
// entry that is not what was written (docs/audit.md). Exit 0 intact, 2 broken.
import { Command } from 'commander';
import { verifyAudit } from '../audit/index.js';
import { ClawbackError } from '../errors/index.js';
import { write } from './output.js';
import type { Io } from './run.js';
import { withDatabase } from './token.js';

export function auditCommand(io: Io): Command {
  const audit = new Command('audit').description('the hash-chained audit log');
  const verify = new Command('verify')
    .description('check every entry of the audit log and its head; name the first bad entry')
    .option('--data <dir>', 'PGlite data directory (default ./clawback-data); DATABASE_URL wins')
    .addHelpText(
      'after',
      `
Exit status: 0 the log is intact (stdout: "audit log intact: N entries, head <hash>");
2 it was edited or entries were deleted (stderr names the first bad entry and why), or
the data cannot be opened. Publish the head hash it prints somewhere outside the
database: a later run whose log does not extend that head shows a rewritten log.`,
    )
    .action(async (o: { data?: string }) => {
      const v = await withDatabase(o.data, io, (db) => verifyAudit(db), { mustExist: true });
      if (!v.ok)
        throw new ClawbackError('CB_E_AUDIT_BROKEN', {
          seq: v.seq,
          action: v.action === undefined ? '' : ` (${v.action})`,
          reason: v.reason,
        });
      await write(
        io.stdout,
        `audit log intact: ${v.entries} ${v.entries === 1 ? 'entry' : 'entries'}, head ${v.head.hash}\n`,
      );
    });
  audit.addCommand(
    verify.exitOverride().configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    }),
  );
  return audit;
}
