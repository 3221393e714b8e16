// HTTP service benchmark (standalone; runs on dist/, so `npm run build` first):
//   node bench/serve.mjs                  1,000,000 transfers (1k victims)
//   CLAWBACK_BENCH_QUICK=1 node ...       200,000 transfers (200 victims), no PGlite
// Issue 5's targets: HTTP ingest >= 50,000 transfers/s batched into PostgreSQL, and a case
// traced over 1M stored transfers in <= 5 s.
//
// Data: bench/gen-transfers.mjs (seed "bench") into bench/out/serve-t<N>-v<V>/ (its own copy,
// so that the trace part regenerating its sets cannot pull the files away mid-run).
// PostgreSQL: a fresh database (dropped at the end); the server is a separate process,
// `node dist/cli/main.js serve --port 0` with DATABASE_URL, tokens made with
// `node dist/cli/main.js token create` on the same database, the address read from stderr.
// Ingest: the transfers as formats.md records, pre-serialised into request bodies (JSON
// arrays, or NDJSON), POSTed to /v1/transfers by a few concurrent requests (fetch). Every run
// starts from an empty transfers table; the stored count must equal what was sent, exactly.
// Replay: the same bodies again; nothing may be stored twice. Trace: accounts and ~1k losses
// posted, then POST /v1/cases/{id}/traces timed end to end over HTTP.
// Prints a markdown section beginning with `## serve`; progress goes to stderr.
// Environment: CLAWBACK_BENCH_POSTGRES (an admin URL, default
// postgres://postgres@127.0.0.1:5432/postgres), CLAWBACK_BENCH_SERVE_N / _V (set size),
// CLAWBACK_BENCH_SERVE_PGLITE=0|1 (the PGlite comparison; default: on unless quick),
// CLAWBACK_BENCH_SERVE_VARIANTS=0 (only the headline ingest configuration).

import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const QUICK = process.env.CLAWBACK_BENCH_QUICK === '1';
const N = Number(process.env.CLAWBACK_BENCH_SERVE_N ?? (QUICK ? 200_000 : 1_000_000));
const V = Number(process.env.CLAWBACK_BENCH_SERVE_V ?? Math.max(1, Math.round(N / 1000)));
const RUNS = 3;
const WITH_PGLITE = (process.env.CLAWBACK_BENCH_SERVE_PGLITE ?? (QUICK ? '0' : '1')) === '1';
const VARIANTS = process.env.CLAWBACK_BENCH_SERVE_VARIANTS !== '0';
const ADMIN = process.env.CLAWBACK_BENCH_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB_NAME = `clawback_bench_serve_${process.pid}`;
// 2 cores: two requests of 20k in flight keep both busy (server + PostgreSQL) with less
// switching than four of 10k (74k/s against 46k/s in one run at load 4); both get 3 runs.
const HEADLINE = { format: 'json', batch: 20_000, concurrency: 2 };

const log = (s) => process.stderr.write(`[serve] ${s}\n`);
const uptime = () => execFileSync('uptime', { encoding: 'utf8' }).trim();
const loadavg = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (n) => Math.round(n).toLocaleString('en-US');
const secs = (ms) => `${(ms / 1000).toFixed(2)} s`;
const rate = (n, ms) => `${fmt((n / ms) * 1000)}/s`;

// ---------------------------------------------------------------------------------------
// Data

