// The streamed trace reader against the whole-document one: for any document, cut into
// chunks anywhere, the same TraceInput and the same errors as traceFromJson(JSON.parse(..)).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ErrorCollector, InputRejected } from '../errors/index.js';
import { cutAt } from '../io/test-support/chunks.js';
import { runTrace, traceJsonChunks } from '../trace/index.js';
import { build } from '../trace/test-support/build.js';
import { traceFromJson } from './trace-input.js';
import { traceFromChunks } from './trace-stream.js';

/** A JSON value with objects as member lists, so that a name may come twice. */
type Doc = string | number | boolean | null | Doc[] | { members: [string, Doc][] };

function write(d: Doc, style: { spaced: boolean; ascii: boolean }): string {
  const str = (s: string) => {
    const j = JSON.stringify(s);
    return style.ascii
      ? j.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
      : j;
  };
  const sep = style.spaced ? ',\n  ' : ',';
  if (typeof d === 'string') return str(d);
  if (typeof d !== 'object' || d === null) return JSON.stringify(d);
  if (Array.isArray(d)) return `[${d.map((x) => write(x, style)).join(sep)}]`;
  const colon = style.spaced ? ': ' : ':';
  return `{${d.members.map(([k, v]) => `${str(k)}${colon}${write(v, style)}`).join(sep)}}`;
}

const VICTIMS = ['A', 'B', 'Wang Fang', '王芳', '7', '12', '0', '__proto__', 'a"b', 'x\\y', '😀'];
const ACCOUNT_IDS = ['M1', 'M2', 'M3', '', '6217 0000'];

const amount: fc.Arbitrary<Doc> = fc.oneof(
  { weight: 30, arbitrary: fc.constantFrom('300.00', '0.00', '1.5', '1000000.01', '7') },
  { weight: 1, arbitrary: fc.constantFrom('12.345', '-5', '0', '1e3', '', 'abc') },
  { weight: 1, arbitrary: fc.constantFrom<Doc>(100, null, true, [], { members: [] }) },
);

/** Members in the given order, some left out, sometimes one given twice. */
function membersOf(
  fields: [string, fc.Arbitrary<Doc>][],
): fc.Arbitrary<{ members: [string, Doc][] }> {
  return fc
    .tuple(
      ...fields.map(([k, v]) =>
        fc.option(
          v.map((x) => [k, x] as [string, Doc]),
          { freq: 8 },
        ),
      ),
      fc.option(fc.tuple(fc.nat(fields.length - 1), ...fields.map(([, v]) => v)), { freq: 10 }),
    )
    .map((parts) => {
      const dup = parts.pop() as [number, ...Doc[]] | null;
      const members = (parts as ([string, Doc] | null)[]).filter((m) => m !== null);
      if (dup !== null) {
        const [i, ...values] = dup;
        const field = fields[i];
        if (field !== undefined) members.push([field[0], values[i] ?? null]);
      }
      return { members };
    });
}

const traced: fc.Arbitrary<Doc> = fc
  .array(fc.tuple(fc.constantFrom(...VICTIMS), amount), { maxLength: 6 })
  .map((members) => ({ members }));

const account: fc.Arbitrary<Doc> = fc.oneof(
  {
    weight: 12,
    arbitrary: membersOf([
      ['account', fc.oneof(fc.constantFrom(...ACCOUNT_IDS), fc.constant<Doc>(5))],
      ['kind', fc.constant('bank')],
      ['hop', fc.nat(3)],
      [
        'traced',
        fc.oneof(
          { weight: 10, arbitrary: traced },
          { weight: 1, arbitrary: fc.constantFrom<Doc>('x', null, [['A']]) },
        ),
      ],
      ['gap', fc.constant('0.00')],
    ]),
  },
  {
    weight: 1,
    arbitrary: membersOf([
      ['account', fc.constant('P1')],
      ['traced', fc.constantFrom<Doc>('x', null, { members: [] })],
      ['victims', fc.constant<Doc>(['A', 'B'])],
    ]),
  },
  { weight: 1, arbitrary: fc.constantFrom<Doc>('M9', null, [{ members: [] }]) },
);

const victim: fc.Arbitrary<Doc> = fc.oneof(
  {
    weight: 10,
    arbitrary: membersOf([
      ['victim', fc.oneof(fc.constantFrom(...VICTIMS), fc.constantFrom<Doc>('', 3))],
      ['loss', amount],
      ['held', fc.constant('0.00')],
      ['exited', fc.constant<Doc>({ members: [['cash', '1.00']] })],
    ]),
  },
  { weight: 1, arbitrary: fc.constantFrom<Doc>('A', 1, []) },
);

/** Every id the accounts may name, each once with a loss: no unknown-victim errors. */
const everyVictim: Doc = VICTIMS.map((v) => ({
  members: [
    ['victim', v],
    ['loss', '1000.00'],
  ],
}));

