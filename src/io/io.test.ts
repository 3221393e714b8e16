import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ErrorCollector } from '../errors/index.js';
import { tempDir } from '../test-support/temp-dirs.js';
import { CsvTokenizer, openSource, readTable } from './index.js';

function tokenize(chunks: Buffer[]): { rows: string[][]; lines: number[]; problems: string[] } {
  const rows: string[][] = [];
  const lines: number[] = [];
  const problems: string[] = [];
  const tok = new CsvTokenizer(
    (buf, s, e, n, line) => {
      const r: string[] = [];
      for (let i = 0; i < n; i++) r.push(buf.toString('utf8', s[i], e[i]));
      rows.push(r);
      lines.push(line);
    },
    (line, d) => problems.push(`${line}: ${d}`),
  );
  for (const c of chunks) tok.push(Buffer.from(c));
  tok.finish();
  return { rows, lines, problems };
}

function quote(f: string): string {
  return /[",\r\n]/.test(f) || f === '' ? `"${f.replace(/"/g, '""')}"` : f;
}

describe('CsvTokenizer', () => {
  it('reads quoted fields, escapes, CRLF and a BOM, with line numbers', () => {
    const text = '\ufeffa,b\r\n1,"x, ""y"""\r\n\r\n2,"multi\nline"\n3,z';
    const { rows, lines, problems } = tokenize([Buffer.from(text)]);
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      ['a', 'b'],
      ['1', 'x, "y"'],
      ['2', 'multi\nline'],
      ['3', 'z'],
    ]);
    expect(lines).toEqual([1, 2, 4, 6]);
  });

  it('offers only quote-free runs of whole lines to a line sink', () => {
    const text = 'h1,h2\na,1\n"q",2\nb,3\n"c\nd",4\ne,5\n';
    const bytes = Buffer.from(text);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const offered: string[] = [];
      const rows: string[] = [];
      const tok = new CsvTokenizer(
        (buf, s, e) => rows.push(buf.toString('utf8', s[0], e[0])),
        () => {},
        (buf, start, end, _line, taken) => {
          const run = buf.toString('utf8', start, end);
          offered.push(run);
          taken.lines = 0;
          return start;
        },
      );
      tok.push(Buffer.from(bytes.subarray(0, cut)));
      tok.push(Buffer.from(bytes.subarray(cut)));
      tok.finish();
      for (const run of offered) {
        expect(run).not.toContain('"');
        expect(run.endsWith('\n')).toBe(true);
      }
      expect(rows).toEqual(['h1', 'a', 'q', 'b', 'c\nd', 'e']);
    }
  });

  it('reports an unterminated quote and text after a closing quote', () => {
    expect(tokenize([Buffer.from('a\n"x"y\n"open\n')]).problems).toEqual([
      '2: unexpected text after a closing quote',
      '3: unterminated quoted field',
    ]);
  });

  it('gives up on a record longer than the limit instead of buffering forever', () => {
    const chunk = Buffer.alloc(4 << 20, 120);
    const { problems, rows } = tokenize([Buffer.from('a,b\n'), chunk, chunk, chunk, chunk, chunk]);
    expect(rows).toEqual([['a', 'b']]);
    expect(problems).toEqual([
      '2: record longer than 16 MiB (a missing line break or an unclosed quote?)',
    ]);
  });

  it('gives the same records however the bytes are chunked (property)', () => {
    const field = fc.string({
      unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r\n', ' ', 'é', '中'),
      maxLength: 6,
    });
    fc.assert(
      fc.property(
        fc.array(fc.array(field, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 8 }),
        fc.constantFrom('\n', '\r\n'),
        fc.array(fc.integer({ min: 1, max: 7 }), { maxLength: 40 }),
        (table, eol, cuts) => {
          const text = `h1,h2${eol}${table.map((r) => r.map(quote).join(',')).join(eol)}${eol}`;
          const bytes = Buffer.from(text);
          const chunks: Buffer[] = [];
          let p = 0;
          for (const c of cuts) {
            if (p >= bytes.length) break;
            chunks.push(bytes.subarray(p, p + c));
            p += c;
          }
          chunks.push(bytes.subarray(p));
          const { rows, problems } = tokenize(chunks);
          expect(problems).toEqual([]);
          expect(rows).toEqual([['h1', 'h2'], ...table]);
        },
      ),
    );
  });
});

describe('readTable', () => {
  const dir = tempDir('cb-io-');

  it('reads CSV, NDJSON and gzip the same way', async () => {
    writeFileSync(join(dir, 'l.csv'), 'victim,transfer_id,extra\nA,T1,x\nB,T2,y\n');
    writeFileSync(
      join(dir, 'l.ndjson'),
      '{"victim":"A","transfer_id":"T1"}\n\n{"victim":"B","transfer_id":"T2"}\n',
    );
    writeFileSync(join(dir, 'l.csv.gz'), gzipSync('transfer_id,victim\nT1,A\nT2,B\n'));
    const spec = { required: ['transfer_id', 'victim'], optional: [] };
    for (const f of ['l.csv', 'l.ndjson', 'l.csv.gz']) {
      const c = new ErrorCollector();
      const rows = await readTable(openSource(join(dir, f)), spec, c);
      c.throwIfAny();
      expect(rows.map((r) => [r.values['transfer_id'], r.values['victim']])).toEqual([
        ['T1', 'A'],
        ['T2', 'B'],
      ]);
    }
  });

  it('reads files of several chunks (buffers read into in turn) record for record', async () => {
    const n = 60_000; // ≈ 3.5 MB: more than two 1 MiB chunks, records across every boundary
    const ids = Array.from({ length: n }, (_, i) => `T${i}-${'x'.repeat(i % 97)}`);
    writeFileSync(
      join(dir, 'big.csv'),
      `transfer_id,victim\n${ids.map((t, i) => `${t},"V${i}"\n`).join('')}`,
    );
    writeFileSync(
      join(dir, 'big.ndjson'),
      ids.map((t, i) => `${JSON.stringify({ transfer_id: t, victim: `V${i}` })}\n`).join(''),
    );
    const spec = { required: ['transfer_id', 'victim'], optional: [] };
    for (const f of ['big.csv', 'big.ndjson']) {
      const c = new ErrorCollector();
      const rows = await readTable(openSource(join(dir, f)), spec, c);
      c.throwIfAny();
      expect(rows.map((r) => r.values['transfer_id'])).toEqual(ids);
      expect(rows.map((r) => r.values['victim'])).toEqual(ids.map((_, i) => `V${i}`));
      expect(rows[n - 1]!.line).toBe(f === 'big.csv' ? n + 1 : n);
    }
  });

  it('names missing columns, field counts and bad JSON with file and line', async () => {
    writeFileSync(join(dir, 'bad.csv'), 'victim\nA\n');
    writeFileSync(join(dir, 'bad2.csv'), 'transfer_id,victim\nT1,A\nT2\nT3,C,D\n');
    writeFileSync(join(dir, 'bad.ndjson'), '{"victim":"A","transfer_id":"T1"}\n{oops\n[1]\n');
    writeFileSync(join(dir, 'empty.csv'), '');
    const spec = { required: ['transfer_id', 'victim'], optional: [] };
    const run = async (f: string) => {
      const c = new ErrorCollector();
      await readTable(openSource(join(dir, f)), spec, c);
      try {
        c.throwIfAny();
        return '';
      } catch (e) {
        return e instanceof Error ? e.message.replaceAll(dir + '/', '') : '';
      }
    };
    expect(await run('bad.csv')).toBe('bad.csv:1: missing required column "transfer_id"');
    expect(await run('bad2.csv')).toBe(
      'bad2.csv:3: expected 2 fields, found 1\nbad2.csv:4: expected 2 fields, found 3',
    );
    expect(await run('bad.ndjson')).toMatch(
      /^bad\.ndjson:2: malformed JSON: .*\nbad\.ndjson:3: \$: must be a JSON object$/,
    );
    expect(await run('empty.csv')).toBe('empty.csv: empty input: no header row');
    expect(() => openSource(join(dir, 'nope.csv'))).toThrow(/nope\.csv: no such file/);
  });
});
