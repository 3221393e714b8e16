// Benchmark harness: runs the parts in bench/ and rewrites bench/RESULTS.md.
//
//   npm run bench                         every part
//   npm run bench -- trace --quick        one part, the small data sets only
//   node bench/run.mjs --help
//
// A part is a file bench/<part>.mjs (other than this one and gen-*.mjs). Either it exports
// `async function run(options)` returning a markdown section that begins with `## <part>`
// (run in this process), or it is a standalone script that prints its section to stdout
// (run as a child; `--quick` reaches it as CLAWBACK_BENCH_QUICK=1). Inside a section,
// headings are `###` or deeper: a `## ` line starts the next section.
//
// RESULTS.md gets a new header (date, command, machine) and the sections that ran; the
// sections of parts that did not run this time are kept as they were, each with the line
// saying when it ran.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..');
const RESULTS = join(HERE, 'RESULTS.md');
const PART_TIMEOUT_MS = 60 * 60_000; // for standalone parts (in-process parts time their own children)

const USAGE = `Usage: npm run bench -- [part ...] [--quick] [--no-build] [--no-write]
       node bench/run.mjs [part ...] [options]

  part          one or more of: ${listParts().join(', ') || '(none found)'} (default: all)
  --quick       small data sets only (for a quick check, not for the record)
  --no-build    measure dist/ as it is (default: npm run build first)
  --no-write    print the sections to stdout, leave bench/RESULTS.md alone
  -h, --help    this help
`;

function listParts() {
  return readdirSync(HERE)
    .filter((f) => f.endsWith('.mjs') && f !== 'run.mjs' && !f.startsWith('gen-'))
    .filter((f) => !f.startsWith('_'))
    .map((f) => f.slice(0, -4))
    .sort((a, b) => (a === 'trace' ? -1 : b === 'trace' ? 1 : a.localeCompare(b)));
}

/** Whether a part exports `run`, read from its text: importing a standalone script runs it. */
function exportsRun(file) {
  const text = readFileSync(file, 'utf8');
  return (
    /^\s*export\s+(async\s+)?function\s*\*?\s*run\s*\(/m.test(text) ||
    /^\s*export\s+(const|let)\s+run\s*=/m.test(text) ||
    /^\s*export\s*\{[^}]*\brun\b(?!\s*as)[^}]*\}/m.test(text)
  );
}

const log = (s) => process.stderr.write(`[bench] ${s}\n`);

function sh(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** Runs a standalone part and returns its stdout (the section) or a failure section. */
function runStandalone(part, quick) {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(HERE, `${part}.mjs`)], {
      cwd: ROOT,
      env: { ...process.env, CLAWBACK_BENCH_QUICK: quick ? '1' : '' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // gone
      }
    }, PART_TIMEOUT_MS);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d) => {
      stderr += d;
      process.stderr.write(d); // its progress, as it goes
    });
    child.on('error', (e) => {
      stderr += e.message;
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0 && !timedOut && stdout.trim() !== '') return done(stdout);
      const why = timedOut
        ? `timed out after ${PART_TIMEOUT_MS / 60_000} min`
        : code === 0
          ? 'printed nothing'
          : `exit ${code ?? signal}`;
      const tail = stderr.trim().split('\n').slice(-5).join('\n');
      done(
        `## ${part}\n\n**Failed**: \`node bench/${part}.mjs\` ${why}.\n${tail ? `\n\`\`\`\n${tail}\n\`\`\`\n` : ''}`,
      );
    });
  });
}

async function runPart(part, options) {
  const file = join(HERE, `${part}.mjs`);
  let section;
  if (exportsRun(file)) {
    try {
      const mod = await import(pathToFileURL(file).href);
      section = await mod.run(options);
    } catch (e) {
      section = `## ${part}\n\n**Failed**: ${e?.stack ?? e}\n`;
    }
  } else {
    section = await runStandalone(part, options.quick);
  }
  section = String(section).trim();
  // The heading must be `## <part>` so that the next run can find and replace it.
  const first = section.split('\n', 1)[0];
  if (!new RegExp(`^##\\s+${part}\\b`).test(first)) section = `## ${part}\n\n${section}`;
  return section;
}

/** Splits RESULTS.md into its header and sections keyed by part name, in order. */
function parseResults(text) {
  const sections = new Map();
  let name;
  let buf = [];
  let fence = false;
  const flush = () => {
    if (name !== undefined) sections.set(name, buf.join('\n').trim());
  };
  for (const line of text.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fence = !fence;
    const m = !fence && /^##\s+(\S+)/.exec(line);
    if (m) {
      flush();
      name = m[1];
      buf = [];
    }
    if (name !== undefined) buf.push(line);
  }
  flush();
  return sections;
}

