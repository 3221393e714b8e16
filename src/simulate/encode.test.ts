import { describe, expect, it } from 'vitest';
import { Chunker } from './bytes.js';
import { dayInfo } from './calendar.js';
import { encodeComms } from './encode.js';
import { personPhone } from './ids.js';
import { parseOptions } from './options.js';
import { type Comm, DayRows } from './rows.js';

describe('encodeComms', () => {
  it('writes one valid JSON object per line, escaping what JSON must escape', () => {
    const day = dayInfo(parseOptions({}).start, 0);
    const rows = new DayRows(day.start);
    const base: Comm = {
      ts: day.start + 3_723,
      kind: 'sms',
      fromPerson: -1,
      from: '95588',
      to: 4,
      text: '',
      links: [],
      route: 'domestic',
      duration: 0,
      campaign: -1,
      detail: 'bank_notice',
    };
    const texts = ['plain 中文', 'a "quoted" \\ back\nslash\u0001', 'ok'];
    const comms: Comm[] = texts.map((text, i) => ({
      ...base,
      text,
      links: i === 1 ? ['https://tаobao.com/"x'] : [],
    }));
    comms.push({ ...base, kind: 'call', fromPerson: 7, from: '', duration: 42 });
    const out = { day, rows, order: new Int32Array(0), comms, firstTransfer: 1, firstComm: 9 };
    const text = Buffer.concat([...encodeComms(out, new Chunker())]).toString('utf8');
    const lines = text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.text)).toEqual([...texts, '']);
    expect(lines[0]).toEqual({
      id: 'M0000000009',
      ts: '2026-03-01T01:02:03+08:00',
      kind: 'sms',
      from: '95588',
      to: personPhone(4),
      text: 'plain 中文',
      links: [],
      route: 'domestic',
    });
    expect(lines[1].links).toEqual(['https://tаobao.com/"x']);
    expect(lines[3]).toMatchObject({ kind: 'call', from: personPhone(7), duration_s: 42 });
  });
});
