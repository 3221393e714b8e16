import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../test-support/temp-dirs.js';
import { runCli } from './test-support/run-cli.js';

/** Runs `clawback restitute ...` in process, through main(). */
function restitute(args: readonly string[], stdin = '') {
  return runCli(['restitute', ...args], stdin);
}

const dir = tempDir('cb-restitute-');
let seq = 0;
function file(name: string, content: string | Buffer): string {
  const sub = join(dir, String(seq++));
  mkdirSync(sub, { recursive: true });
  const p = join(sub, name);
  writeFileSync(p, content);
  return p;
}
const fresh = () => join(dir, `out-${seq++}`);

const CLAIMS = 'victim,loss,recovered\nA,30000.00,0\nB,20000.00,\nC,15000.00,0.00\n';

describe('clawback restitute --claims --pool', () => {
  it('prints the JSON of formats.md (restitution.md example: 4,615.39 / 3,076.92 / 2,307.69)', async () => {
    const r = await restitute([
      '--claims',
      file('claims.csv', CLAIMS),
      '--pool',
      '10000.00',
      '--format',
      'json',
    ]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({
      method: 'pro_rata',
      currency: 'CNY',
      pool: '10000.00',
      unallocated: '0.00',
    });
    expect(
      j.allocations.map((a: { victim: string; amount: string }) => [a.victim, a.amount]),
    ).toEqual([
      ['A', '4615.39'],
      ['B', '3076.92'],
      ['C', '2307.69'],
    ]);
  });

  it('prints a table readable on 80 columns by default', async () => {
    const r = await restitute(['--claims', file('claims.csv', CLAIMS), '--pool', '10000']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('pro_rata · CNY · pool 10,000.00 · 3 victims');
    expect(r.stdout).toMatch(/^A +30,000\.00 +0\.00 +30,000\.00 +4,615\.39 +15\.38%$/m);
    for (const l of r.stdout.split('\n')) expect(l.length).toBeLessThanOrEqual(80);
  });

  it('runs rising_tide and writes CSV, echoing the columns it does not use', async () => {
    const claims = file(
      'claims.csv',
      'victim,loss,recovered,phone\nA,100,50,+8613800000001\nB,100,0,\n',
    );
    const r = await restitute([
      '--claims',
      claims,
      '--pool',
      '100',
      '--method',
      'rising_tide',
      '--format',
      'csv',
    ]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(
      'victim,loss,recovered,net_loss,amount,status,phone\nA,100.00,50.00,50.00,25.00,share,+8613800000001\nB,100.00,0.00,100.00,75.00,share,\n',
    );
  });

  it('reads claims from stdin and from gzip, in the currency asked for', async () => {
    const viaStdin = await restitute(
      ['--claims', '-', '--pool', '1000', '--currency', 'JPY', '--format', 'csv'],
      'victim,loss\nA,3000\nB,3000\nC,3000\n',
    );
    expect(viaStdin.status).toBe(0);
    expect(viaStdin.stdout).toContain('A,3000,0,3000,334,share');
    const gz = await restitute([
      '--claims',
      file('claims.csv.gz', gzipSync(CLAIMS)),
      '--pool',
      '1',
      '--format',
      'csv',
    ]);
    expect(gz.stdout).toContain('A,30000.00,0.00,30000.00,0.46,share');
  });

  it('reports a victim who recovered more than the loss, and money left when all are whole', async () => {
    const r = await restitute([
      '--claims',
      file('c.csv', 'victim,loss,recovered\nA,500,600\nB,100,0\n'),
      '--pool',
      '300',
    ]);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain(
      'clawback: note: victim A: recovered 600.00 is more than the loss 500.00; no net loss, receives nothing',
    );
    expect(r.stderr).toContain(
      'clawback: note: 200.00 CNY unallocated: every victim is made whole',
    );
  });
});

describe('clawback restitute: bad input exits 2, names file:line, column and value, writes nothing', () => {
  it('collects every bad claim', async () => {
    const statements = fresh();
    const claims = file(
      'claims.csv',
      'victim,loss,recovered\nA,12.345,0\nB,-5,0\nA,10,0\nC,10,-1\nD,abc,0\n',
    );
    const r = await restitute([
      '--claims',
      claims,
      '--pool',
      '100',
      '--statements',
      statements,
      '--format',
      'json',
    ]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('input rejected (5 problems, nothing written)');
    expect(r.stderr).toContain(`${claims}:2: loss "12.345": CNY has 2 decimal places`);
    expect(r.stderr).toContain(`${claims}:3: loss "-5": amount must be positive`);
    expect(r.stderr).toContain(`${claims}:4: victim "A": victim listed twice (first at line 2)`);
    expect(r.stderr).toContain(`${claims}:5: recovered "-1": must not be negative`);
    expect(r.stderr).toContain(`${claims}:6: loss "abc": not a decimal number`);
    expect(existsSync(statements)).toBe(false);
  });

  it('rejects a pool with more decimals than the currency, or a missing column', async () => {
    const a = await restitute(['--claims', file('c.csv', CLAIMS), '--pool', '100.001']);
    expect(a.status).toBe(2);
    expect(a.stderr).toContain('--pool "100.001": CNY has 2 decimal places');
    const b = await restitute(['--claims', file('c.csv', 'victim,amount\nA,1\n'), '--pool', '1']);
    expect(b.status).toBe(2);
    expect(b.stderr).toMatch(/c\.csv:1: missing required column "loss"/);
  });

  it('explains usage mistakes', async () => {
    const claims = file('c.csv', CLAIMS);
    expect((await restitute(['--claims', claims])).stderr).toContain(
      'pro_rata needs --claims and --pool',
    );
    expect(
      (await restitute(['--claims', claims, '--pool', '1', '--method', 'traced_first'])).stderr,
    ).toContain('traced_first returns what is frozen');
    const bad = await restitute(['--claims', claims, '--pool', '1', '--method', 'equal']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("argument 'equal' is invalid");
    expect(
      (await restitute(['--claims', claims, '--pool', '1', '--currency', 'XXY'])).stderr,
    ).toContain('--currency XXY: unknown ISO 4217 currency');
  });
});

const TRANSFERS = `id,ts,from,to,amount
T1,2026-01-01T10:00:00+08:00,VA,M1,1000
T2,2026-01-01T11:00:00+08:00,VB,M1,500
T3,2026-01-01T12:00:00+08:00,M1,M2,1200
`;
const LOSSES = 'transfer_id,victim\nT1,A\nT2,B\n';

/** A real `clawback trace --format json` result (fifo: M1 holds B 300, M2 holds A 1000 and B 200). */
async function traceFile(rule = 'fifo'): Promise<string> {
  const t = await runCli([
    'trace',
    '--transfers',
    file('t.csv', TRANSFERS),
    '--losses',
    file('l.csv', LOSSES),
    '--rule',
    rule,
    '--format',
    'json',
  ]);
  expect(t.status).toBe(0);
  return file('trace.json', t.stdout);
}

describe('clawback restitute --trace --frozen (traced_first)', () => {
  it('returns by tracing per account, shares the rest, and says which part came from where', async () => {
    const trace = await traceFile();
    // M2 holds less than traced (scaled); X is frozen but not in the trace (shared)
    const frozen = file('frozen.csv', 'account,amount\nM1,300.00\nM2,600.00\nX,150.00\n');
    const r = await restitute(['--trace', trace, '--frozen', frozen, '--format', 'json']);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({
      method: 'traced_first',
      currency: 'CNY',
      pool: '1050.00',
      trace_rule: 'fifo',
      shared_remainder: '150.00',
    });
    const byVictim = Object.fromEntries(
      j.allocations.map((a: { victim: string }) => [a.victim, a]),
    );
    // M2: 600 of 1200 traced -> A 500, B 100; M1: B 300; shared 150 on net loss 1000 / 500 -> 100 / 50
    expect(byVictim.A).toMatchObject({ amount: '600.00', traced: '500.00', shared: '100.00' });
    expect(byVictim.B).toMatchObject({ amount: '450.00', traced: '400.00', shared: '50.00' });
    expect(byVictim.B.accounts).toEqual([
      { account: 'M1', traced: '300.00', attributed: '300.00', returned: '300.00' },
      { account: 'M2', traced: '200.00', attributed: '100.00', returned: '100.00' },
    ]);
    expect(r.stderr).toContain(
      'clawback: note: account X: frozen but not in the trace; its 150.00 joins the shared remainder',
    );
    expect(r.stderr).toContain(
      'clawback: note: account M2: frozen 600.00 is less than the 1,200.00 traced to it',
    );
  });

  it('takes the claims from a claims file when given, and writes a statement per victim', async () => {
    const trace = await traceFile();
    const frozen = file('frozen.csv', 'account,amount\nM1,300.00\nM2,1200.00\n');
    const claims = file('claims.csv', 'victim,loss,recovered\nA,1000,900\nB,500,0\nC/../x,100,0\n');
    const statements = fresh();
    const r = await restitute([
      '--trace',
      trace,
      '--frozen',
      frozen,
      '--claims',
      claims,
      '--statements',
      statements,
      '--format',
      'csv',
    ]);
    expect(r.status).toBe(0);
    // A: net 100, traced 1000 -> 100, 900 shared; B: 500 traced; C: 100 from the shared 900; 800 unallocated
    expect(r.stdout).toContain('A,1000.00,900.00,100.00,100.00,made_whole,100.00,0.00');
    expect(r.stdout).toContain('C/../x,100.00,0.00,100.00,100.00,made_whole,0.00,100.00');
    const files = readdirSync(statements).sort();
    expect(files).toHaveLength(7);
    expect(files).toContain('A.txt');
    expect(files).toContain('B.html');
    expect(files).toContain('index.csv');
    expect(files.filter((f) => f.startsWith('C_.._x-'))).toHaveLength(2);
    const a = readFileSync(join(statements, 'A.txt'), 'utf8');
    expect(a).toMatch(/Already recovered +900\.00/);
    expect(a).toContain('Tracing already returns your whole net loss');
    expect(a).toContain('Money traced to you in frozen accounts');
    expect(readFileSync(join(statements, 'index.csv'), 'utf8')).toMatch(
      /^victim,amount,text,html\nA,100\.00,A\.txt,A\.html\n/,
    );
  });

  it('rejects a trace victim without a claim, a poison trace, and currencies that differ', async () => {
    const trace = await traceFile();
    const frozen = file('frozen.csv', 'account,amount\nM1,300.00\n');
    const missing = await restitute([
      '--trace',
      trace,
      '--frozen',
      frozen,
      '--claims',
      file('c.csv', 'victim,loss\nA,1000\n'),
    ]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(
      /trace\.json: \$\.victims\[\d\]: "B": victim has no claim in .*c\.csv/,
    );

    const poison = await restitute(['--trace', await traceFile('poison'), '--frozen', frozen]);
    expect(poison.status).toBe(2);
    expect(poison.stderr).toContain('a poison trace names victims but no amounts');

    const usd = await restitute([
      '--trace',
      trace,
      '--frozen',
      file('f.csv', 'account,amount,currency\nM1,300.00,USD\n'),
    ]);
    expect(usd.status).toBe(2);
    expect(usd.stderr).toMatch(
      /f\.csv:2: currency "USD": currency differs from CNY \(.*trace\.json\)/,
    );

    const flag = await restitute(['--trace', trace, '--frozen', frozen, '--currency', 'USD']);
    expect(flag.status).toBe(2);
    expect(flag.stderr).toContain('$.currency: "CNY": the trace is in CNY, --currency says USD');
  });

  it('reads the trace streamed from a file, a gzipped file or stdin alike', async () => {
    const trace = await traceFile();
    const frozen = file('frozen.csv', 'account,amount\nM1,300.00\nM2,1200.00\n');
    const args = ['--frozen', frozen, '--format', 'json'];
    const plain = await restitute(['--trace', trace, ...args]);
    expect(plain.status).toBe(0);
    const text = readFileSync(trace);
    const gz = await restitute(['--trace', file('trace.json.gz', gzipSync(text)), ...args]);
    const stdin = await restitute(['--trace', '-', ...args], text.toString());
    expect(gz.stdout).toBe(plain.stdout);
    expect(stdin.stdout).toBe(plain.stdout);
    expect(JSON.parse(plain.stdout).allocations.length).toBeGreaterThan(0);
  });

  it('rejects malformed JSON, bad amounts in the trace and bad frozen rows, writing nothing', async () => {
    const statements = fresh();
    const frozen = file('frozen.csv', 'account,amount\nM1,300.00\n');
    const broken = await restitute([
      '--trace',
      file('t.json', '{"currency": "CNY",'),
      '--frozen',
      frozen,
      '--statements',
      statements,
    ]);
    expect(broken.status).toBe(2);
    expect(broken.stderr).toContain(
      't.json:1: malformed JSON: unexpected end of the document (byte 19)',
    );
    expect(broken.stdout).toBe('');
    const doc = {
      currency: 'CNY',
      accounts: [{ account: 'M1', traced: { A: '1.001' } }],
      victims: [{ victim: 'A', loss: '5.00' }],
    };
    const bad = await restitute([
      '--trace',
      file('t.json', JSON.stringify(doc)),
      '--frozen',
      frozen,
      '--statements',
      statements,
    ]);
    expect(bad.stderr).toContain(
      't.json: $.accounts[0].traced.A: amount "1.001": CNY has 2 decimal places',
    );
    const rows = await restitute([
      '--trace',
      await traceFile(),
      '--frozen',
      file('f.csv', 'account,amount\nM1,-1\nM1,5\n'),
      '--statements',
      statements,
    ]);
    expect(rows.status).toBe(2);
    expect(rows.stderr).toMatch(/f\.csv:2: amount "-1": must not be negative/);
    expect(rows.stderr).toMatch(/f\.csv:3: account "M1": account listed twice \(first at line 2\)/);
    expect(existsSync(statements)).toBe(false);
  });
});