const doc: fc.Arbitrary<Doc> = fc.oneof(
  {
    weight: 20,
    arbitrary: membersOf([
      ['rule', fc.constantFrom<Doc>('fifo', 'pro_rata', 'fifo', 'pro_rata', 'poison', 3)],
      ['currency', fc.constantFrom<Doc>('CNY', 'CNY', 'CNY', 'JPY', 'XYZ', null)],
      ['version', fc.constant(1)],
      [
        'accounts',
        fc.oneof(
          { weight: 10, arbitrary: fc.array(account, { maxLength: 5 }) },
          { weight: 1, arbitrary: fc.constant<Doc>({ members: [] }) },
        ),
      ],
      [
        'victims',
        fc.oneof(
          { weight: 10, arbitrary: fc.array(victim, { maxLength: 5 }) },
          { weight: 20, arbitrary: fc.constant<Doc>(everyVictim) },
          { weight: 1, arbitrary: fc.constant<Doc>('none') },
        ),
      ],
    ]),
  },
  { weight: 1, arbitrary: fc.constantFrom<Doc>([], 'trace', null) },
);

interface Outcome {
  result: unknown;
  errors: string[];
}

function outcome(run: (c: ErrorCollector) => unknown): Promise<Outcome> {
  return (async () => {
    const c = new ErrorCollector(1000);
    const result = await run(c);
    try {
      c.throwIfAny();
      return { result, errors: [] };
    } catch (e) {
      if (e instanceof InputRejected) return { result, errors: e.errors.map((x) => x.message) };
      throw e;
    }
  })();
}

const whole = (text: string) => outcome((c) => traceFromJson(JSON.parse(text), 'trace.json', c));
const streamed = (chunks: Uint8Array[]) => outcome((c) => traceFromChunks(chunks, 'trace.json', c));

describe('a trace document read as a stream', () => {
  it('gives what the whole-document reader gives, for any document cut anywhere', async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(
        doc,
        fc.record({ spaced: fc.boolean(), ascii: fc.boolean() }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 16 }),
        async (d, style, at) => {
          const text = write(d, style);
          const want = await whole(text);
          if (want.errors.length === 0) accepted++;
          expect(await streamed(cutAt(Buffer.from(text), at))).toEqual(want);
        },
      ),
      { numRuns: 1500 },
    );
    expect(accepted).toBeGreaterThan(40);
  });

  it('reads a real trace cut at every byte', async () => {
    const victims = ['A', 'Wang, Fang', '王芳', '7'];
    const transfers = [
      ...victims.map((_, i) => ({
        id: `L${i}`,
        ts: i,
        from: `P${i}`,
        to: 'M1',
        amount: 1000_00 + i,
      })),
      { id: 'H1', ts: 10, from: 'M1', to: 'M2', amount: 1500_00 },
      { id: 'H2', ts: 11, from: 'M2', to: 'M3', amount: 700_33 },
    ];
    const losses = victims.map((v, i) => [`L${i}`, v] as const);
    const r = runTrace(build(transfers, losses), 'pro_rata');
    const bytes = Buffer.concat([...traceJsonChunks(r)]);
    const want = await whole(bytes.toString('utf8'));
    expect(want.errors).toEqual([]);
    expect((want.result as { accounts: Map<string, unknown[]> }).accounts.get('M3')).toHaveLength(
      4,
    );
    for (let i = 0; i <= bytes.length; i++)
      expect(await streamed([bytes.subarray(0, i), bytes.subarray(i)])).toEqual(want);
    expect(await streamed(Array.from(bytes, (b) => Uint8Array.of(b)))).toEqual(want);
  });

  it('keeps JSON.parse meaning: the last of a repeated name wins, at the place of the first', async () => {
    const text =
      '{"currency":"USD","rule":"fifo","currency":"CNY","accounts":[{"account":"M1","traced":{"B":"1.00","12":"2.00","A":"3.00","B":"4.00","3":"5.00"}}],' +
      '"victims":[{"victim":"A","loss":"9.00"},{"victim":"B","loss":"9.00"},{"victim":"3","loss":"9.00"},{"victim":"12","loss":"9.00"}]}';
    const got = await streamed([Buffer.from(text)]);
    expect(got).toEqual(await whole(text));
    const result = got.result as { accounts: Map<string, unknown>; currency: { code: string } };
    expect(result.currency.code).toBe('CNY');
    expect(result.accounts.get('M1')).toEqual([
      { victim: '3', amount: 500 },
      { victim: '12', amount: 200 },
      { victim: 'B', amount: 400 },
      { victim: 'A', amount: 300 },
    ]);
  });

  it('names the file, line and byte of broken JSON, and a leading BOM is fine', async () => {
    const text = '{"rule": "fifo",\n"currency": "CNY",\n"accounts": [}';
    const got = await streamed([Buffer.from(text)]);
    expect(got.result).toBeUndefined();
    expect(got.errors).toEqual([
      'trace.json:3: malformed JSON: unexpected token "}": expected a value (byte 49)',
    ]);
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
    const ok = '{"rule":"fifo","currency":"CNY","accounts":[],"victims":[]}';
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(ok)]);
    expect(await streamed([bom.subarray(0, 2), bom.subarray(2)])).toEqual(await whole(ok));
  });

  it('rejects a poison trace and a trace without amounts as the parsed reader does', async () => {
    const poison =
      '{"rule":"poison","currency":"CNY","accounts":[{"account":"M1","hop":1,"victims":["A"]}],"victims":[{"victim":"A","loss":"1.00"}]}';
    const got = await streamed([Buffer.from(poison)]);
    expect(got).toEqual(await whole(poison));
    expect(got.errors).toEqual([
      expect.stringMatching(/^trace\.json: \$\.rule: a poison trace names victims but no amounts/),
    ]);
  });
});
