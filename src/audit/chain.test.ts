import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical.js';
import { type AuditHead, type AuditRow, ChainWalk, entryHash, GENESIS_HASH } from './chain.js';

/** A valid chain of `n` entries built the way appendAudit builds them. */
function chain(details: readonly string[]): AuditRow[] {
  const rows: AuditRow[] = [];
  let prevHash = GENESIS_HASH;
  details.forEach((d, i) => {
    const row = {
      seq: i + 1,
      at: new Date(1_700_000_000_000 + i * 1000).toISOString(),
      actor: `actor-${i % 3}`,
      action: `act.${i}`,
      subject: `s:${i % 5}`,
      detail: canonicalJson({ d, i }),
      prevHash,
    };
    const hash = entryHash(row);
    rows.push({ ...row, hash });
    prevHash = hash;
  });
  return rows;
}

function headOf(rows: readonly AuditRow[]): AuditHead {
  const last = rows.at(-1);
  return last === undefined ? { seq: 0, hash: GENESIS_HASH } : { seq: last.seq, hash: last.hash };
}

function walk(rows: readonly AuditRow[], head: AuditHead | undefined) {
  const w = new ChainWalk();
  for (const r of rows) {
    const bad = w.next(r);
    if (bad !== undefined) return bad;
  }
  return w.finish(head) ?? { ok: true as const, entries: w.entries };
}

const FIELDS = ['seq', 'at', 'actor', 'action', 'subject', 'detail', 'prevHash', 'hash'] as const;

function edited(row: AuditRow, field: (typeof FIELDS)[number], salt: string): AuditRow {
  if (field === 'seq') return { ...row, seq: row.seq + 1_000_000 };
  return { ...row, [field]: `${row[field]}${salt}` };
}

describe('canonicalJson', () => {
  it('sorts keys at every depth and leaves out undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 'x'], c: null }, u: undefined })).toBe(
      '{"a":{"c":null,"d":[1,"x"]},"b":1}',
    );
  });
  it('refuses what JSON cannot carry', () => {
    expect(() => canonicalJson({ x: Number.NaN })).toThrow(/NaN is not JSON/);
    expect(() => canonicalJson({ x: 1n })).toThrow(/bigint/);
    expect(() => canonicalJson({ x: new Date(0) })).toThrow(/plain objects/);
  });
  it('is the same text for any key order, and parses back to the value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = canonicalJson(v);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(v)));
      }),
    );
  });
});

describe('ChainWalk', () => {
  it('accepts an untouched chain, also an empty one', () => {
    const rows = chain(['a', 'b', 'c']);
    expect(walk(rows, headOf(rows))).toEqual({ ok: true, entries: 3 });
    expect(walk([], headOf([]))).toEqual({ ok: true, entries: 0 });
  });

  it('names the entry of any single edited field', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string(), { minLength: 1, maxLength: 30 }),
        fc.nat(),
        fc.constantFrom(...FIELDS),
        fc.string({ minLength: 1 }),
        (details, at, field, salt) => {
          const rows = chain(details);
          const k = at % rows.length;
          const head = headOf(rows);
          rows[k] = edited(rows[k]!, field, salt);
          const bad = walk(rows, head);
          expect(bad).toMatchObject({ ok: false, seq: k + 1 });
        },
      ),
    );
  });

  it('names the entry of any single deletion, the last one included', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { minLength: 1, maxLength: 30 }), fc.nat(), (d, at) => {
        const rows = chain(d);
        const k = at % rows.length;
        const head = headOf(rows);
        rows.splice(k, 1);
        const bad = walk(rows, head);
        expect(bad).toMatchObject({ ok: false, seq: k + 1 });
        expect(bad).toMatchObject({ problem: k === d.length - 1 ? 'head' : 'missing' });
      }),
    );
  });

  it('sees an entry replaced by one with a fresh, self-consistent hash at the next link', () => {
    const rows = chain(['a', 'b', 'c']);
    const head = headOf(rows);
    const forged = { ...rows[1]!, actor: 'someone else' };
    rows[1] = { ...forged, hash: entryHash(forged) };
    expect(walk(rows, head)).toMatchObject({ ok: false, seq: 3, problem: 'unlinked' });
    // the same on the last entry is caught by the head record
    const tail = chain(['a', 'b']);
    const tailHead = headOf(tail);
    const last = { ...tail[1]!, detail: '{}' };
    tail[1] = { ...last, hash: entryHash(last) };
    expect(walk(tail, tailHead)).toMatchObject({ ok: false, seq: 2, problem: 'head' });
  });

  it('reports a missing head record, and entries the head does not cover', () => {
    const rows = chain(['a', 'b']);
    expect(walk(rows, undefined)).toMatchObject({ ok: false, problem: 'head' });
    expect(walk(rows, headOf(rows.slice(0, 1)))).toMatchObject({ ok: false, seq: 2 });
  });
});
