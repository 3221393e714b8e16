// Benchmark part `trace`: how fast `clawback trace` is, end to end and in memory.
//
//   npm run bench -- trace [--quick]      (through bench/run.mjs, which writes RESULTS.md)
//   node bench/trace.mjs [--quick]        (prints the section to stdout)
//
// Data sets come from bench/gen-transfers.mjs, generated once into bench/out/ (keyed by
// their arguments, regenerated when the generator changes) and reused. For each set:
//   1. bare read: a child that reads transfers.csv into one reused 1 MiB buffer (as the
//      loader reads) and counts newlines,
//      the floor for any reader;
//   2. end to end: a child running the compiled CLI per rule, `--format csv > /dev/null`
//      (and `--format json` once for clean_first): wall time, CPU time, peak RSS;
//   3. load: loadTransfers (parse + validate into columns) and the rest of the CLI's
//      preparation (losses, accounts, facts), timed alone in a child;
//   4. in-memory core: runTrace(prepared, rule) alone, in the same child, on one load.
// Every child has a timeout; a failed run (error, out of memory, timeout) is recorded in
// the tables, never thrown. The same file is the child for 1, 3 and 4 (`--child ...`).

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  closeSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..');
const SELF = fileURLToPath(import.meta.url);

export const RULES = ['fifo', 'lifo', 'pro_rata', 'clean_first', 'dirty_first', 'poison'];
const SEED = 'bench';

/** The design's targets (tracing.md "Scale", the task brief). */
const TARGET = {
  e2e: 1_000_000, // transfers/s end to end on one core
  core: 5_000_000, // transfers/s in memory
  rssBytes: 2e9, // peak RSS for 10M transfers
};

const FULL_SETS = [
  { transfers: 1_000_000, victims: 1_000 },
  { transfers: 1_000_000, victims: 10_000 },
  { transfers: 10_000_000, victims: 1_000 },
  { transfers: 10_000_000, victims: 10_000 },
];
const QUICK_SETS = FULL_SETS.filter((s) => s.transfers <= 1_000_000);

const MIN = 60_000;
/** A child is killed when it has been silent (no result line) this long. */
const CHILD_TIMEOUT_MS = Number(process.env.CLAWBACK_BENCH_TIMEOUT_S || 600) * 1000;
// A child above this resident size is stopped (and the run recorded as such), so that a rule
// whose state outgrows memory cannot push the machine's services out.
const MAX_RSS_BYTES = Number(process.env.CLAWBACK_BENCH_MAX_RSS_GB || 12) * 1e9;

/** Resident bytes of every process in process group `pgid` (Linux /proc; 0 elsewhere). */
function groupRss(pgid) {
  let total = 0;
  let pids;
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return 0;
  }
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
      // fields after the command name "(...)": state ppid pgrp ...; rss is field 24 (pages)
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(f[2]) !== pgid) continue;
      total += Number(f[21]) * 4096;
    } catch {
      // gone
    }
  }
  return total;
}
/** Once a rule's runs add up to this long, it is not repeated (the table says n). */
const REPEAT_LIMIT_MS = 2 * MIN;

// ---------------------------------------------------------------- formatting

const fmtS = (ms) =>
  ms === undefined
    ? '–'
    : ms >= 100_000
      ? `${(ms / 1000).toFixed(0)} s`
      : ms >= 10_000
        ? `${(ms / 1000).toFixed(1)} s`
        : `${(ms / 1000).toFixed(2)} s`;
const fmtRate = (perS) =>
  perS === undefined
    ? '–'
    : perS >= 1e6
      ? `${(perS / 1e6).toFixed(2)}M/s`
      : `${(perS / 1e3).toFixed(0)}k/s`;
const fmtBytes = (b) =>
  b === undefined ? '–' : b >= 1e9 ? `${(b / 1e9).toFixed(2)} GB` : `${(b / 1e6).toFixed(0)} MB`;
const fmtCount = (n) =>
  n >= 1e6 && n % 1e6 === 0 ? `${n / 1e6}M` : n >= 1e3 && n % 1e3 === 0 ? `${n / 1e3}k` : `${n}`;
