// The incremental scanner against JSON.parse: the same documents accepted, the same structure
// and strings, however the bytes are cut into chunks.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type JsonEvents, JsonScanner, JsonSyntaxError } from './json-scan.js';
import { cutAt } from './test-support/chunks.js';

/** A value as the events show it: primitives are all alike, members in document order. */
type Shape = '#' | string | Shape[] | { members: [string, Shape][] };

function shapeOf(v: unknown): Shape {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map(shapeOf);
  if (typeof v === 'object' && v !== null)
    return { members: Object.entries(v).map(([k, x]) => [k, shapeOf(x)]) };
  return '#';
}

/** Builds the shape from the events; skips containers under a member named "skip". */
class Builder implements JsonEvents {
  root: Shape | undefined;
  private readonly stack: (Shape[] | { members: [string, Shape][] })[] = [];
  private keys: string[] = [];
  private put(x: Shape): void {
    const top = this.stack[this.stack.length - 1];
    if (top === undefined) this.root = x;
    else if (Array.isArray(top)) top.push(x);
    else top.members.push([this.keys[this.keys.length - 1] ?? '', x]);
  }
  open(kind: 'object' | 'array'): boolean {
    const top = this.stack[this.stack.length - 1];
    if (top !== undefined && !Array.isArray(top) && this.keys[this.keys.length - 1] === 'skip') {
      this.put('skipped');
      return false;
    }
    const x: Shape[] | { members: [string, Shape][] } = kind === 'array' ? [] : { members: [] };
    this.put(x);
    this.stack.push(x);
    this.keys.push('');
    return true;
  }
  close(): void {
    this.stack.pop();
    this.keys.pop();
  }
  key(name: string): void {
    this.keys[this.keys.length - 1] = name;
  }
  string(value: string): void {
    this.put(value);
  }
  primitive(): void {
    this.put('#');
  }
}

function scan(chunks: readonly Uint8Array[], bom = false): Shape | undefined {
  const b = new Builder();
  const s = new JsonScanner(b, { bom });
  for (const c of chunks) s.write(c);
  s.end();
  return b.root;
}

const cuts = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 12 });

function accepts(chunks: readonly Uint8Array[]): boolean {
  try {
    scan(chunks);
    return true;
  } catch (e) {
    if (e instanceof JsonSyntaxError) return false;
    throw e;
  }
}

function parses(bytes: Uint8Array): boolean {
  try {
    JSON.parse(Buffer.from(bytes).toString('utf8'));
    return true;
  } catch {
    return false;
  }
}

// Pieces JSON is made of, and some it is not, to mutate valid documents with.
const PIECES = [
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  '"',
  '\\',
  '\\u',
  '\\uD83D',
  '0',
  '-',
  '.',
  'e',
  'E',
  '+',
  '1',
  '01',
  'true',
  'tru',
  'nul',
  'null',
  'false',
  ' ',
  '\n',
  '\t',
  '\r',
  '\u0001',
  '\u00a0',
  'é',
  '😀',
  '\uFEFF',
  'x',
  "'",
  '/',
];

