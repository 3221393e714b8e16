import { describe, expect, it } from 'vitest';
import { currencyOf } from '../money/index.js';
import { readPayload } from './payload.js';

const CNY = currencyOf('CNY')!;
const enc = (s: string) => new TextEncoder().encode(s);
const good = (id: string, amount = '12.50') =>
  JSON.stringify({ id, ts: '2024-03-01T10:00:00+08:00', from: 'A', to: 'B', amount });

describe('readPayload', () => {
  it('reads one JSON object', () => {
    const r = readPayload(enc(good('T1')), CNY);
    expect(r.problems).toEqual([]);
    expect(r.transfers).toHaveLength(1);
    expect(r.transfers[0]?.value).toMatchObject({ id: 'T1', amount: 1250, currency: 'CNY' });
    expect(r.transfers[0]?.value.tsMs).toBe(Date.parse('2024-03-01T02:00:00Z'));
  });

  it('reads NDJSON, keeping the good lines and naming the bad ones by line and pointer', () => {
    const text = `${good('T1')}\r\n\n{"id":\n${good('T3', '1.234')}\n${good('T4')}\n`;
    const r = readPayload(enc(text), CNY);
    expect(r.transfers.map((t) => [t.line, t.value.id])).toEqual([
      [1, 'T1'],
      [5, 'T4'],
    ]);
    expect(r.problems.map((p) => [p.line, p.pointer, p.code])).toEqual([
      [3, '', 'CB_E_MALFORMED_JSON'],
      [4, '/amount', 'CB_E_TOO_MANY_DECIMALS'],
    ]);
  });

  it('rejects empty, non-object and non-UTF-8 payloads', () => {
    expect(readPayload(enc('  \n'), CNY).problems[0]?.code).toBe('CB_E_MALFORMED_JSON');
    expect(readPayload(enc('[1]'), CNY).problems[0]).toMatchObject({
      pointer: '',
      code: 'CB_E_BAD_TYPE',
    });
    const bad = readPayload(new Uint8Array([0x7b, 0xff, 0x7d]), CNY);
    expect(bad.problems[0]?.detail).toMatch(/UTF-8/);
    expect(bad.transfers).toEqual([]);
  });
});
