// NATS JetStream ingest benchmark (standalone; runs on dist/, so `npm run build` first):
//   node bench/nats.mjs                   300,000 transfers, PostgreSQL and PGlite
//   CLAWBACK_BENCH_QUICK=1 node ...       50,000
// Publishes the transfers into a fresh stream first (one transfer per message), then times
// the consumer (startTransferConsumer) from its start until every transfer is stored, three
// times per configuration, each run with a new durable (so it reads the stream from the start)
// into an emptied table. PostgreSQL gets a fresh database, dropped at the end; the stream is
// deleted too. Prints a markdown section beginning with `## nats`; progress goes to stderr.
// Environment: NATS_URL (default nats://127.0.0.1:4222), CLAWBACK_BENCH_POSTGRES (an admin
// URL, default postgres://postgres@127.0.0.1:5432/postgres).

import { execFileSync } from 'node:child_process';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import postgres from 'postgres';
import { migrate, openDb } from '../dist/store/index.js';
import { publishTransfers, startTransferConsumer } from '../dist/stream/index.js';

const QUICK = process.env.CLAWBACK_BENCH_QUICK === '1';
const N = QUICK ? 50_000 : 300_000;
const RUNS = 3;
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const ADMIN = process.env.CLAWBACK_BENCH_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const TAG = `${process.pid}`;
/** Transfers per message in the NDJSON set. */
const PER_MESSAGE = 100;
/** Two streams: one transfer per message, and NDJSON messages of PER_MESSAGE transfers. */
const SETS = {
  single: {
    stream: `CLAWBACK_BENCH_${TAG}`,
    subject: `clawback.bench.${TAG}.single.>`,
    publishOn: `clawback.bench.${TAG}.single.bank1`,
  },
  ndjson: {
    stream: `CLAWBACK_BENCH_${TAG}_NDJSON`,
    subject: `clawback.bench.${TAG}.ndjson.>`,
    publishOn: `clawback.bench.${TAG}.ndjson.bank1`,
  },
};
const DEAD = `clawback.bench.${TAG}.rejected`;
const DB_NAME = `clawback_bench_nats_${TAG}`;

const log = (s) => process.stderr.write(`[nats] ${s}\n`);
const uptime = () => execFileSync('uptime', { encoding: 'utf8' }).trim();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (n) => Math.round(n).toLocaleString('en-US');

/** Transfers in the formats.md fields, shaped like the generator's (19-digit accounts). */
function* transfers(n) {
  const t0 = Date.parse('2024-03-01T00:00:00+08:00');
  for (let i = 0; i < n; i++) {
    const a = 6222020000000000000n + BigInt((i * 7919) % 200_000);
    const b = 6222020000000000000n + BigInt((i * 104_729 + 1) % 200_000);
    yield {
      id: `T${String(i).padStart(9, '0')}`,
      ts: new Date(t0 + i * 250).toISOString(),
      from: String(a),
      to: String(a === b ? b + 1n : b),
      amount: `${1 + ((i * 37) % 49_999)}.${String(i % 100).padStart(2, '0')}`,
      currency: 'CNY',
      channel: i % 5 === 0 ? 'card' : 'transfer',
    };
  }
}

/** NDJSON payloads of `per` transfers each. */
function* ndjson(records, per) {
  let lines = [];
  for (const r of records) {
    lines.push(JSON.stringify(r));
    if (lines.length === per) {
      yield lines.join('\n');
      lines = [];
    }
  }
  if (lines.length > 0) yield lines.join('\n');
}

async function timeRun(db, config, run) {
  const set = SETS[config.set];
  await db.exec('TRUNCATE transfers CASCADE');
  const durable = `bench_${TAG}_${config.set}_${config.batch}x${config.concurrency}_${run}`;
  const started = performance.now();
  let batches = 0;
  const consumer = await startTransferConsumer({
    db,
    natsUrl: NATS_URL,
    stream: set.stream,
    subject: set.subject,
    durable,
    deadLetterSubject: `${DEAD}.${config.set}`,
    currency: 'CNY',
    batch: config.batch,
    concurrency: config.concurrency,
    onBatch: () => batches++,
  });
  while (consumer.stats.stored < N) {
    if (consumer.stats.rejected > 0) throw new Error(`${consumer.stats.rejected} rejected`);
    await new Promise((r) => setTimeout(r, 5));
  }
  const ms = performance.now() - started;
  await consumer.stop();
  const [row] = await db.query('SELECT count(*)::int AS n FROM transfers');
  if (Number(row.n) !== N) throw new Error(`stored ${row.n}, expected ${N}`);
  const nc = await connect({ servers: NATS_URL });
  await (await jetstreamManager(nc)).consumers.delete(set.stream, durable).catch(() => {});
  await nc.close();
  return { ms, rate: (N / ms) * 1000, batches };
}

const label = (c) => `${c.target}, ${c.set}, batch ${c.batch} × ${c.concurrency}`;