describe('JsonScanner', () => {
  it('shows every valid document as JSON.parse reads it, cut anywhere', () => {
    fc.assert(
      fc.property(
        fc.jsonValue(),
        fc.constantFrom(undefined, 1, '\t', ' \r\n '),
        cuts,
        (value, indent, at) => {
          const text = JSON.stringify(value, null, indent as string | number | undefined);
          const bytes = Buffer.from(text);
          expect(scan(cutAt(bytes, at))).toEqual(shapeOf(JSON.parse(text)));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('accepts exactly what JSON.parse accepts, cut anywhere', () => {
    const mutated = fc
      .tuple(
        fc.jsonValue({ maxDepth: 3 }),
        fc.array(
          fc.tuple(
            fc.double({ min: 0, max: 1, noNaN: true }),
            fc.constantFrom(...PIECES),
            fc.nat(3),
          ),
          { minLength: 1, maxLength: 3 },
        ),
      )
      .map(([v, edits]) => {
        let t = JSON.stringify(v);
        for (const [f, piece, del] of edits) {
          const at = Math.floor(f * t.length);
          t = t.slice(0, at) + piece + t.slice(at + del);
        }
        return Buffer.from(t);
      });
    let valid = 0;
    fc.assert(
      fc.property(mutated, cuts, (bytes, at) => {
        const want = parses(bytes);
        if (want) valid++;
        expect(accepts(cutAt(bytes, at))).toBe(want);
      }),
      { numRuns: 3000 },
    );
    // Most mutations break the document; some must not (about 3% of runs stay valid).
    expect(valid).toBeGreaterThan(30);
  });

  it('decodes strings as Buffer#toString does, even broken UTF-8 split between chunks', () => {
    const raw = fc.uint8Array({ maxLength: 12 }).map((b) => {
      // No quote, backslash or control byte: the bytes stay inside the string.
      const body = Buffer.from(b.filter((x) => x >= 32 && x !== 34 && x !== 92));
      return Buffer.concat([
        Buffer.from('["'),
        body,
        Buffer.from('\\n\\u00e9', 'latin1'),
        body,
        Buffer.from('"]'),
      ]);
    });
    fc.assert(
      fc.property(raw, cuts, (bytes, at) => {
        expect(scan(cutAt(bytes, at))).toEqual(shapeOf(JSON.parse(bytes.toString('utf8'))));
      }),
      { numRuns: 1000 },
    );
  });

  it('gets escapes, surrogates, numbers and literals right at every cut', () => {
    const text =
      '{"a\\"b":"x\\u00e9\\ud83d\\ude00\\ud800\\n\\/","王":[-12.5e+3,0,1E2,true,false,null],"😀":"é"}';
    const bytes = Buffer.from(text);
    const want = shapeOf(JSON.parse(text));
    for (let i = 0; i <= bytes.length; i++)
      for (let j = i; j <= bytes.length; j += 3)
        expect(scan([bytes.subarray(0, i), bytes.subarray(i, j), bytes.subarray(j)])).toEqual(want);
    expect(scan(Array.from(bytes, (b) => Uint8Array.of(b)))).toEqual(want);
  });

  it('checks skipped containers without reporting them', () => {
    const doc = '{"skip":{"x":[1,{"y":"z"}]},"keep":[{"skip":[1,2]}]}';
    expect(scan([Buffer.from(doc)])).toEqual({
      members: [
        ['skip', 'skipped'],
        ['keep', [{ members: [['skip', 'skipped']] }]],
      ],
    });
    expect(() => scan([Buffer.from('{"skip":{"x":[1,2,]},"keep":1}')])).toThrow(
      /unexpected token "\]": expected a value \(line 1, byte 18\)/,
    );
  });

  it('says where the document breaks', () => {
    const at = (text: string) => {
      try {
        scan([Buffer.from(text)]);
      } catch (e) {
        if (e instanceof JsonSyntaxError) return [e.detail, e.line, e.offset];
        throw e;
      }
      return undefined;
    };
    expect(at('{"a":}')).toEqual(['unexpected token "}": expected a value', 1, 5]);
    expect(at('{\n"a": 1,\n"b": 01}')).toEqual([
      'unexpected token "1": expected "," or the end of the object',
      3,
      16,
    ]);
    expect(at('["a\nb"]')).toEqual(['control character U+000A in a string', 1, 3]);
    expect(at('["\\x"]')).toEqual(['bad escape in a string: token "x" after "\\"', 1, 3]);
    expect(at('[1] 2')).toEqual(['unexpected token "2" after the document', 1, 4]);
    expect(at('{"a": [1, 2')).toEqual(['unexpected end of the document', 1, 11]);
    expect(at('')).toEqual(['unexpected end of the document', 1, 0]);
    expect(at('[é]')).toEqual(['unexpected byte 0xC3: expected a value', 1, 1]);
  });

  it('skips one leading byte order mark when asked, as a file reader does', () => {
    const doc = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":"b"}')]);
    for (let i = 0; i <= 4; i++)
      expect(scan([doc.subarray(0, i), doc.subarray(i)], true)).toEqual({ members: [['a', 'b']] });
    expect(() => scan([doc], false)).toThrow(JsonSyntaxError);
    expect(() => scan([Buffer.concat([doc.subarray(0, 3), doc])], true)).toThrow(JsonSyntaxError);
  });
});
