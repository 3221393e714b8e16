// `clawback serve`: the HTTP API on embedded PGlite (--data) or PostgreSQL (DATABASE_URL),
// with NATS ingest when NATS_URL is set. Stops gracefully on SIGINT/SIGTERM.
import { Command } from 'commander';
import { serveConfig } from '../config/index.js';
import type { Io } from './run.js';

interface ServeOptions {
  data?: string;
  host?: string;
  port?: string;
}

export function serveCommand(io: Io): Command {
  return new Command('serve')
    .description('run the HTTP API: cases, traces, orders, returns, audit (docs/serve.md)')
    .option(
      '--data <dir>',
      'PGlite data directory (ignored when DATABASE_URL is set)',
      './clawback-data',
    )
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on', '8080')
    .addHelpText(
      'after',
      `
Environment: DATABASE_URL (PostgreSQL instead of PGlite), NATS_URL (consume transfers from
NATS JetStream), CLAWBACK_LOG_LEVEL, CLAWBACK_RATE_LIMIT (requests/min per token),
CLAWBACK_BODY_LIMIT (bytes), CLAWBACK_MAX_BATCH, CLAWBACK_CURRENCY; see docs/serve.md.

Create a token first:  clawback token create --role admin --data ./clawback-data`,
    )
    .action(async (opts: ServeOptions) => {
      const config = serveConfig(
        { data: opts.data, host: opts.host, port: opts.port },
        io.env ?? {},
      );
      const { startService } = await import('../serve/index.js');
      const service = await startService(config);
      const address = await service.app.listen({ host: config.host, port: config.port });
      const where = config.db.kind === 'pglite' ? `PGlite in ${config.db.dataDir}` : 'PostgreSQL';
      io.stderr.write(
        `clawback serve: listening on ${address} (${where}${config.natsUrl === undefined ? '' : `, NATS ${config.natsUrl}`})\n`,
      );
      await new Promise<void>((resolve) => {
        const stop = (signal: string) => {
          io.stderr.write(`clawback serve: ${signal}: finishing in-flight work\n`);
          service.stop().then(resolve, (e: unknown) => {
            io.stderr.write(`clawback serve: stop failed: ${String(e)}\n`);
            resolve();
          });
        };
        process.once('SIGINT', () => stop('SIGINT'));
        process.once('SIGTERM', () => stop('SIGTERM'));
      });
    });
}