function dataSet() {
  const dir = join(HERE, 'out', `serve-t${N}-v${V}`);
  if (!existsSync(join(dir, 'transfers.csv')) || !existsSync(join(dir, 'accounts.csv'))) {
    log(`generating ${fmt(N)} transfers, ${fmt(V)} victims into ${dir}`);
    execFileSync(
      process.execPath,
      [
        join(HERE, 'gen-transfers.mjs'),
        '--transfers',
        String(N),
        '--victims',
        String(V),
        '--seed',
        'bench',
        '--out',
        dir,
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
  }
  return dir;
}

/** Rows of a generator CSV (no quoting in its output) as objects; empty fields left out. */
function readCsv(file) {
  const lines = readFileSync(file, 'utf8').split('\n');
  const head = lines[0].split(',');
  const out = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (line === '') continue;
    const cells = line.split(',');
    const o = {};
    for (let k = 0; k < head.length; k++) if (cells[k] !== '') o[head[k]] = cells[k];
    out.push(o);
  }
  return out;
}

function bodies(records, batch, format) {
  const out = [];
  for (let i = 0; i < records.length; i += batch) {
    const part = records.slice(i, i + batch);
    out.push({
      n: part.length,
      body:
        format === 'ndjson'
          ? Buffer.from(`${part.map((r) => JSON.stringify(r)).join('\n')}\n`)
          : Buffer.from(JSON.stringify(part)),
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// The server and its tokens

function cliEnv(db) {
  const env = { ...process.env, CLAWBACK_LOG_LEVEL: 'warn' };
  if (db.kind === 'postgres') env.DATABASE_URL = db.url;
  else delete env.DATABASE_URL;
  return env;
}

function token(db, args) {
  const extra = db.kind === 'pglite' ? ['--data', db.dir] : [];
  return execFileSync(process.execPath, [CLI, 'token', 'create', ...args, ...extra], {
    env: cliEnv(db),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  }).trim();
}

/** Servers still running: killed if the bench is interrupted, so none is left behind. */
const running = new Set();
for (const sig of ['SIGINT', 'SIGTERM'])
  process.once(sig, () => {
    for (const child of running) child.kill('SIGKILL');
    process.exit(130);
  });

function startServer(db) {
  const extra = db.kind === 'pglite' ? ['--data', db.dir] : [];
  const child = spawn(
    process.execPath,
    [CLI, 'serve', '--host', '127.0.0.1', '--port', '0', ...extra],
    {
      env: {
        ...cliEnv(db),
        CLAWBACK_RATE_LIMIT: '10000000',
        CLAWBACK_BODY_LIMIT: String(256 * 1024 * 1024),
        CLAWBACK_MAX_BATCH: '100000',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  running.add(child);
  child.once('exit', () => running.delete(child));
  let stderr = '';
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start:\n${stderr}`)), 60_000);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d) => {
      stderr += d;
      const m = /listening on (\S+)/.exec(stderr);
      if (m) {
        clearTimeout(timer);
        ok({
          url: m[1].replace(/[,(]$/, ''),
          pid: child.pid,
          stop: () =>
            new Promise((done) => {
              child.once('exit', done);
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`server exited ${code}:\n${stderr}`));
    });
  });
}

/** User + system CPU seconds of a process so far (Linux /proc; undefined elsewhere). */
function cpuOf(pid) {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const after = f.slice(f.lastIndexOf(')') + 2).split(' ');
    return (Number(after[11]) + Number(after[12])) / 100;
  } catch {
    return undefined;
  }
}

async function call(server, tok, method, path, body, type = 'application/json') {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${tok}`,
      ...(body === undefined ? {} : { 'content-type': type }),
    },
    body,
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 500)}`);
  return JSON.parse(text);
}

/** POSTs every body, `concurrency` at a time; returns wall ms and the summed answers. */
async function post(server, tok, path, list, format, concurrency) {
  const type = format === 'ndjson' ? 'application/x-ndjson' : 'application/json';
  const sum = { accepted: 0, stored: 0, replayed: 0, rejected: 0 };
  let next = 0;
  const t0 = performance.now();
  const worker = async () => {
    while (next < list.length) {
      const b = list[next++];
      const r = await call(server, tok, 'POST', path, b.body, type);
      sum.accepted += r.accepted;
      sum.stored += r.stored;
      sum.replayed += r.replayed;
      sum.rejected += r.rejected.length;
      if (r.rejected.length > 0)
        throw new Error(`rejected records: ${JSON.stringify(r.rejected.slice(0, 3))}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { ms: performance.now() - t0, ...sum };
}

// ---------------------------------------------------------------------------------------
// Parts of the measurement

async function ingestRuns(ctx, cfg, runs) {
  const list = bodies(ctx.transfers, cfg.batch, cfg.format);
  const out = { cfg, runs: [], replays: [] };
  for (let r = 0; r < runs; r++) {
    await ctx.empty();
    const cpu0 = cpuOf(ctx.server.pid);
    const load = loadavg();
    const got = await post(
      ctx.server,
      ctx.tokens.bank,
      '/v1/transfers',
      list,
      cfg.format,
      cfg.concurrency,
    );
    const cpu = cpuOf(ctx.server.pid) - cpu0;
    const stored = await ctx.count();
    if (got.stored !== N || stored !== N)
      throw new Error(
        `run ${r + 1}: sent ${N}, answered stored ${got.stored}, table has ${stored}`,
      );
    out.runs.push({ ms: got.ms, cpu, load });
    log(
      `${label(cfg)} run ${r + 1}: ${secs(got.ms)}, ${rate(N, got.ms)} (server CPU ${cpu?.toFixed(1)} s, load ${load})`,
    );
    const cpu1 = cpuOf(ctx.server.pid);
    const again = await post(
      ctx.server,
      ctx.tokens.bank,
      '/v1/transfers',
      list,
      cfg.format,
      cfg.concurrency,
    );
    const after = await ctx.count();
    if (again.stored !== 0 || again.replayed !== N || after !== N)
      throw new Error(
        `replay ${r + 1}: stored ${again.stored}, replayed ${again.replayed}, table has ${after}`,
      );
    out.replays.push({ ms: again.ms, cpu: cpuOf(ctx.server.pid) - cpu1 });
    log(`${label(cfg)} replay ${r + 1}: ${secs(again.ms)}, ${rate(N, again.ms)}`);
  }
  return out;
}

const label = (cfg) =>
  `${cfg.format === 'ndjson' ? 'NDJSON' : 'JSON array'}, ${fmt(cfg.batch)} per request, ${cfg.concurrency} concurrent`;

async function traceRuns(ctx, rules, runs) {
  const accounts = bodies(ctx.accounts, 10_000, 'json');
  await post(ctx.server, ctx.tokens.admin, '/v1/accounts', accounts, 'json', 2);
  const c = await call(
    ctx.server,
    ctx.tokens.police,
    'POST',
    '/v1/cases',
    JSON.stringify({ title: 'bench' }),
  );
  const lossesOut = await call(
    ctx.server,
    ctx.tokens.police,
    'POST',
    `/v1/cases/${c.id}/losses`,
    JSON.stringify(ctx.losses),
  );
  if (lossesOut.accepted !== ctx.losses.length)
    throw new Error(`losses: ${JSON.stringify(lossesOut).slice(0, 500)}`);
  const out = [];
  for (const rule of rules) {
    const times = [];
    let doc;
    for (let r = 0; r < runs; r++) {
      const t0 = performance.now();
      doc = await call(
        ctx.server,
        ctx.tokens.police,
        'POST',
        `/v1/cases/${c.id}/traces`,
        JSON.stringify({ rule }),
      );
      times.push(performance.now() - t0);
      log(`trace ${rule} run ${r + 1}: ${secs(times.at(-1))} (load ${loadavg()})`);
    }
    out.push({ rule, times, bytes: JSON.stringify(doc).length, doc });
  }
  return { caseId: c.id, losses: ctx.losses.length, rules: out };
}

// ---------------------------------------------------------------------------------------

/** One token per caller the bench plays, made with the CLI before the server starts. */
function benchTokens(db) {
  return {
    bank: token(db, ['--role', 'institution', '--institution', 'BENCH']),
    admin: token(db, ['--role', 'admin', '--name', 'bench']),
    police: token(db, ['--role', 'authority', '--unit', 'PSB-BENCH']),
  };
}

async function withPostgres(data) {
  const admin = postgres(ADMIN, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${DB_NAME}`);
  const url = new URL(ADMIN);
  url.pathname = `/${DB_NAME}`;
  const db = { kind: 'postgres', url: url.toString() };
  let server;
  let sql;
  try {
    const tokens = benchTokens(db);
    server = await startServer(db);
    log(`server (PostgreSQL) on ${server.url}, pid ${server.pid}`);
    sql = postgres(db.url, { max: 1, onnotice: () => {} });
    const ctx = {
      ...data,
      server,
      tokens,
      empty: () => sql.unsafe('TRUNCATE transfers CASCADE'),
      count: async () =>
        Number((await sql.unsafe('SELECT count(*)::int AS n FROM transfers'))[0].n),
    };
    const ingest = [await ingestRuns(ctx, HEADLINE, RUNS)];
    if (VARIANTS)
      for (const [cfg, runs] of [
        [{ format: 'json', batch: 10_000, concurrency: 4 }, RUNS],
        [{ format: 'ndjson', batch: 20_000, concurrency: 2 }, 1],
        [{ format: 'json', batch: 5_000, concurrency: 4 }, 1],
      ])
        ingest.push(await ingestRuns(ctx, cfg, runs));
    // The table now holds the N transfers exactly once: trace over them.
    const trace = await traceRuns(ctx, ['clean_first', 'fifo'], RUNS);
    return { ingest, trace };
  } finally {
    await server?.stop();
    await sql?.end();
    await admin.unsafe(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
    await admin.end();
  }
}

async function withPglite(data) {
  const dir = mkdtempSync(join(os.tmpdir(), 'clawback-bench-serve-'));
  const db = { kind: 'pglite', dir };
  let server;
  try {
    const tokens = benchTokens(db);
    server = await startServer(db);
    log(`server (PGlite in ${dir}) on ${server.url}, pid ${server.pid}`);
    const list = bodies(data.transfers, HEADLINE.batch, 'json');
    const cpu0 = cpuOf(server.pid);
    const got = await post(server, tokens.bank, '/v1/transfers', list, 'json', 2);
    const cpu = cpuOf(server.pid) - cpu0;
    if (got.stored !== N) throw new Error(`PGlite: sent ${N}, stored ${got.stored}`);
    log(`PGlite ingest: ${secs(got.ms)}, ${rate(N, got.ms)}`);
    const ctx = { ...data, server, tokens };
    const trace = await traceRuns(ctx, ['clean_first', 'fifo'], RUNS);
    return { ingest: { ms: got.ms, cpu }, trace };
  } finally {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function section(meta, pg, lite) {
  const L = [];
  L.push('## serve', '');
  L.push(
    `\`clawback serve\` over HTTP as a separate process (\`node dist/cli/main.js serve --port 0\`), ` +
      `on a fresh PostgreSQL 15 database (127.0.0.1, dropped afterwards)${lite ? ' and on embedded PGlite' : ''}; ` +
      `requests from the bench process with fetch (keep-alive), bodies serialised beforehand. ` +
      `Data: \`node bench/gen-transfers.mjs --transfers ${N} --victims ${V} --seed bench\` ` +
      `(${fmt(N)} transfers, ${fmt(meta.accounts)} accounts, ${fmt(meta.losses)} losses), ` +
      `the formats.md fields as strings. Server: CLAWBACK_DB_POOL default (10), rate limit raised. ` +
      `${QUICK ? '**--quick: a smaller set; the 1M target is not measured.** ' : ''}` +
      `Load at start: \`${meta.uptimeStart}\`; at the end: \`${meta.uptimeEnd}\`. This part took ${(meta.ms / 60_000).toFixed(1)} min.`,
    '',
  );
  const head = pg.ingest[0];
  const ingestMs = median(head.runs.map((r) => r.ms));
  const traceMs = (t, rule) => median(t.rules.find((x) => x.rule === rule).times);
  const worst = Math.max(...pg.trace.rules.map((r) => median(r.times)));
  L.push('### Targets', '');
  L.push('| target | design | measured (PostgreSQL) | verdict |', '|---|---|---|---|');
  L.push(
    `| HTTP ingest, batched | ≥ 50,000 transfers/s | ${rate(N, ingestMs)} (${label(HEADLINE)}, median of ${head.runs.length}) | ${(N / ingestMs) * 1000 >= 50_000 ? 'met' : '**not met**'} |`,
  );
  L.push(
    `| trace a case over ${fmt(N)} stored transfers | ≤ 5 s | ${pg.trace.rules.map((r) => `${r.rule} ${secs(median(r.times))}`).join(', ')} (median of ${RUNS}) | ${N < 1_000_000 ? 'not measured at 1M (--quick)' : worst <= 5000 ? 'met' : '**not met**'} |`,
  );
  L.push('');
  L.push('### Ingest: POST /v1/transfers into PostgreSQL', '');
  L.push(
    'Each run starts from an empty transfers table and sends every transfer once; afterwards the table holds exactly ' +
      `${fmt(N)} rows (checked), and every answer had \`rejected: []\`. *replay* sends the same bodies again: every ` +
      'transfer answered as replayed, none stored, the count unchanged (checked). *server CPU* is user + system of the ' +
      'server process (PostgreSQL works beside it on the other core).',
    '',
  );
  L.push(
    '| configuration | runs | wall (median) | transfers/s | server CPU | replay wall | replay transfers/s | each run (transfers/s) |',
    '|---|---:|---:|---:|---:|---:|---:|---|',
  );
  for (const x of pg.ingest) {
    const ms = median(x.runs.map((r) => r.ms));
    const rms = median(x.replays.map((r) => r.ms));
    const cpu = median(x.runs.map((r) => r.cpu ?? 0));
    L.push(
      `| ${label(x.cfg)} | ${x.runs.length} | ${secs(ms)} | ${rate(N, ms)} | ${cpu.toFixed(1)} s | ${secs(rms)} | ${rate(N, rms)} | ${x.runs.map((r) => rate(N, r.ms)).join(', ')} |`,
    );
  }
  L.push('');
  L.push('### Trace: POST /v1/cases/{id}/traces', '');
  L.push(
    `One case, ${fmt(pg.trace.losses)} losses posted, accounts posted first; the request covers reading the stored transfers ` +
      '(COPY out as CSV), loading them as `clawback trace` does, the trace, the JSON document, storing it and its audit entry. ' +
      `Wall time at the client, ${RUNS} runs per rule.`,
    '',
  );
  L.push('| database | rule | median | runs | document |', '|---|---|---:|---|---:|');
  for (const [name, t] of [['PostgreSQL', pg.trace], ...(lite ? [['PGlite', lite.trace]] : [])])
    for (const r of t.rules)
      L.push(
        `| ${name} | ${r.rule} | ${secs(median(r.times))} | ${r.times.map((x) => secs(x)).join(', ')} | ${(r.bytes / 1e6).toFixed(1)} MB |`,
      );
  if (lite) {
    L.push('');
    L.push(
      `PGlite ingest (one run, ${label({ ...HEADLINE, concurrency: 2 })}; PGlite runs one statement at a time): ` +
        `${secs(lite.ingest.ms)}, ${rate(N, lite.ingest.ms)}, server CPU ${lite.ingest.cpu?.toFixed(1)} s. ` +
        `Trace against PostgreSQL: clean_first ${(traceMs(lite.trace, 'clean_first') / traceMs(pg.trace, 'clean_first')).toFixed(2)}×.`,
    );
  }
  return L.join('\n');
}

async function main() {
  const t0 = Date.now();
  const uptimeStart = uptime();
  log(`load: ${uptimeStart}`);
  const dir = dataSet();
  const transfers = readCsv(join(dir, 'transfers.csv'));
  const accounts = readCsv(join(dir, 'accounts.csv'));
  const losses = readCsv(join(dir, 'losses.csv'));
  if (transfers.length !== N) throw new Error(`expected ${N} transfers, read ${transfers.length}`);
  const data = { transfers, accounts, losses };
  const pg = await withPostgres(data);
  const lite = WITH_PGLITE ? await withPglite(data) : undefined;
  const meta = {
    accounts: accounts.length,
    losses: losses.length,
    uptimeStart,
    uptimeEnd: uptime(),
    ms: Date.now() - t0,
  };
  process.stdout.write(`${section(meta, pg, lite)}\n`);
}

await main();
