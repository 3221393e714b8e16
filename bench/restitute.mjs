// Restitution benchmark (standalone; runs on dist/, so `npm run build` first):
//   node bench/restitute.mjs            1,000,000 claims
//   CLAWBACK_BENCH_QUICK=1 node ...     100,000 claims
// Generates the claims in memory (deterministic), times each method (median of 5 runs after
// a warm-up), checks every result is exact (amounts + unallocated = pool, nobody above the
// net loss), and prints a markdown section beginning with `## restitute`.

import os from 'node:os';
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import { proRata, resolveTraced, risingTide, tracedFirst } from '../dist/restitute/index.js';

const QUICK = process.env.CLAWBACK_BENCH_QUICK === '1';
const CLAIMS = QUICK ? 100_000 : 1_000_000;
const ACCOUNTS = CLAIMS / 5;
const RUNS = 5;

// A full collection before each timed run, so that a run does not pay for the garbage of the
// one before it (the input itself is a few hundred MB of objects that every major GC marks).
v8.setFlagsFromString('--expose-gc');
const collect = vm.runInNewContext('gc');

/** xorshift32: the same numbers on every machine. */
function rng(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

/** Losses from 100.00 to 500,000.00 CNY (log-uniform); 30% recovered something, 2% more than the loss. */
function makeClaims(n, rand) {
  const claims = new Array(n);
  let lossTotal = 0;
  for (let i = 0; i < n; i++) {
    const loss = Math.round(10_000 * 5000 ** rand());
    const u = rand();
    const recovered =
      u < 0.7 ? 0 : u < 0.98 ? Math.floor(loss * rand()) : loss + Math.floor(loss * rand());
    claims[i] = { victim: `V${String(i).padStart(7, '0')}`, loss, recovered };
    lossTotal += loss;
  }
  return { claims, lossTotal };
}

/**
 * A trace of ACCOUNTS mule accounts holding 1-5 victims' money each, and what was frozen:
 * 60% of the accounts hold more than is traced (clean money joins the shared remainder), 35%
 * less (returns scaled down), 5% are frozen but missing from the trace.
 */
function makeAccounts(claims, rand) {
  const accounts = [];
  let pairs = 0;
  for (let k = 0; k < ACCOUNTS; k++) {
    const account = `62170000${String(k).padStart(11, '0')}`;
    if (rand() < 0.05) {
      accounts.push({ account, frozen: Math.floor(rand() * 5_000_000), traced: undefined });
      continue;
    }
    const victims = 1 + Math.floor(rand() * 5);
    const traced = [];
    const seen = new Set();
    let total = 0;
    for (let j = 0; j < victims; j++) {
      const c = claims[Math.floor(rand() * claims.length)];
      if (seen.has(c.victim)) continue;
      seen.add(c.victim);
      const amount = 1 + Math.floor((c.loss / 4) * rand());
      traced.push({ victim: c.victim, amount });
      total += amount;
    }
    pairs += traced.length;
    const frozen = rand() < 0.6 ? total + Math.floor(rand() * 100_000) : Math.floor(total * rand());
    accounts.push({ account, frozen, traced });
  }
  return { accounts, pairs };
}

function check(name, claims, r) {
  let sum = 0;
  for (let i = 0; i < claims.length; i++) {
    const a = r.amounts[i];
    const c = claims[i];
    const net = Math.max(0, c.loss - c.recovered);
    if (!Number.isInteger(a) || a < 0 || a > net)
      throw new Error(`${name}: claim ${i} gets ${a}, net loss ${net}`);
    sum += a;
  }
  if (sum + r.unallocated !== r.pool)
    throw new Error(`${name}: ${sum} + ${r.unallocated} != pool ${r.pool}`);
  if (!Number.isSafeInteger(sum)) throw new Error(`${name}: sum beyond 2^53`);
}

function time(fn) {
  fn(); // warm-up
  const ms = [];
  let result;
  for (let k = 0; k < RUNS; k++) {
    collect();
    const t0 = performance.now();
    result = fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return { median: ms[Math.floor(RUNS / 2)], result };
}

function measure(name, fn) {
  const { median, result } = time(fn);
  check(name, claims, result);
  process.stderr.write(`[restitute] ${name}: ${median.toFixed(1)} ms\n`);
  return { name, median };
}

const load = os.loadavg()[0];
const rand = rng(20260301);
const { claims, lossTotal } = makeClaims(CLAIMS, rand);
const pool = Math.floor(lossTotal * 0.37);
// The claims-only methods first, with nothing else on the heap (every major GC marks it all).
const rows = [
  measure('pro_rata', () => proRata(claims, pool)),
  measure('rising_tide', () => risingTide(claims, pool)),
  measure('rising_tide, sorted path (worst case)', () =>
    risingTide(claims, pool, { maxPasses: 0 }),
  ),
];
const { accounts, pairs } = makeAccounts(claims, rand);
process.stderr.write(`[restitute] ${accounts.length} accounts, ${pairs} traced pairs\n`);
// Victim ids resolved to claim indices, as the CLI does while it checks the trace against the
// claims, with the id index that reading the claims builds anyway (to find duplicates).
const index = new Map(claims.map((c, i) => [c.victim, i]));
const resolved = resolveTraced(claims, accounts, index);
rows.push(
  measure('traced_first', () => tracedFirst(claims, resolved)),
  measure('traced_first + resolveTraced (ids to claims, index from the reader)', () =>
    tracedFirst(claims, resolveTraced(claims, accounts, index)),
  ),
  measure('traced_first + resolveTraced (ids to claims, index built too)', () =>
    tracedFirst(claims, resolveTraced(claims, accounts)),
  ),
);

const fmt = (x) => Math.round(x).toLocaleString('en-US');
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const out = [
  '## restitute',
  '',
  `\`node bench/restitute.mjs\`${QUICK ? ' (quick)' : ''}: ${fmt(CLAIMS)} claims generated in memory (losses 100.00–500,000.00 CNY, 30% with something recovered, 2% more than the loss), pool 37% of the losses; traced_first over ${fmt(accounts.length)} frozen accounts with ${fmt(pairs)} traced victim amounts (60% hold more than is traced, 35% less, 5% not in the trace). Median of ${RUNS} runs after a warm-up, a full GC before each; every result checked exact (amounts + unallocated = pool, nobody above the net loss). Target: 1,000,000 claims in ≤ 1 s.`,
  '',
  '| method | claims | median ms | claims/s |',
  '|---|---:|---:|---:|',
  ...rows.map(
    (r) =>
      `| ${r.name} | ${fmt(CLAIMS)} | ${r.median.toFixed(1)} | ${fmt((CLAIMS / r.median) * 1000)} |`,
  ),
  '',
  `Machine: ${cpu}, ${os.cpus().length} cores, Node ${process.version}; load average ${load.toFixed(2)} at the start (other work on the machine slows every figure).`,
  '',
];
process.stdout.write(out.join('\n'));