function machine() {
  const cpus = os.cpus();
  const model = cpus[0]?.model?.trim() ?? 'unknown CPU';
  const cores = cpus.length;
  const ram = `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`;
  const load = os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
  return { model, cores, ram, load };
}

function commitLine() {
  const head = sh('git', ['rev-parse', '--short', 'HEAD']) ?? 'unknown';
  const dirty = sh('git', ['status', '--porcelain', '--', 'src']);
  return dirty ? `${head} + uncommitted changes in src/` : head;
}

function commandLine(argv) {
  const args = argv.join(' ');
  return process.env.npm_lifecycle_event === 'bench'
    ? `npm run bench${args ? ` -- ${args}` : ''}`
    : `node bench/run.mjs${args ? ` ${args}` : ''}`;
}

async function main() {
  const argv = process.argv.slice(2);
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        quick: { type: 'boolean' },
        'no-build': { type: 'boolean' },
        'no-write': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    process.stderr.write(`bench: ${e.message}\n\n${USAGE}`);
    process.exit(2);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const all = listParts();
  const unknown = positionals.filter((p) => !all.includes(p));
  if (unknown.length > 0) {
    process.stderr.write(`bench: no part ${unknown.join(', ')} (parts: ${all.join(', ')})\n`);
    process.exit(2);
  }
  const parts = positionals.length > 0 ? [...new Set(positionals)] : all;
  const quick = values.quick === true;

  let buildNote = '';
  if (!values['no-build']) {
    log('npm run build');
    const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 2, 2] });
    if (r.status !== 0) {
      if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) {
        log('build failed and there is no dist/ to measure');
        process.exit(1);
      }
      buildNote = '**`npm run build` failed: these figures are for the dist/ that was there.**';
      log('build failed: measuring the existing dist/');
    }
  } else {
    buildNote = 'Measured dist/ as it was (--no-build).';
  }

  const started = new Date();
  const command = commandLine(argv);
  const commit = commitLine();
  const mc = machine();
  const stamp =
    `_Run ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC with \`${command}\`, commit ${commit}, ` +
    `on ${mc.cores} × ${mc.model}, ${mc.ram}, Node ${process.version}._`;
  const fresh = new Map();
  for (const part of parts) {
    log(`part ${part}`);
    const t0 = Date.now();
    const section = await runPart(part, { quick, root: ROOT, log: (s) => log(`${part}: ${s}`) });
    log(`part ${part} done in ${((Date.now() - t0) / 60_000).toFixed(1)} min`);
    // The provenance line goes right under the heading.
    const [head, ...rest] = section.split('\n');
    fresh.set(part, [head, '', stamp, ...rest].join('\n').replace(/\n{3,}/g, '\n\n'));
  }

  if (values['no-write']) {
    process.stdout.write(`${[...fresh.values()].join('\n\n')}\n`);
    return;
  }

  const old = existsSync(RESULTS) ? parseResults(readFileSync(RESULTS, 'utf8')) : new Map();
  // Order: parts as listed now, then any old sections of parts that no longer exist.
  const names = [...new Set([...all, ...old.keys()])];
  const sections = names
    .map((n) => fresh.get(n) ?? old.get(n))
    .filter((s) => s !== undefined && s !== '');
  const m = machine();
  const header = [
    '# Benchmark results',
    '',
    `Written by \`${command}\` on ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC ` +
      `(commit ${commit}); it re-ran ${parts.map((p) => `\`${p}\``).join(', ')}` +
      `${quick ? ' with --quick' : ''}. Sections it did not re-run are kept from earlier runs: ` +
      'each says under its heading when and how it ran. How to run and read these: bench/README.md.',
    '',
    `- Machine: ${m.model}, ${m.cores} cores, ${m.ram} RAM; Node ${process.version} on ${os.platform()} ${os.release()}; load average at start ${m.load}.`,
    '- The machine is shared and noisy: other work runs beside the benchmark. Figures are medians ' +
      'of a few runs; compare ratios within one run (e.g. a rule against the bare read) rather than ' +
      'absolute figures across runs.',
    ...(buildNote ? [`- ${buildNote}`] : []),
    '',
  ].join('\n');
  const text = `${header}\n${sections.join('\n\n')}\n`;
  const tmp = `${RESULTS}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, RESULTS);
  log(`wrote ${RESULTS}`);
}

await main();
