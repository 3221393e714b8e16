import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../test-support/temp-dirs.js';
import { SIMULATE_FILES } from './simulate.js';
import { runCli } from './test-support/run-cli.js';

const root = tempDir('cb-simulate-');
let seq = 0;
const fresh = () => join(root, String(seq++));

/** The CLI as main() runs it. */
function cli(argv: readonly string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return runCli(argv);
}

const SMALL = [
  '--seed',
  '5',
  '--people',
  '3000',
  '--days',
  '14',
  '--fraud-rate',
  '1',
  '--pay-rate',
  '0.05',
];

function digest(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir).sort())
    out[f] = createHash('sha256')
      .update(readFileSync(join(dir, f)))
      .digest('hex');
  return out;
}

describe('clawback simulate', () => {
  it('writes every file, byte-identical for the same arguments, and says what it wrote', async () => {
    const a = fresh();
    const b = fresh();
    const r1 = await cli(['simulate', ...SMALL, '--out', a]);
    expect(r1.stderr).toBe('');
    expect(r1.status).toBe(0);
    expect(r1.stdout).toMatch(/simulated 3,000 people over 14 days from 2026-03-01 \(seed 5\)/);
    expect(readdirSync(a).sort()).toEqual([...SIMULATE_FILES].sort());
    const r2 = await cli(['simulate', ...SMALL, '--out', b]);
    expect(r2.status).toBe(0);
    expect(digest(b)).toEqual(digest(a));
    const rows = readFileSync(join(a, 'transfers.csv'), 'utf8').split('\n').length - 2;
    expect(r1.stdout).toContain(`transfers.csv`);
    expect(r1.stdout).toMatch(new RegExp(`transfers\\.csv\\s+${rows} rows`));
  });

  it.each([
    [['--people', '-5'], /--people "-5"/],
    [['--people', 'many'], /--people "many": expected a whole number/],
    [['--days', '0'], /--days "0": must be from 1 to 366/],
    [['--fraud-rate', '1.5'], /--fraud-rate "1.5": must be from 0 to 1/],
    [['--layers', '9'], /--layers "9"/],
    [['--start', '2026-02-30'], /--start "2026-02-30": expected a date/],
    [['--seed', 'x1'], /--seed "x1": expected digits/],
    [['--bogus', '1'], /unknown option '--bogus'/],
  ])('rejects %j with a clear message and exit status 2', async (args, message) => {
    const dir = fresh();
    const r = await cli(['simulate', '--out', dir, ...args]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(() => readdirSync(dir)).toThrow();
  });

  it('needs --out', async () => {
    const r = await cli(['simulate', '--people', '100']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--out/);
  });

  it('does not overwrite a non-empty directory without --force', async () => {
    const dir = fresh();
    mkdirSync(dir);
    writeFileSync(join(dir, 'notes.txt'), 'keep me');
    const r = await cli(['simulate', '--people', '100', '--days', '2', '--out', dir]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/exists and is not empty; add --force/);
    expect(readdirSync(dir)).toEqual(['notes.txt']);
    const forced = await cli([
      'simulate',
      '--people',
      '100',
      '--days',
      '2',
      '--out',
      dir,
      '--force',
    ]);
    expect(forced.status).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['notes.txt', ...SIMULATE_FILES].sort());
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('keep me');
  });

  it('documents every option in --help', async () => {
    const r = await cli(['simulate', '--help']);
    expect(r.status).toBe(0);
    for (const flag of [
      '--seed',
      '--people',
      '--days',
      '--out',
      '--fraud-rate',
      '--pay-rate',
      '--layers',
      '--mule-reuse',
      '--time-scale',
      '--force',
    ])
      expect(r.stdout).toContain(flag);
  });
});

interface TraceJson {
  accounts: { account: string; gap: string }[];
  victims: {
    victim: string;
    loss: string;
    held: string;
    exited: Record<string, string>;
    absorbed: string;
  }[];
}

const cents = (s: string) => Math.round(Number(s) * 100);

/** Per victim: held + exited + absorbed = loss, to the cent; and no account shows a gap. */
function conserved(j: TraceJson): string[] {
  const bad: string[] = [];
  for (const v of j.victims) {
    const exited = Object.values(v.exited).reduce((s, x) => s + cents(x), 0);
    if (cents(v.held) + exited + cents(v.absorbed) !== cents(v.loss)) bad.push(v.victim);
  }
  for (const a of j.accounts) if (cents(a.gap) !== 0) bad.push(`gap in ${a.account}`);
  return bad;
}

describe('clawback trace over a simulation', () => {
  it("conserves every victim's money, for all losses and for one campaign's", async () => {
    const dir = fresh();
    expect((await cli(['simulate', ...SMALL, '--layers', '4', '--out', dir])).status).toBe(0);
    const files = [
      '--transfers',
      join(dir, 'transfers.csv'),
      '--accounts',
      join(dir, 'accounts.csv'),
    ];
    for (const rule of ['clean_first', 'fifo']) {
      const all = await runCli([
        'trace',
        ...files,
        '--losses',
        join(dir, 'losses.csv'),
        '--rule',
        rule,
        '--format',
        'json',
      ]);
      expect(all.stderr).toBe('');
      const j = JSON.parse(all.stdout) as TraceJson;
      expect(j.victims.length).toBeGreaterThan(20);
      expect(conserved(j)).toEqual([]);
    }
    // one campaign: the losses rows of its id (as the README's awk line does)
    const lines = readFileSync(join(dir, 'losses.csv'), 'utf8').trim().split('\n');
    const campaign = lines[1]!.split(',')[2]!;
    const mine = [lines[0], ...lines.slice(1).filter((l) => l.split(',')[2] === campaign)];
    const losses = join(dir, 'one-campaign.csv');
    writeFileSync(losses, `${mine.join('\n')}\n`);
    const one = await runCli(['trace', ...files, '--losses', losses, '--format', 'json']);
    const j = JSON.parse(one.stdout) as TraceJson;
    expect(j.victims.length).toBe(new Set(mine.slice(1).map((l) => l!.split(',')[1])).size);
    expect(conserved(j)).toEqual([]);
  });
});