const median = (xs) => {
  if (xs.length === 0) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const rate = (n, ms) => (ms === undefined || ms <= 0 ? undefined : (n * 1000) / ms);
const mark = (ok) => (ok === undefined ? '–' : ok ? 'met' : '**not met**');
const oneLine = (s) => s.replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim();

// ---------------------------------------------------------------- children

const TIME_BIN = '/usr/bin/time';
const HAVE_TIME = existsSync(TIME_BIN) && !process.env.CLAWBACK_BENCH_NO_TIME;
/**
 * The bare read and the end-to-end runs are pinned to one CPU (`taskset -c 0`), so that
 * "on one core" holds: without it node's GC threads use the second core beside the main
 * thread. The in-memory core (whose target does not say one core) runs unpinned.
 */
const TASKSET_BIN = '/usr/bin/taskset';
const PIN = existsSync(TASKSET_BIN) && !process.env.CLAWBACK_BENCH_NO_PIN;
const PINNED = PIN ? [TASKSET_BIN, '-c', '0'] : [];
const live = new Set();

function killGroup(child) {
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

let exitHooked = false;
function hookExit() {
  if (exitHooked) return;
  exitHooked = true;
  const stop = (sig) => {
    for (const c of live) killGroup(c);
    process.exit(sig === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/**
 * Runs `node ...args` in its own process group. stdout goes to /dev/null (`quiet`) or
 * is collected. Measures wall time here, and CPU time and peak RSS with /usr/bin/time
 * (or, without it, a preload that reports process.resourceUsage() at exit).
 * Never throws: failures come back as { ok: false, reason }.
 */
function runNode(args, { quiet = false, timeoutMs = CHILD_TIMEOUT_MS, onLine, pin = false } = {}) {
  hookExit();
  const tmp = mkdtempSync(join(tmpdir(), 'cb-bench-'));
  const usageFile = join(tmp, 'usage');
  const pinned = pin ? PINNED : [];
  let cmd = pinned.length > 0 ? TASKSET_BIN : process.execPath;
  let argv = pinned.length > 0 ? [...pinned.slice(1), process.execPath, ...args] : args;
  const env = { ...process.env };
  if (HAVE_TIME) {
    cmd = TIME_BIN;
    argv = ['-o', usageFile, '-f', '%e %U %S %M', ...pinned, process.execPath, ...args];
  } else {
    env.CB_BENCH_USAGE = usageFile;
    // ESM preload: reports CPU seconds and peak RSS (KiB) like `time -f '%e %U %S %M'`.
    const pre = [
      "import { writeFileSync } from 'node:fs';",
      "process.on('exit', () => { const u = process.resourceUsage();",
      'writeFileSync(process.env.CB_BENCH_USAGE,',
      "['0', u.userCPUTime / 1e6, u.systemCPUTime / 1e6, u.maxRSS].join(' ')); });",
    ].join(' ');
    argv = [
      ...(pinned.length > 0 ? [...pinned.slice(1), process.execPath] : []),
      '--import',
      `data:text/javascript,${encodeURIComponent(pre)}`,
      ...args,
    ];
  }
  const devnull = quiet ? openSync('/dev/null', 'w') : undefined;
  return new Promise((done) => {
    const t0 = process.hrtime.bigint();
    let child;
    try {
      child = spawn(cmd, argv, {
        cwd: ROOT,
        env,
        detached: true,
        stdio: ['ignore', quiet ? devnull : 'pipe', 'pipe'],
      });
    } catch (e) {
      if (devnull !== undefined) closeSync(devnull);
      rmSync(tmp, { recursive: true, force: true });
      done({ ok: false, reason: `could not start: ${e.message}` });
      return;
    }
    live.add(child);
    let stdout = '';
    let stderr = '';
    let pending = '';
    let timedOut = false;
    let timer;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        timedOut = true;
        killGroup(child);
      }, timeoutMs);
    };
    arm();
    let overMemory = false;
    const watch = setInterval(() => {
      if (groupRss(child.pid) > MAX_RSS_BYTES) {
        overMemory = true;
        killGroup(child);
      }
    }, 1000);
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (d) => {
      stdout += d;
      if (onLine) {
        pending += d;
        let nl = pending.indexOf('\n');
        while (nl >= 0) {
          const line = pending.slice(0, nl);
          pending = pending.slice(nl + 1);
          arm(); // a result line proves progress: the timeout is per step
          onLine(line);
          nl = pending.indexOf('\n');
        }
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d) => {
      stderr = (stderr + d).slice(-20_000);
    });
    child.on('error', (e) => {
      stderr += `\n${e.message}`;
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      clearInterval(watch);
      live.delete(child);
      if (devnull !== undefined) closeSync(devnull);
      const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
      let cpuS;
      let rssBytes;
      try {
        // GNU time puts "Command exited with non-zero status" etc. before the format line.
        const lines = readFileSync(usageFile, 'utf8').trim().split('\n');
        const f = lines[lines.length - 1].trim().split(/\s+/).map(Number);
        if (f.length === 4 && f.every(Number.isFinite)) {
          cpuS = f[1] + f[2];
          rssBytes = f[3] * 1024;
        }
      } catch {
        // killed before anything was written
      }
      rmSync(tmp, { recursive: true, force: true });
      const ok = code === 0 && !timedOut && !overMemory;
      done({
        ok,
        code,
        signal,
        timedOut,
        overMemory,
        wallMs,
        cpuS,
        rssBytes,
        stdout,
        stderr,
        reason: ok
          ? undefined
          : failureReason({ code, signal, timedOut, overMemory, timeoutMs, stderr }),
      });
    });
  });
}

/** A short, table-sized account of why a child failed. */
function failureReason({ code, signal, timedOut, overMemory, timeoutMs, stderr }) {
  if (overMemory) return `stopped above ${fmtBytes(MAX_RSS_BYTES)} resident (memory guard)`;
  if (timedOut)
    return `timed out (no progress for ${timeoutMs >= MIN ? `${Math.round(timeoutMs / MIN)} min` : `${Math.round(timeoutMs / 1000)} s`})`;
  if (/heap out of memory|Reached heap limit|Allocation failed/i.test(stderr))
    return 'out of memory (V8 heap limit)';
  if (/Invalid string length/.test(stderr)) return 'error: Invalid string length';
  if (/Invalid array length/.test(stderr)) return 'error: Invalid array length';
  const sig = signal ?? (code > 128 ? `signal ${code - 128}` : undefined);
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^Command (exited|terminated)/.test(l));
  const msg = lines.find((l) => /error/i.test(l)) ?? lines[0] ?? '';
  const head = sig ? `killed (${sig})` : `exit ${code}`;
  return oneLine(`${head}${msg ? `: ${msg.slice(0, 120)}` : ''}`);
}

// ---------------------------------------------------------------- data sets

function setKey(set) {
  return `t${set.transfers}-v${set.victims}-s${SEED}`;
}

function generatorHash() {
  return createHash('sha256')
    .update(readFileSync(join(HERE, 'gen-transfers.mjs')))
    .digest('hex')
    .slice(0, 16);
}

/** Makes sure bench/out/<key>/ holds the set; returns { dir, files, note } or { error }. */
async function ensureSet(set, log) {
  const key = setKey(set);
  const dir = join(HERE, 'out', key);
  const marker = join(dir, 'generated.json');
  const genArgs = [
    join(HERE, 'gen-transfers.mjs'),
    '--transfers',
    String(set.transfers),
    '--victims',
    String(set.victims),
    '--seed',
    SEED,
    '--out',
    dir,
  ];
  const hash = generatorHash();
  const files = {
    transfers: join(dir, 'transfers.csv'),
    losses: join(dir, 'losses.csv'),
    accounts: join(dir, 'accounts.csv'),
  };
  let info;
  try {
    info = JSON.parse(readFileSync(marker, 'utf8'));
  } catch {
    info = undefined;
  }
  const present = Object.values(files).every((f) => existsSync(f));
  if (info?.generator === hash && present) {
    log(`${key}: reusing ${dir}`);
  } else {
    log(`${key}: generating (${fmtCount(set.transfers)} transfers)…`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const r = await runNode(genArgs, { quiet: true, timeoutMs: 30 * MIN });
    if (!r.ok) return { error: `generator failed: ${r.reason}` };
    info = {
      args: genArgs.slice(1).map((a) => (a === dir ? `bench/out/${key}` : a)),
      generator: hash,
      summary: oneLine(r.stderr.replace(/^gen-transfers:\s*/, '')),
      seconds: r.wallMs / 1000,
    };
    writeFileSync(marker, `${JSON.stringify(info, null, 2)}\n`);
  }
  return { dir, files, info, bytes: statSync(files.transfers).size };
}

// ---------------------------------------------------------------- the measurements

/** The copy of dist/ this run measures (see snapshotDist). */
let DIST = join(ROOT, 'dist');

const cliArgs = (files, rule, format) => [
  join(DIST, 'cli', 'main.js'),
  'trace',
  '--transfers',
  files.transfers,
  '--losses',
  files.losses,
  '--accounts',
  files.accounts,
  '--rule',
  rule,
  '--format',
  format,
];

async function bareRead(data, runs, log) {
  const times = [];
  const rss = [];
  let lines;
  for (let i = 0; i < runs; i++) {
    const r = await runNode([SELF, '--child', 'bare', data.files.transfers], { pin: true });
    if (!r.ok) return { error: r.reason };
    times.push(r.wallMs);
    rss.push(r.rssBytes ?? 0);
    lines = JSON.parse(r.stdout).lines;
    log(`  bare read ${i + 1}/${runs}: ${fmtS(r.wallMs)}`);
  }
  return { ms: median(times), times, lines, rssBytes: Math.max(...rss) };
}

/**
 * Copies dist/ to bench/out/ so that every figure of this run comes from one build: others
 * rebuild dist/ while a long run is going, and a half-written or changed dist/ would mix
 * versions or fail runs. The copy is checked on the example case before it is used.
 */
async function snapshotDist(log) {
  const dir = join(HERE, 'out', `dist-${process.pid}`);
  const example = (f) => join(ROOT, 'examples', f);
  let last = 'dist/cli/main.js is missing; run `npm run build`';
  for (let attempt = 1; attempt <= 3; attempt++) {
    if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) break;
    rmSync(dir, { recursive: true, force: true });
    cpSync(join(ROOT, 'dist'), dir, { recursive: true });
    const smoke = await runNode(
      [
        join(dir, 'cli', 'main.js'),
        'trace',
        '--transfers',
        example('transfers.csv'),
        '--losses',
        example('losses.csv'),
        '--accounts',
        example('accounts.csv'),
        '--format',
        'csv',
      ],
      { quiet: true, timeoutMs: MIN },
    );
    if (smoke.ok) {
      log(`measuring a copy of dist/ in ${dir}`);
      return { dir, at: new Date() };
    }
    last = `the CLI fails on examples/: ${smoke.reason}`;
    log(`dist/ snapshot ${attempt}/3 unusable (${smoke.reason}); retrying`);
    await new Promise((r) => setTimeout(r, 5000));
  }
  rmSync(dir, { recursive: true, force: true });
  return { error: last };
}

/** End-to-end CLI runs, round robin over the rules so drift hits them alike. */
async function endToEnd(data, runs, log) {
  const jobs = [
    ...RULES.map((rule) => ({ label: rule, rule, format: 'csv', runs })),
    { label: 'clean_first (json)', rule: 'clean_first', format: 'json', runs: 1 },
  ];
  const out = new Map(jobs.map((j) => [j.label, { ...j, times: [], cpu: [], rss: [] }]));
  for (let rep = 0; rep < runs; rep++) {
    for (const j of jobs) {
      const o = out.get(j.label);
      if (rep >= j.runs || o.error || o.stopped) continue;
      const r = await runNode(cliArgs(data.files, j.rule, j.format), { quiet: true, pin: true });
      if (!r.ok) {
        // Not repeated: the failures seen (out of memory, errors) are deterministic.
        o.error = r.reason;
        o.failedRun = rep + 1;
        o.failedAfterMs = r.wallMs;
        o.failedRss = r.rssBytes;
        log(`  e2e ${j.label}: FAILED after ${fmtS(r.wallMs)}: ${r.reason}`);
        continue;
      }
      o.times.push(r.wallMs);
      o.cpu.push(r.cpuS);
      o.rss.push(r.rssBytes);
      if (o.times.reduce((a, b) => a + b, 0) > REPEAT_LIMIT_MS) o.stopped = true;
      log(`  e2e ${j.label} ${rep + 1}/${j.runs}: ${fmtS(r.wallMs)}, ${fmtBytes(r.rssBytes)}`);
    }
  }
  for (const o of out.values()) {
    o.ms = median(o.times);
    o.cpuS = median(o.cpu.filter((x) => x !== undefined));
    const rss = o.rss.filter((x) => x !== undefined);
    o.rssBytes = rss.length ? Math.max(...rss) : o.failedRss;
  }
  return out;
}

/** Load and in-memory core in one child; a child that dies is restarted for the rest. */
async function inMemory(data, { runs, loads }, log) {
  const rules = new Map();
  let load;
  let remaining = [...RULES];
  const retried = new Map(); // rule -> why its first try failed
  while (remaining.length > 0) {
    let current;
    let doneInChild = 0;
    const r = await runNode(
      [
        '--expose-gc',
        SELF,
        '--child',
        'core',
        '--dir',
        data.dir,
        '--dist',
        DIST,
        '--rules',
        remaining.join(','),
        '--runs',
        String(runs),
        '--loads',
        String(load === undefined ? loads : 1),
      ],
      {
        onLine(line) {
          let m;
          try {
            m = JSON.parse(line);
          } catch {
            return;
          }
          if (m.type === 'load') {
            if (load === undefined) load = m;
            log(
              `  load: transfers ${fmtS(median(m.loadMs))}, prepare ${fmtS(median(m.prepareMs))}`,
            );
          } else if (m.type === 'start') {
            current = m.rule;
          } else if (m.type === 'rule') {
            rules.set(m.rule, retried.has(m.rule) ? { ...m, retried: retried.get(m.rule) } : m);
            current = undefined;
            doneInChild++;
            remaining = remaining.filter((x) => x !== m.rule);
            log(`  core ${m.rule}: ${fmtS(median(m.ms))} (n=${m.ms.length})`);
          }
        },
      },
    );
    if (r.ok) break;
    if (current === undefined) {
      // died while loading (or before): nothing more to learn from restarting
      for (const rule of remaining) rules.set(rule, { rule, error: `load: ${r.reason}` });
      if (load === undefined) load = { error: r.reason };
      break;
    }
    if (doneInChild > 0 && !retried.has(current)) {
      // Other rules ran in that process first: try once more in a fresh one, so that a rule
      // is not charged with memory the others left behind.
      retried.set(current, r.reason);
      log(`  core ${current}: FAILED after other rules (${r.reason}); retrying in a fresh child`);
      continue;
    }
    rules.set(current, { rule: current, error: r.reason, rssBytes: r.rssBytes });
    log(`  core ${current}: FAILED: ${r.reason}`);
    remaining = remaining.filter((x) => x !== current);
  }
  return { load, rules };
}

// ---------------------------------------------------------------- child modes

async function childBare(file) {
  // Read as the loader reads a plain file (src/io/source.ts: readSync into buffers it
  // reuses), not through a read stream: a stream takes a fresh 1 MiB buffer per chunk,
  // and first-touching those pages cost more than the reading on the VMs measured here
  // (0.62 s against 0.15 s for the 1M file), which would flatter every ratio.
  let lines = 0;
  let bytes = 0;
  const fd = openSync(file, 'r');
  const buf = Buffer.allocUnsafe(1 << 20);
  for (;;) {
    const n = readSync(fd, buf, 0, buf.length, null);
    if (n === 0) break;
    bytes += n;
    let i = buf.indexOf(10);
    while (i !== -1 && i < n) {
      lines++;
      i = buf.indexOf(10, i + 1);
    }
  }
  closeSync(fd);
  process.stdout.write(`${JSON.stringify({ lines, bytes })}\n`);
}

async function childCore({ dir, dist: distDir, rules, runs, loads }) {
  const dist = (m) => import(pathToFileURL(join(distDir, m, 'index.js')).href);
  const [{ loadTransfers }, { openSource }, { ErrorCollector }, money, trace] = await Promise.all([
    dist('ingest'),
    dist('io'),
    dist('errors'),
    dist('money'),
    dist('trace'),
  ]);
  const gc = globalThis.gc ?? (() => {});
  const emit = (o) => process.stdout.write(`${JSON.stringify(o)}\n`);
  const now = () => Number(process.hrtime.bigint()) / 1e6;
  const currency = money.knownCurrency?.('CNY') ?? money.currencyOf('CNY');
  const files = {
    transfers: join(dir, 'transfers.csv'),
    losses: join(dir, 'losses.csv'),
    accounts: join(dir, 'accounts.csv'),
  };

  // Mirrors src/cli/trace.ts: loadTransfers, then losses, accounts and facts.
  const loadMs = [];
  const prepareMs = [];
  let prepared;
  for (let i = 0; i < loads; i++) {
    prepared = undefined;
    gc();
    const collector = new ErrorCollector(20);
    let t = now();
    const transfers = await loadTransfers({
      source: openSource(files.transfers),
      collector,
      defaultCurrency: currency,
    });
    loadMs.push(now() - t);
    collector.throwIfAny();
    t = now();
    const { victimOf, victims } = await trace.readLosses(
      openSource(files.losses),
      transfers,
      files.transfers,
      collector,
    );
    const { facts, opening } = await trace.readAccounts(
      openSource(files.accounts),
      transfers,
      collector,
    );
    collector.throwIfAny();
    trace.factsFromTransfers(transfers, facts);
    prepareMs.push(now() - t);
    prepared = { transfers, victimOf, victims, facts, opening };
  }
  gc();
  const mem = process.memoryUsage();
  emit({
    type: 'load',
    loadMs,
    prepareMs,
    transfers: prepared.transfers.count,
    accounts: prepared.transfers.accounts.size,
    victims: prepared.victims.length,
    heapBytes: mem.heapUsed,
    rssBytes: mem.rss,
  });

  for (const rule of rules) {
    emit({ type: 'start', rule });
    const ms = [];
    let stats;
    for (let i = 0; i < runs; i++) {
      gc();
      const t = now();
      const result = trace.runTrace(prepared, rule);
      const dt = now() - t;
      ms.push(dt);
      if (stats === undefined) stats = resultStats(result);
      emit({ type: 'progress', rule, run: i + 1 }); // resets the parent's timeout
      if (ms.reduce((a, b) => a + b, 0) > REPEAT_LIMIT_MS) break;
    }
    emit({ type: 'rule', rule, ms, stats, rssBytes: process.resourceUsage().maxRSS * 1024 });
  }
}

/** Sizes of what a rule left behind, to explain its cost. */
function resultStats(result) {
  let entries = 0;
  let max = 0;
  for (const a of result.accounts) {
    // poison: a set of victims; amount rules: how many victims' money it holds
    const n = a.victims !== undefined ? a.victims.size : a.tracedCount;
    if (typeof n !== 'number')
      throw new Error('resultStats: an account without victims or tracedCount');
    entries += n;
    if (n > max) max = n;
  }
  const reached = result.accounts.length;
  return { reached, victimsPerAccount: reached ? entries / reached : 0, maxVictims: max };
}

// ---------------------------------------------------------------- the section

function renderSet(set, data, bare, e2e, mem, is10M) {
  const n = set.transfers;
  const title = `### ${fmtCount(n)} transfers, ${fmtCount(set.victims)} victims`;
  if (data.error) return `${title}\n\n**Not measured**: ${data.error}\n`;
  const runs1 = e2e.get('fifo')?.runs ?? 1;
  const out = [title, ''];
  out.push(
    `\`node bench/gen-transfers.mjs ${data.info.args.join(' ')}\`: ${fmtBytes(data.bytes)} of transfers` +
      (mem.load?.accounts ? `, ${mem.load.accounts.toLocaleString('en')} accounts` : '') +
      (data.info.summary
        ? `; generator: ${data.info.summary.replace(/;\s*[\d.]+ [kMG]?B of transfers.*$/, '')}`
        : '') +
      '.',
    '',
  );

  // Floors and load.
  out.push('| step | time | transfers/s | note |', '|---|---:|---:|---|');
  if (bare.error) out.push(`| bare read | failed | | ${oneLine(bare.error)} |`);
  else
    out.push(
      `| bare read (child: readSync into one reused 1 MiB buffer, as the loader reads; count newlines) | ${fmtS(bare.ms)} | ${fmtRate(rate(n, bare.ms))} | median of ${bare.times.length}; ${(data.bytes / 1e3 / bare.ms).toFixed(0)} MB/s, includes node start-up; peak RSS ${fmtBytes(bare.rssBytes)} |`,
    );
  const ld = mem.load;
  if (!ld || ld.error) out.push(`| load | failed | | ${oneLine(ld?.error ?? 'no result')} |`);
  else {
    const lm = median(ld.loadMs);
    const pm = median(ld.prepareMs);
    out.push(
      `| load: loadTransfers (parse + validate into columns) | ${fmtS(lm)} | ${fmtRate(rate(n, lm))} | median of ${ld.loadMs.length}, in memory; heap after load ${fmtBytes(ld.heapBytes)}, RSS ${fmtBytes(ld.rssBytes)} |`,
      `| prepare: readLosses + readAccounts + factsFromTransfers | ${fmtS(pm)} | | median of ${ld.prepareMs.length} |`,
    );
  }
  out.push('');

  // Per rule.
  const lm = ld && !ld.error ? median(ld.loadMs) : undefined;
  const pm = ld && !ld.error ? median(ld.prepareMs) : undefined;
  out.push(
    `End to end: median of ${runs1} run${runs1 > 1 ? 's' : ''} per rule${runs1 === 1 ? ' (one run: 10M sets are too slow to repeat)' : ''}; \`clean_first (json)\` is one run. ` +
      `Core: runTrace alone, median of n runs on one load. ` +
      '"rest" = end to end − load − prepare − core: node start-up, summary and output (load and core are timed in another process, so it is approximate).',
    '',
    `| rule | end to end | transfers/s | × bare read | CPU | peak RSS | = load + prepare | + core | + rest | core transfers/s (n) | e2e ≥ 1M/s | core ≥ 5M/s${is10M ? ' | RSS ≤ 2 GB' : ''} |`,
    `|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---${is10M ? '|---' : ''}|`,
  );
  for (const o of e2e.values()) {
    const core = o.format === 'csv' ? mem.rules.get(o.rule) : undefined;
    const cm = core && !core.error ? median(core.ms) : undefined;
    const cells = [o.format === 'json' ? `${o.rule} (json)` : o.rule];
    if (o.error && o.times.length === 0) {
      cells.push(
        `**failed** after ${fmtS(o.failedAfterMs)}: ${o.error}`,
        '',
        '',
        '',
        fmtBytes(o.rssBytes),
      );
    } else {
      cells.push(
        fmtS(o.ms),
        fmtRate(rate(n, o.ms)),
        bare.ms ? `${(o.ms / bare.ms).toFixed(1)}×` : '–',
        o.cpuS === undefined ? '–' : `${o.cpuS.toFixed(1)} s`,
        fmtBytes(o.rssBytes),
      );
    }
    if (o.format === 'json') {
      cells.push('', '', '', '');
    } else {
      cells.push(
        lm === undefined ? '–' : fmtS(lm + pm),
        core?.error ? `**failed**: ${core.error}` : fmtS(cm),
        o.ms !== undefined && lm !== undefined && cm !== undefined
          ? fmtS(o.ms - lm - pm - cm)
          : '–',
        cm === undefined ? '–' : `${fmtRate(rate(n, cm))} (${core.ms.length})`,
      );
    }
    const e2eRate = o.error && o.times.length === 0 ? 0 : rate(n, o.ms);
    cells.push(mark(e2eRate === undefined ? undefined : e2eRate >= TARGET.e2e));
    cells.push(
      o.format === 'json'
        ? ''
        : mark(core?.error ? false : cm === undefined ? undefined : rate(n, cm) >= TARGET.core),
    );
    if (is10M) {
      cells.push(
        o.rssBytes === undefined
          ? o.error
            ? '**not met** (failed)'
            : '–'
          : mark(o.times.length > 0 && o.rssBytes <= TARGET.rssBytes),
      );
    }
    out.push(`| ${cells.join(' | ')} |`);
  }
  const notes = [];
  for (const o of e2e.values()) {
    const label = o.format === 'json' ? `${o.rule} (json)` : o.rule;
    if (o.error && o.times.length > 0)
      notes.push(
        `- ${label}, end to end: run ${o.failedRun} of ${o.runs} failed after ${fmtS(o.failedAfterMs)} (${o.error}); the figures are from the ${o.times.length} run(s) before it.`,
      );
    else if (!o.error && o.times.length < o.runs)
      notes.push(
        `- ${label}, end to end: ${o.times.length} run(s) only (repeats stop once a rule's runs add up to ${REPEAT_LIMIT_MS / MIN} min).`,
      );
    const core = o.format === 'csv' ? mem.rules.get(o.rule) : undefined;
    if (core?.retried)
      notes.push(
        `- ${label}, core: failed (${core.retried}) after other rules had run in the same process; the figure is from a fresh process.`,
      );
    if (core?.ms && core.ms.length < (n > 1_000_000 ? 3 : 5))
      notes.push(
        `- ${label}, core: ${core.ms.length} run(s) only (repeats stop once a rule's runs add up to ${REPEAT_LIMIT_MS / MIN} min).`,
      );
  }
  if (notes.length > 0) out.push('', ...notes);
  out.push('');
  return out.join('\n');
}

/** Names the slowest rule on the largest set measured and explains it from the numbers. */
function slowestRule(measured) {
  const sets = measured.filter((x) => x.mem?.load && !x.mem.load.error);
  if (sets.length === 0)
    return '### Slowest rule\n\nNo set could be loaded in memory: see the tables below.\n';
  const setName = (x) => `${fmtCount(x.set.transfers)}/${fmtCount(x.set.victims)}`;
  const entry = (x, rule) => {
    const c = x.mem.rules.get(rule);
    return {
      rule,
      x,
      n: x.set.transfers,
      core: c && !c.error ? median(c.ms) : undefined,
      failed: c?.error,
      stats: c?.stats,
      e2e: x.e2e.get(rule),
    };
  };
  const m = sets[sets.length - 1];
  const per = RULES.map((rule) => entry(m, rule));
  const ok = per.filter((p) => p.core !== undefined).sort((p, q) => q.core - p.core);
  const failed = per.filter((p) => p.failed);
  // For a rule that failed on the largest set, its figures on the largest set it finished.
  const earlier = new Map();
  for (const p of failed) {
    const x = [...sets].reverse().find((y) => y !== m && entry(y, p.rule).core !== undefined);
    if (x) earlier.set(p.rule, entry(x, p.rule));
  }
  const fastest = ok[ok.length - 1];
  const num = (v, d = 0) =>
    v === undefined ? '–' : v.toLocaleString('en', { maximumFractionDigits: d });
  const lines = [
    '### Slowest rule',
    '',
    `In memory on the largest set measured (${setName(m)}: transfers/victims)` +
      `${earlier.size ? ', with the figures on a smaller set for a rule that failed there' : ''}. ` +
      '"victims per account" counts, in each account the trace ' +
      'reached, the victims it holds money of (poison: is tainted by) after the last transfer, from the ' +
      'result of the core run.',
    '',
    '| rule | set | core | core transfers/s | end to end | e2e peak RSS | accounts reached | victims per account (mean) | (max) |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const row = (p) => {
    const e = p.e2e;
    const e2e = e?.times.length ? fmtS(e.ms) : e?.error ? `failed: ${e.error}` : '–';
    const core = p.failed ? `**failed**: ${p.failed}` : fmtS(p.core);
    lines.push(
      `| ${p.rule} | ${setName(p.x)} | ${core} | ${fmtRate(rate(p.n, p.core))} | ${e2e} | ${fmtBytes(e?.rssBytes)} | ${num(p.stats?.reached)} | ${num(p.stats?.victimsPerAccount, 1)} | ${num(p.stats?.maxVictims)} |`,
    );
  };
  for (const p of ok) row(p);
  for (const p of failed) {
    row(p);
    if (earlier.has(p.rule)) row(earlier.get(p.rule));
  }
  lines.push('');

  const vpa = (p) =>
    p?.stats
      ? `${num(p.stats.victimsPerAccount, 1)} victims per account (max ${num(p.stats.maxVictims)}) over ${num(p.stats.reached)} accounts on ${setName(p.x)}`
      : 'no figures';
  const vsClean = (p) => {
    const c = entry(p.x, 'clean_first');
    return c.stats && p.rule !== 'clean_first' ? `, against ${vpa(c)} under clean_first` : '';
  };
  const why = (p) => {
    const f = p.stats ? p : (earlier.get(p.rule) ?? p);
    if (p.rule === 'poison')
      return (
        'poison carries no amounts, only the set of victims that ever touched an account, and on a connected ' +
        'network these sets grow until they hold most victims: every payment out of a tainted account unions ' +
        'the payer’s whole set into the receiver’s and nothing removes a victim, so the work per transfer and ' +
        'the memory grow with the set, up to a bitset of all victims (one bit per victim) per account: ' +
        `${vpa(f)}${vsClean(f)}.`
      );
    if (p.rule === 'fifo' || p.rule === 'lifo')
      return (
        `${p.rule} keeps one lot per incoming transfer in every reached account and walks and splits lots on ` +
        'each payment, where the pooled rules keep one mix per account' +
        `: ${vpa(f)}${vsClean(f)}.`
      );
    if (p.rule === 'clean_first')
      return (
        'clean_first keeps one mix per account and splits a payment across the victims of a mix only once its ' +
        `clean money is spent: ${vpa(f)}.`
      );
    return (
      `${p.rule} keeps one mix per account, but takes victims' money with every payment out of a mixed ` +
      'account and splits it across every victim in the mix (largest remainder), so even small background ' +
      'payments carry every victim downstream and the mixes grow along the network' +
      `: ${vpa(f)}${vsClean(f)}.`
    );
  };

  const text = [];
  if (failed.length > 0) {
    const list = failed.map((p) => {
      const rss = p.e2e?.rssBytes;
      return `**${p.rule}** (${p.failed}${rss ? `; end to end reached ${fmtBytes(rss)}` : ''})`;
    });
    const and =
      list.length > 1 ? `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}` : list[0];
    text.push(`On ${setName(m)}, ${and} did not finish in memory.`);
  }
  const slow = ok[0];
  if (slow && fastest && slow !== fastest)
    text.push(
      `${failed.length ? 'Of the rules that finished, the' : 'The'} slowest is **${slow.rule}**: ` +
        `${fmtS(slow.core)}, ${(slow.core / fastest.core).toFixed(1)}× the fastest (${fastest.rule}, ${fmtS(fastest.core)}).`,
    );
  lines.push(text.join(' '), '');
  const named = [...failed, ...(slow ? [slow] : [])];
  for (const p of named) lines.push(`- ${why(p)}`);
  lines.push('');
  return lines.join('\n');
}

function renderTargets(measured, quick) {
  const e2eRates = [];
  const coreRates = [];
  const rss10M = [];
  for (const m of measured) {
    if (!m.e2e) continue;
    const n = m.set.transfers;
    for (const o of m.e2e.values()) {
      if (o.format !== 'csv') continue;
      const failed = o.error && o.times.length === 0;
      e2eRates.push({ rule: o.rule, m, v: failed ? 0 : rate(n, o.ms), failed });
      if (n >= 10_000_000) rss10M.push({ rule: o.rule, m, v: o.rssBytes, failed: failed === true });
      const c = m.mem?.rules.get(o.rule);
      if (c)
        coreRates.push({
          rule: o.rule,
          m,
          v: c.error ? 0 : rate(n, median(c.ms)),
          failed: !!c.error,
        });
    }
  }
  const where = (x) => `${x.rule} on ${fmtCount(x.m.set.transfers)}/${fmtCount(x.m.set.victims)}`;
  // higherIsBetter: rates; lower: bytes.
  const row = (name, target, xs, f, higherIsBetter, good) => {
    if (xs.length === 0)
      return `| ${name} | ${target} | not measured${quick ? ' (--quick)' : ''} | | |`;
    const met = xs.filter((x) => !x.failed && x.v !== undefined && good(x.v));
    const fine = xs
      .filter((x) => !x.failed && x.v !== undefined)
      .sort((a, b) => (higherIsBetter ? b.v - a.v : a.v - b.v));
    const fails = xs.filter((x) => x.failed);
    const parts = [];
    if (fine.length > 0) {
      const best = fine[0];
      const worst = fine[fine.length - 1];
      parts.push(`best ${f(best.v)} (${where(best)}), worst ${f(worst.v)} (${where(worst)})`);
    }
    if (fails.length > 0) parts.push(`failed: ${fails.map(where).join(', ')}`);
    const verdict = met.length === xs.length ? 'met' : '**not met**';
    return `| ${name} | ${target} | ${parts.join('; ')} | ${met.length} of ${xs.length} | ${verdict} |`;
  };
  const lines = [
    '### Targets',
    '',
    '| target | design | figures | rule × set runs meeting it | verdict |',
    '|---|---|---|---|---|',
    row(
      'end to end',
      '≥ 1,000,000 transfers/s on one core',
      e2eRates,
      fmtRate,
      true,
      (v) => v >= TARGET.e2e,
    ),
    row(
      'in-memory core',
      '≥ 5,000,000 transfers/s',
      coreRates,
      fmtRate,
      true,
      (v) => v >= TARGET.core,
    ),
    row('peak RSS, 10M transfers', '≤ 2 GB', rss10M, fmtBytes, false, (v) => v <= TARGET.rssBytes),
    '',
  ];
  return lines.join('\n');
}

/** CLAWBACK_BENCH_SETS=100000x100,200000x1000: other sizes, while developing the harness. */
function setsFromEnv() {
  const text = process.env.CLAWBACK_BENCH_SETS;
  if (!text) return undefined;
  return text.split(',').map((s) => {
    const [transfers, victims] = s.split('x').map(Number);
    if (!(transfers > 0 && victims >= 0)) throw new Error(`CLAWBACK_BENCH_SETS: bad set "${s}"`);
    return { transfers, victims };
  });
}

/** The part's entry point for bench/run.mjs. */
export async function run(options = {}) {
  const quick = options.quick === true;
  const log = options.log ?? ((s) => process.stderr.write(`[trace] ${s}\n`));
  const sets = options.sets ?? setsFromEnv() ?? (quick ? QUICK_SETS : FULL_SETS);
  const started = Date.now();
  const snap = await snapshotDist(log);
  if (snap.error) return `## trace\n\n**Not measured**: ${snap.error}.\n`;
  DIST = snap.dir;
  const measured = [];
  try {
    for (const set of sets) {
      const is10M = set.transfers >= 10_000_000;
      const big = set.transfers > 1_000_000;
      const label = `${fmtCount(set.transfers)}/${fmtCount(set.victims)}`;
      log(`data set ${label}`);
      const data = await ensureSet(set, (s) => log(`  ${s}`));
      if (data.error) {
        measured.push({ set, data });
        continue;
      }
      const bare = await bareRead(data, 3, log);
      const e2e = await endToEnd(data, big ? 1 : 3, log);
      const mem = await inMemory(data, { runs: big ? 3 : 5, loads: big ? 1 : 3 }, log);
      measured.push({ set, data, bare, e2e, mem, is10M });
    }
  } finally {
    rmSync(snap.dir, { recursive: true, force: true });
  }
  const minutes = (Date.now() - started) / MIN;
  const sections = [
    '## trace',
    '',
    `\`clawback trace\` on generated data (bench/gen-transfers.mjs, seed "${SEED}")${quick ? ', **--quick: the 1M sets only** (the 10M sets and the 2 GB target are not measured)' : ''}. ` +
      `Every figure comes from a child process running a copy of \`dist/\` taken at ${snap.at.toISOString().slice(11, 16)} UTC (so that rebuilds during the run do not mix versions)${PIN ? '; the bare read and the end-to-end runs are pinned to one CPU with `taskset -c 0` (so node\'s GC threads cannot use the second core: "on one core" holds for them), the load and in-memory core child is not' : '; no child is pinned to a CPU (no taskset here: CPU above the wall time means a second core was used)'}; times are wall clock, CPU is user + system of the child, peak RSS is the child's maximum resident set (max over its runs). ` +
      `${fmtCount(1e6)} = 1,000,000; MB/GB are decimal. This part took ${minutes.toFixed(1)} min.`,
    '',
    renderTargets(measured, quick),
    slowestRule(measured),
    ...measured.map((m) =>
      m.data.error
        ? renderSet(m.set, m.data)
        : renderSet(m.set, m.data, m.bare, m.e2e, m.mem, m.is10M),
    ),
  ];
  return `${sections.join('\n').trim()}\n`;
}

// ---------------------------------------------------------------- main

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === SELF;
if (isMain) {
  const { values, positionals } = parseArgs({
    options: {
      child: { type: 'string' },
      dir: { type: 'string' },
      dist: { type: 'string' },
      rules: { type: 'string' },
      runs: { type: 'string' },
      loads: { type: 'string' },
      quick: { type: 'boolean' },
    },
    allowPositionals: true,
  });
  if (values.child === 'bare') {
    await childBare(positionals[0]);
  } else if (values.child === 'core') {
    await childCore({
      dir: values.dir,
      dist: values.dist ?? join(ROOT, 'dist'),
      rules: values.rules.split(','),
      runs: Number(values.runs),
      loads: Number(values.loads),
    });
  } else {
    process.stdout.write(await run({ quick: values.quick === true }));
  }
}