async function measure(db, config) {
  const runs = [];
  for (let r = 0; r < RUNS; r++) {
    const result = await timeRun(db, config, r);
    log(
      `${label(config)} run ${r + 1}: ${fmt(result.rate)}/s (${(result.ms / 1000).toFixed(2)} s, ${result.batches} batches)`,
    );
    runs.push(result);
  }
  return { config, runs, median: median(runs.map((x) => x.rate)) };
}

async function main() {
  const loadBefore = uptime();
  log(`load before: ${loadBefore}`);
  log(`publishing ${fmt(N)} transfers, one per message, to ${SETS.single.publishOn}`);
  const pub = await publishTransfers(NATS_URL, SETS.single.publishOn, transfers(N), {
    stream: SETS.single.stream,
    maxInFlight: 10_000,
  });
  log(`published in ${(pub.ms / 1000).toFixed(2)} s (${fmt((N / pub.ms) * 1000)}/s)`);
  const pubNd = await publishTransfers(
    NATS_URL,
    SETS.ndjson.publishOn,
    ndjson(transfers(N), PER_MESSAGE),
    { stream: SETS.ndjson.stream },
  );
  log(`published ${fmt(N / PER_MESSAGE)} NDJSON messages in ${(pubNd.ms / 1000).toFixed(2)} s`);

  const results = [];
  const admin = postgres(ADMIN, { max: 1, onnotice: () => {} });
  let pgAvailable = true;
  try {
    await admin.unsafe(`CREATE DATABASE ${DB_NAME}`);
  } catch (e) {
    pgAvailable = false;
    log(`PostgreSQL not reachable at ${ADMIN}: ${e.message}`);
  }
  try {
    if (pgAvailable) {
      const url = new URL(ADMIN);
      url.pathname = `/${DB_NAME}`;
      const db = await openDb({ kind: 'postgres', url: url.toString(), max: 8 });
      try {
        await migrate(db);
        for (const config of [
          { set: 'single', target: 'PostgreSQL', batch: 2000, concurrency: 4 }, // the defaults
          { set: 'single', target: 'PostgreSQL', batch: 5000, concurrency: 2 },
          { set: 'ndjson', target: 'PostgreSQL', batch: 50, concurrency: 2 },
        ])
          results.push(await measure(db, config));
      } finally {
        await db.close();
      }
    }
    const lite = await openDb({ kind: 'pglite', dataDir: undefined });
    try {
      await migrate(lite);
      results.push(
        await measure(lite, {
          set: 'single',
          target: 'PGlite (in memory)',
          batch: 5000,
          concurrency: 1,
        }),
      );
      results.push(
        await measure(lite, {
          set: 'ndjson',
          target: 'PGlite (in memory)',
          batch: 50,
          concurrency: 1,
        }),
      );
    } finally {
      await lite.close();
    }
  } finally {
    if (pgAvailable) await admin.unsafe(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
    await admin.end();
    const nc = await connect({ servers: NATS_URL });
    const jsm = await jetstreamManager(nc);
    for (const { stream } of Object.values(SETS))
      for (const s of [stream, `${stream}_REJECTED`]) await jsm.streams.delete(s).catch(() => {});
    await nc.close();
  }
  const loadAfter = uptime();

  const lines = [
    '## nats',
    '',
    `Sustained ingest from NATS JetStream (${NATS_URL}) into the database with`,
    '`startTransferConsumer`: ' +
      `${fmt(N)} transfers, published first ` +
      `(one per message: ${fmt((N / pub.ms) * 1000)} messages/s with \`publishTransfers\`, 10,000 acks in flight), ` +
      'then timed from the consumer start until every one is committed (stored, acked). ' +
      `Median of ${RUNS} runs, each with a new durable into an emptied table. ` +
      'Target: >= 20,000 transfers/s into PostgreSQL. Command: `node bench/nats.mjs` ' +
      '(or `npm run bench -- nats`).',
    '',
    `"one" is one transfer per message; "NDJSON" is ${PER_MESSAGE} transfers per message ` +
      '(a producer batching its records). `batch` counts messages per transaction; ' +
      '`concurrency` is transactions in flight.',
    '',
    '| database | messages | batch × concurrency | transfers/s (median) | runs (transfers/s) |',
    '|---|---|---|---:|---|',
    ...results.map(
      (r) =>
        `| ${r.config.target} | ${r.config.set === 'single' ? 'one' : 'NDJSON'} | ` +
        `${r.config.batch} × ${r.config.concurrency} | ${fmt(r.median)} | ` +
        `${r.runs.map((x) => fmt(x.rate)).join(', ')} |`,
    ),
    '',
    `Load: before \`${loadBefore}\`; after \`${loadAfter}\`. NATS, PostgreSQL and the consumer`,
    'share the machine.',
  ];
  if (!pgAvailable) lines.push('', `PostgreSQL was not reachable at ${ADMIN}: PGlite only.`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();
