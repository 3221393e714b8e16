import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../test-support/temp-dirs.js';
import { runCli } from './test-support/run-cli.js';

const dir = tempDir('cb-trace-');
let seq = 0;
function file(name: string, content: string | Buffer): string {
  const sub = join(dir, String(seq++));
  const p = join(sub, name);
  mkdirSync(sub, { recursive: true });
  writeFileSync(p, content);
  return p;
}

const TRANSFERS = `id,ts,from,to,amount
T1,2026-01-01T10:00:00+08:00,VA,M1,1000
T2,2026-01-01T11:00:00+08:00,VB,M1,500
T3,2026-01-01T12:00:00+08:00,M1,M2,1200
T4,2026-01-01T13:00:00+08:00,M2,ATM,200
`;
const LOSSES = 'transfer_id,victim\nT1,A\nT2,B\n';
const ACCOUNTS =
  'account,opening_balance,kind,institution\nM1,500,bank,ICBC\nM2,,bank,ABC\nATM,,cash,\n';

describe('clawback trace', () => {
  it('prints the JSON document of formats.md', async () => {
    const t = file('t.csv', TRANSFERS);
    const l = file('l.csv', LOSSES);
    const a = file('a.csv', ACCOUNTS);
    const r = await runCli([
      'trace',
      '--transfers',
      t,
      '--losses',
      l,
      '--accounts',
      a,
      '--rule',
      'fifo',
      '--format',
      'json',
    ]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ rule: 'fifo', currency: 'CNY' });
    expect(j.accounts[0]).toEqual({
      account: 'M1',
      kind: 'bank',
      institution: 'ICBC',
      hop: 1,
      balance: '800.00',
      clean: '0.00',
      traced: { A: '300.00', B: '500.00' },
      gap: '0.00',
    });
    expect(j.victims).toEqual([
      // M2's first lot (clean 500, A 700) gives up 200 proportionally: clean 83.33, A 116.67.
      {
        victim: 'A',
        loss: '1000.00',
        held: '883.33',
        exited: { cash: '116.67' },
        absorbed: '0.00',
        accounts: 3,
      },
      { victim: 'B', loss: '500.00', held: '500.00', exited: {}, absorbed: '0.00', accounts: 1 },
    ]);
  });

  it('leaves no output directory behind when the input is rejected', async () => {
    const t = file('tbad.csv', 'id,ts,from,to,amount\nT1,2026-01-01T00:00:00Z,A,B,12.345\n');
    const l = file('lbad.csv', 'transfer_id,victim\nT1,V\n');
    const out = join(dir, 'made-for-nothing');
    const kept = join(dir, 'kept');
    mkdirSync(kept);
    for (const o of [out, kept]) {
      const r = await runCli(['trace', '--transfers', t, '--losses', l, '--out', o]);
      expect(r.status).toBe(2);
    }
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(kept)).toEqual([]);
  });

  it('writes accounts.csv, flows.csv and freeze.csv with --out', async () => {
    const t = file('t.csv', TRANSFERS);
    const l = file('l.csv', LOSSES);
    const a = file('a.csv', ACCOUNTS);
    const out = join(dir, 'out1');
    const r = await runCli([
      'trace',
      '--transfers',
      t,
      '--losses',
      l,
      '--accounts',
      a,
      '--out',
      out,
    ]);
    expect(r.status).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['accounts.csv', 'flows.csv', 'freeze.csv']);
    expect(readFileSync(join(out, 'freeze.csv'), 'utf8')).toBe(
      'account,institution,hop,amount,victims\nM1,ICBC,1,800.00,A:533.33;B:266.67\nM2,ABC,2,700.00,A:466.67;B:233.33\n',
    );
    const flows = readFileSync(join(out, 'flows.csv'), 'utf8').trim().split('\n');
    expect(flows[0]).toBe('victim,hop,transfer_id,ts,from,to,amount');
    expect(flows).toContain('A,1,T1,2026-01-01T02:00:00.000Z,VA,M1,1000.00');
    expect(flows).toContain('A,2,T3,2026-01-01T04:00:00.000Z,M1,M2,466.67');
    expect(flows).toHaveLength(5); // T4 takes M2's clean money first: it carries no victim's money
    // The table fits 80 columns and names the freezes.
    for (const line of r.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    expect(r.stdout).toMatch(/TO FREEZE: 2 bank accounts/);
    expect(r.stdout).toMatch(/M1\s+ICBC\s+800\.00/);
  });

  it('writes outputs of many chunks (one reused buffer) exactly as with a chunk each', async () => {
    // 120 victims' losses into M0, which pays 2000 accounts: every line of poison's
    // accounts.csv lists the 120 victims (~1.5 MB in all); pro_rata splits each payment over
    // them too. Stdout that hands chunks on gets views of one buffer; a stream that keeps
    // its chunks gets chunks of their own; --out files are written chunk by chunk.
    const rows = ['id,ts,from,to,amount'];
    const losses = ['transfer_id,victim'];
    for (let v = 0; v < 120; v++) {
      rows.push(`L${v},2026-01-01T00:00:00Z,VICTIM${v},M0,1000.00`);
      losses.push(`L${v},V${String(v).padStart(4, '0')}`);
    }
    for (let i = 0; i < 2000; i++)
      rows.push(`P${i},2026-01-02T00:00:00Z,M0,62220200${String(i).padStart(8, '0')},2.${i % 100}`);
    const t = file('t.csv', `${rows.join('\n')}\n`);
    const l = file('l.csv', `${losses.join('\n')}\n`);
    for (const rule of ['poison', 'pro_rata']) {
      for (const format of ['csv', 'json']) {
        const args = ['trace', '--transfers', t, '--losses', l, '--rule', rule, '--format', format];
        const out = join(dir, `chunks-${rule}`);
        const reused = await runCli(format === 'csv' ? [...args, '--out', out] : args);
        const own = await runCli(args, '', {}, { keepsChunks: true });
        expect(reused.status).toBe(0);
        expect(own.status).toBe(0);
        expect(reused.stdout.length).toBeGreaterThan(1 << 20);
        expect(reused.stdout).toBe(own.stdout);
        if (format === 'json') {
          expect(JSON.parse(reused.stdout).accounts).toHaveLength(2001);
          continue;
        }
        expect(readFileSync(join(out, 'accounts.csv'), 'utf8')).toBe(own.stdout);
        // freeze.csv: every account M0 paid (and M0), each once.
        const freeze = readFileSync(join(out, 'freeze.csv'), 'utf8').trim().split('\n');
        expect(freeze).toHaveLength(2002);
        expect(new Set(freeze).size).toBe(2002);
        // flows.csv: a line per victim per transfer (poison: each payment carries all 120).
        const flows = readFileSync(join(out, 'flows.csv'), 'utf8').trim().split('\n');
        expect(flows[0]).toBe('victim,hop,transfer_id,ts,from,to,amount');
        if (rule === 'poison') expect(flows).toHaveLength(1 + 120 + 2000 * 120);
        expect(new Set(flows).size).toBe(flows.length);
        rmSync(out, { recursive: true });
      }
    }
  });

  it('honours --as-of', async () => {
    const t = file('t.csv', TRANSFERS);
    const l = file('l.csv', LOSSES);
    const r = await runCli([
      'trace',
      '--transfers',
      t,
      '--losses',
      l,
      '--as-of',
      '2026-01-01T11:30:00+08:00',
      '--format',
      'json',
    ]);
    const j = JSON.parse(r.stdout);
    expect(j.transfers).toBe(2);
    expect(j.accounts.map((x: { account: string }) => x.account)).toEqual(['M1']);
  });

  it('reads NDJSON, gzip and stdin the same as CSV', async () => {
    const l = file('l.csv', LOSSES);
    const base = await runCli([
      'trace',
      '--transfers',
      file('t.csv', TRANSFERS),
      '--losses',
      l,
      '--format',
      'json',
    ]);
    const nd = TRANSFERS.trim()
      .split('\n')
      .slice(1)
      .map((line) => {
        const [id, ts, from, to, amount] = line.split(',');
        return JSON.stringify({ id, ts, from, to, amount });
      })
      .join('\n');
    for (const [args, stdin] of [
      [['--transfers', file('t.ndjson', nd)], ''],
      [['--transfers', file('t.csv.gz', gzipSync(TRANSFERS))], ''],
      [['--transfers', '-'], TRANSFERS],
    ] as const) {
      const r = await runCli(['trace', ...args, '--losses', l, '--format', 'json'], stdin);
      expect(r.stderr).toBe('');
      expect(r.stdout).toBe(base.stdout);
    }
  });

  it('reads ISO 20022 pacs.008 messages', async () => {
    const r = await runCli([
      'trace',
      '--transfers',
      'examples/pacs008/transfers.pacs008.ndjson',
      '--losses',
      file('l.csv', 'transfer_id,victim\n' + firstPacsId() + ',V1\n'),
      '--format',
      'json',
    ]);
    expect(r.stderr).toBe('');
    const j = JSON.parse(r.stdout);
    expect(j.accounts.length).toBeGreaterThan(0);
    expect(j.accounts[0].institution).toMatch(/^[A-Z]{6}/);
  });

  it('gives the same answer whatever offsets the timestamps are written in (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: -12 * 4, max: 14 * 4 }), { minLength: 4, maxLength: 4 }),
        async (quarters) => {
          const instants = [0, 3_600_000, 7_200_000, 10_800_000].map(
            (x) => Date.UTC(2026, 0, 1) + x,
          );
          const rows = ['VA,M1,1000', 'VB,M1,500', 'M1,M2,1200', 'M2,ATM,200'];
          const write = (offsets: number[]) =>
            'id,ts,from,to,amount\n' +
            rows
              .map((r, i) => `T${i + 1},${isoAt(instants[i]!, offsets[i]! * 15)},${r}`)
              .join('\n');
          const l = file('l.csv', LOSSES);
          const z = await runCli([
            'trace',
            '--transfers',
            file('t.csv', write([0, 0, 0, 0])),
            '--losses',
            l,
            '--format',
            'json',
          ]);
          const o = await runCli([
            'trace',
            '--transfers',
            file('t.csv', write(quarters)),
            '--losses',
            l,
            '--format',
            'json',
          ]);
          expect(o.stdout).toBe(z.stdout);
        },
      ),
      { numRuns: 15 },
    );
  });
});

