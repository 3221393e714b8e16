// Simulator benchmark (standalone; runs on dist/, so `npm run build` first):
//   node bench/simulate.mjs              1,000,000 people x 30 days (or a smaller size and the
//                                        extrapolation, when a probe says 1M would pass ~3 min)
//   CLAWBACK_BENCH_QUICK=1 node ...      100,000 people x 30 days
// Each size runs `clawback simulate` end to end (generation and files on disk) in a child
// process, so its peak RSS is its own, and prints a markdown section beginning `## simulate`.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SELF = fileURLToPath(import.meta.url);
const QUICK = process.env.CLAWBACK_BENCH_QUICK === '1';
const TARGET = QUICK ? 100_000 : 1_000_000;
const DAYS = 30;
const SEED = '1';
const BUDGET_S = 180;

if (process.argv[2] === '--child') {
  // one run: node bench/simulate.mjs --child PEOPLE DAYS DIR
  const [people, days, dir] = process.argv.slice(3);
  const { parseOptions } = await import('../dist/simulate/index.js');
  const { runSimulation } = await import('../dist/cli/simulate.js');
  const started = process.hrtime.bigint();
  const report = await runSimulation(parseOptions({ seed: SEED, people, days }), dir, false);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage();
  process.stdout.write(
    `${JSON.stringify({
      rows: report.rows,
      campaigns: report.campaigns,
      victims: report.victims,
      seconds,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      maxRssMB: process.resourceUsage().maxRSS / 1024,
    })}\n`,
  );
  process.exit(0);
}

function run(people) {
  const dir = mkdtempSync(join(os.tmpdir(), 'cb-bench-sim-'));
  const out = join(dir, 'out');
  try {
    const r = spawnSync(process.execPath, [SELF, '--child', String(people), String(DAYS), out], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    if (r.status !== 0) throw new Error(`simulate ${people} failed: ${r.stderr || r.stdout}`);
    return JSON.parse(r.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const total = (rows) => Object.values(rows).reduce((s, n) => s + n, 0);
const fmt = (n) => Math.round(n).toLocaleString('en-US');

// A probe at a tenth of the size says whether the full size fits the time budget.
const probePeople = Math.max(10_000, TARGET / 10);
const probe = run(probePeople);
const predicted = (probe.seconds * TARGET) / probePeople;
let people = TARGET;
if (predicted > BUDGET_S) {
  people = Math.max(
    probePeople,
    Math.floor(((BUDGET_S / 2) * probePeople) / probe.seconds / 1e4) * 1e4,
  );
}
const main = people === probePeople ? probe : run(people);
const scale = TARGET / people;

const load = os
  .loadavg()
  .map((x) => x.toFixed(2))
  .join(' ');
const lines = [
  '## simulate',
  '',
  `\`clawback simulate --seed ${SEED} --people ${people} --days ${DAYS}\` (defaults otherwise), end to end with files written, in one process on one core (\`node bench/simulate.mjs\`${QUICK ? ', quick' : ''}).`,
  '',
  '| file | rows |',
  '|---|---:|',
  ...Object.entries(main.rows).map(([f, n]) => `| ${f} | ${fmt(n)} |`),
  `| all files | ${fmt(total(main.rows))} |`,
  '',
  '| measure | value |',
  '|---|---:|',
  `| people × days | ${fmt(people)} × ${DAYS} |`,
  `| fraud campaigns, victims | ${main.campaigns}, ${fmt(main.victims)} |`,
  `| wall seconds | ${main.seconds.toFixed(1)} |`,
  `| CPU seconds (user + system) | ${main.cpuSeconds.toFixed(1)} |`,
  `| rows/s (all files) | ${fmt(total(main.rows) / main.seconds)} |`,
  `| transfers/s | ${fmt(main.rows['transfers.csv'] / main.seconds)} |`,
  `| peak RSS | ${fmt(main.maxRssMB)} MB |`,
  `| probe (${fmt(probePeople)} people) | ${probe.seconds.toFixed(1)} s, ${fmt(probe.maxRssMB)} MB |`,
];
if (scale > 1) {
  lines.push(
    '',
    `${fmt(TARGET)} people would take about ${((main.seconds * scale) / 60).toFixed(1)} minutes here (linear extrapolation from ${fmt(people)}: the work per person-day is constant; memory grows with the number of people and accounts), so the smaller size was measured.`,
  );
}
lines.push(
  '',
  `Machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, Node ${process.version}, load average ${load} at the end (the machine is shared).`,
  '',
);
process.stdout.write(lines.join('\n'));