describe('clawback trace rejects bad input', () => {
  async function reject(
    transfers: string,
    losses = LOSSES,
    accounts?: string,
    extra: string[] = [],
  ) {
    const t = file('transfers.csv', transfers);
    const l = file('losses.csv', losses);
    const args = ['trace', '--transfers', t, '--losses', l, ...extra];
    if (accounts !== undefined) args.push('--accounts', file('accounts.csv', accounts));
    const out = join(dir, `out${seq++}`);
    args.push('--out', out);
    const r = await runCli(args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
    return r.stderr.replaceAll(dir, '').replace(/\/\d+\//g, '');
  }

  it('names file, line, column, value and reason for each bad field, several at once', async () => {
    const msg = await reject(
      'id,ts,from,to,amount,currency\n' +
        'T1,2026-01-01T10:00:00Z,VA,M1,12.345,\n' +
        'T2,2026-01-01T10:00:00,VA,M1,10,\n' +
        'T3,2026-01-01T10:00:00Z,VA,M1,-5,\n' +
        'T4,2026-01-01T10:00:00Z,VA,M1,0,\n' +
        ',2026-01-01T10:00:00Z,VA,M1,1,\n' +
        'T6,2026-01-01T10:00:00Z,VA,VA,1,\n' +
        'T7,2026-01-01T10:00:00Z,VA,M1,1,XYZ\n' +
        'T1,2026-01-01T10:00:00Z,VA,M1,1,\n' +
        'T9,2026-01-01T10:00:00Z,VA,M1,abc,\n' +
        'T10,2026-01-01T10:00:00Z,VA,M1,1,USD\n',
      'transfer_id,victim\nT1,A\n',
    );
    expect(msg).toContain('transfers.csv:2: amount "12.345": CNY has 2 decimal places');
    expect(msg).toContain(
      'transfers.csv:3: ts "2026-01-01T10:00:00": offset missing: add Z or ±HH:MM',
    );
    expect(msg).toContain('transfers.csv:4: amount "-5": amount must be positive');
    expect(msg).toContain('transfers.csv:5: amount "0": amount must be positive');
    expect(msg).toContain('transfers.csv:6: id: must not be empty');
    expect(msg).toContain('transfers.csv:7: to "VA": transfer from an account to itself');
    expect(msg).toContain('transfers.csv:8: currency "XYZ": unknown ISO 4217 currency');
    expect(msg).toContain('transfers.csv:9: id "T1": duplicate transfer id (first at line 2)');
    expect(msg).toContain('transfers.csv:10: amount "abc": not a decimal number');
    expect(msg).toContain('transfers.csv:11: currency "USD": currency differs from CNY');
    expect(msg).toMatch(/input rejected \(10 problems, nothing written\)/);
  });

  it('checks required columns, losses and accounts', async () => {
    expect(await reject('id,ts,from,amount\n')).toContain(
      'transfers.csv:1: missing required column "to"',
    );
    expect(await reject(TRANSFERS, 'transfer_id,victim\nT1,A\nT9,B\nT1,C\n,D\n')).toMatch(
      /losses\.csv:3: transfer_id "T9": no such transfer id in .*transfers\.csv\n.*losses\.csv:4: transfer_id "T1": transfer already listed as a loss \(line 2\)\n.*losses\.csv:5: transfer_id: must not be empty/,
    );
    expect(
      await reject(
        TRANSFERS,
        LOSSES,
        'account,kind,opening_balance\nM1,casino,\nM2,bank,-3\nM1,bank,\nM3,bank,1.001\n',
      ),
    ).toMatch(
      /accounts\.csv:2: kind "casino": unknown account kind.*\n.*accounts\.csv:3: opening_balance "-3": opening balance must not be negative\n.*accounts\.csv:4: account "M1": account listed twice \(first at line 2\)\n.*accounts\.csv:5: opening_balance "1.001": CNY has 2 decimal places/,
    );
  });

  it('rejects broken structure: quotes, field counts, JSON, empty files, missing files', async () => {
    expect(await reject('id,ts,from,to,amount\nT1,"2026-01-01T10:00:00Z,VA,M1,1\n')).toContain(
      'transfers.csv:2: malformed CSV: unterminated quoted field',
    );
    expect(await reject('id,ts,from,to,amount\nT1,2026-01-01T10:00:00Z,VA,M1\n')).toContain(
      'transfers.csv:2: expected 5 fields, found 4',
    );
    expect(await reject('')).toContain('transfers.csv: empty input: no header row');
    const r = await runCli([
      'trace',
      '--transfers',
      join(dir, 'missing.csv'),
      '--losses',
      join(dir, 'nope.csv'),
    ]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('missing.csv: no such file');
    const nd = await runCli([
      'trace',
      '--transfers',
      file(
        't.ndjson',
        '{"id":"T1"\n{"id":5,"ts":"2026-01-01T10:00:00Z","from":"A","to":"B","amount":{"x":1}}\n',
      ),
      '--losses',
      file('l.csv', 'transfer_id,victim\n'),
    ]);
    expect(nd.status).toBe(2);
    expect(nd.stderr).toMatch(/t\.ndjson:1: malformed JSON/);
    expect(nd.stderr).toMatch(/t\.ndjson:2: \$\.amount: must be a string/);
  });

  it('rejects bad usage with exit 2', async () => {
    for (const args of [
      ['trace', '--transfers', 'x.csv'],
      ['trace', '--transfers', 'x', '--losses', 'y', '--rule', 'magic'],
      ['trace', '--transfers', 'x', '--losses', 'y', '--as-of', 'yesterday'],
      ['trace', '--transfers', '-', '--losses', '-'],
      ['trace', '--bogus'],
      ['frobnicate'],
    ]) {
      const r = await runCli(args);
      expect(r.status, args.join(' ')).toBe(2);
    }
    expect((await runCli(['trace', '--help'])).status).toBe(0);
    expect((await runCli(['--help'])).stdout).toContain('trace');
  });
});

function isoAt(ms: number, offsetMin: number): string {
  const local = new Date(ms + offsetMin * 60_000).toISOString().slice(0, 19);
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

function firstPacsId(): string {
  const first = readFileSync('examples/pacs008/transfers.pacs008.ndjson', 'utf8').split('\n')[0]!;
  const m = /"TxId"\s*:\s*"([^"]+)"/.exec(first);
  return m?.[1] ?? 'missing';
}
