// Tests for the pacs.008 JSON → transfer mapping: accepted shapes, fallbacks, and exact problem paths.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Pacs008Transfer, pacs008ToTransfers } from './pacs008.js';

const NOT_PACS008 = 'not a pacs.008 FIToFICstmrCdtTrf document';
const TX = '$.FIToFICstmrCdtTrf.CdtTrfTxInf';

/** A valid entry; pass `undefined` for a field to leave it out. */
function entry(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    PmtId: { InstrId: 'I1', EndToEndId: 'E1', TxId: 'T1' },
    IntrBkSttlmAmt: { Ccy: 'CNY', value: '50000.00' },
    AccptncDtTm: '2024-03-05T09:12:40+08:00',
    DbtrAcct: { Id: { Othr: { Id: '6222021001123456789' } } },
    DbtrAgt: { FinInstnId: { BICFI: 'ICBKCNBJ' } },
    CdtrAgt: { FinInstnId: { BICFI: 'ABOCCNBJ' } },
    CdtrAcct: { Id: { Othr: { Id: '6228480012345678912' } } },
    ...over,
  };
}

function message(
  txs: unknown,
  grpHdr: unknown = { MsgId: 'M1', CreDtTm: '2024-03-05T09:31:05+08:00' },
) {
  return { FIToFICstmrCdtTrf: { GrpHdr: grpHdr, CdtTrfTxInf: txs } };
}

const expected: Pacs008Transfer = {
  id: 'T1',
  ts: '2024-03-05T09:12:40+08:00',
  from: '6222021001123456789',
  to: '6228480012345678912',
  amount: '50000.00',
  currency: 'CNY',
  channel: 'transfer',
  fromInstitution: 'ICBKCNBJ',
  toInstitution: 'ABOCCNBJ',
};

/** The single transfer of a message with one entry (fails the test if there are problems). */
function one(over: Record<string, unknown>, grpHdr?: unknown): Pacs008Transfer | undefined {
  const result = pacs008ToTransfers(message(entry(over), grpHdr));
  expect(result.problems).toEqual([]);
  expect(result.transfers).toHaveLength(1);
  return result.transfers[0];
}

function problemsOf(over: Record<string, unknown>, grpHdr?: unknown) {
  const result = pacs008ToTransfers(message([entry(), entry(over)], grpHdr));
  expect(result.transfers).toEqual([expected]);
  return result.problems;
}

describe('pacs008ToTransfers: document shapes', () => {
  it('maps a wrapped message whose CdtTrfTxInf is a single object', () => {
    expect(pacs008ToTransfers(message(entry()))).toEqual({ transfers: [expected], problems: [] });
  });

  it('maps every entry of a multi-entry message inside a Document envelope', () => {
    const doc = {
      AppHdr: { MsgDefIdr: 'pacs.008.001.08' },
      Document: message([
        entry({ AccptncDtTm: undefined }),
        entry({ PmtId: { TxId: 'T2' }, IntrBkSttlmAmt: { Ccy: 'CNY', value: '1.50' } }),
      ]),
    };
    expect(pacs008ToTransfers(doc)).toEqual({
      transfers: [
        { ...expected, ts: '2024-03-05T09:31:05+08:00' },
        { ...expected, id: 'T2', amount: '1.50' },
      ],
      problems: [],
    });
  });

  it("maps Tazama's shape: TxTp, FIToFICstmrCdt, numeric Amt.Amt, clearing member ids", () => {
    const tazama = {
      TxTp: 'pacs.008.001.10',
      FIToFICstmrCdt: {
        GrpHdr: { MsgId: 'm', CreDtTm: '2021-12-03T15:24:25.000Z', NbOfTxs: 1 },
        CdtTrfTxInf: {
          PmtId: { InstrId: '5ab4', EndToEndId: '2c51' },
          IntrBkSttlmAmt: { Amt: { Amt: 31020.89, Ccy: 'USD' } },
          InstdAmt: { Amt: { Amt: 31020.89, Ccy: 'USD' } },
          DbtrAcct: { Id: { Othr: { Id: '+27730975224', SchmeNm: { Prtry: 'MSISDN' } } } },
          DbtrAgt: { FinInstnId: { ClrSysMmbId: { MmbId: 'dfsp001' } } },
          CdtrAgt: { FinInstnId: { ClrSysMmbId: { MmbId: 'dfsp002' } } },
          CdtrAcct: { Id: { Othr: { Id: '+27707650428', SchmeNm: { Prtry: 'MSISDN' } } } },
        },
      },
    };
    expect(pacs008ToTransfers(tazama)).toEqual({
      transfers: [
        {
          id: '2c51',
          ts: '2021-12-03T15:24:25.000Z',
          from: '+27730975224',
          to: '+27707650428',
          amount: '31020.89',
          currency: 'USD',
          channel: 'transfer',
          fromInstitution: 'dfsp001',
          toInstitution: 'dfsp002',
        },
      ],
      problems: [],
    });
  });

  it.each([
    ['{Ccy, value}', { Ccy: 'CNY', value: '12.34' }, '12.34'],
    ['{Ccy, Amt}', { Ccy: 'CNY', Amt: '12.34' }, '12.34'],
    ['{@Ccy, #text}', { '@Ccy': 'CNY', '#text': '12.34' }, '12.34'],
    ['fast-xml-parser {@_Ccy, #text: number}', { '@_Ccy': 'CNY', '#text': 12.3 }, '12.3'],
    ["Tazama's {Amt: {Amt, Ccy}}", { Amt: { Amt: 12.34, Ccy: 'CNY' } }, '12.34'],
    [
      'Mojaloop {Ccy, ActiveCurrencyAndAmount}',
      { Ccy: 'CNY', ActiveCurrencyAndAmount: '12.34' },
      '12.34',
    ],
    ['an integer number', { Ccy: 'CNY', value: 1200 }, '1200'],
    ['a string kept as given', { Ccy: 'CNY', value: '0012.340' }, '0012.340'],
  ])('reads the amount shape %s', (_name, IntrBkSttlmAmt, amount) => {
    expect(one({ IntrBkSttlmAmt })).toMatchObject({ amount, currency: 'CNY' });
  });
});

describe('pacs008ToTransfers: fallbacks', () => {
  it.each([
    [{ TxId: 'T', UETR: 'U', EndToEndId: 'E', InstrId: 'I' }, 'T'],
    [{ UETR: 'U', EndToEndId: 'E', InstrId: 'I' }, 'U'],
    [{ EndToEndId: 'E', InstrId: 'I' }, 'E'],
    [{ InstrId: 'I' }, 'I'],
    [{ EndToEndId: 'NOTPROVIDED', InstrId: 'I' }, 'I'],
  ])('takes the id from %j as %s', (PmtId, id) => {
    expect(one({ PmtId })?.id).toBe(id);
  });

  it('takes ts from AccptncDtTm, else GrpHdr.CreDtTm, keeping the text as given', () => {
    expect(one({})?.ts).toBe('2024-03-05T09:12:40+08:00');
    expect(one({ AccptncDtTm: undefined })?.ts).toBe('2024-03-05T09:31:05+08:00');
  });

  it('prefers the IBAN, else the first Othr.Id (object or array)', () => {
    const both = { Id: { IBAN: 'DE89370400440532013000', Othr: { Id: 'x' } } };
    expect(one({ DbtrAcct: both })?.from).toBe('DE89370400440532013000');
    const many = { Id: { Othr: [{ Id: 'first' }, { Id: 'second' }] } };
    expect(one({ CdtrAcct: many })?.to).toBe('first');
  });

  it('falls back to InstdAmt when IntrBkSttlmAmt is absent', () => {
    const InstdAmt = { Ccy: 'CNY', value: '7.00' };
    expect(one({ IntrBkSttlmAmt: undefined, InstdAmt })).toMatchObject({ amount: '7.00' });
  });

  it('takes the channel from LclInstrm.Prtry, else .Cd, else the header, else "transfer"', () => {
    const both = { LclInstrm: { Prtry: 'MOBILE', Cd: 'INST' } };
    expect(one({ PmtTpInf: both })?.channel).toBe('MOBILE');
    expect(one({ PmtTpInf: { LclInstrm: { Cd: 'INST' } } })?.channel).toBe('INST');
    const hdr = { CreDtTm: '2024-03-05T09:31:05Z', PmtTpInf: { LclInstrm: { Cd: 'CORE' } } };
    expect(one({}, hdr)?.channel).toBe('CORE');
    expect(one({ PmtTpInf: { SvcLvl: { Cd: 'SEPA' } } })?.channel).toBe('transfer');
  });

  it.each([
    [{ BICFI: 'ICBKCNBJ', BIC: 'b', ClrSysMmbId: { MmbId: 'm' }, Othr: { Id: 'o' } }, 'ICBKCNBJ'],
    [{ BIC: 'ICBKCNBJXXX', ClrSysMmbId: { MmbId: 'm' } }, 'ICBKCNBJXXX'],
    [
      { ClrSysMmbId: { ClrSysId: { Cd: 'CNAPS' }, MmbId: '102100099996' }, Othr: { Id: 'o' } },
      '102100099996',
    ],
    [{ Othr: [{ Id: 'payer-dfsp' }] }, 'payer-dfsp'],
  ])('takes the institution from %j', (FinInstnId, institution) => {
    expect(one({ DbtrAgt: { FinInstnId } })?.fromInstitution).toBe(institution);
  });

  it('leaves institutions out when the agents are absent', () => {
    const transfer = one({ DbtrAgt: undefined, CdtrAgt: { FinInstnId: {} } });
    expect(transfer).not.toHaveProperty('fromInstitution');
    expect(transfer).not.toHaveProperty('toInstitution');
  });
});

describe('pacs008ToTransfers: bad input', () => {
  it.each([
    null,
    42,
    'pacs.008',
    [],
    [message(entry())],
    {},
    { Document: {} },
    { FIToFIPmtSts: {} },
  ])('rejects %j as a whole with one problem at $', (doc) => {
    expect(pacs008ToTransfers(doc)).toEqual({
      transfers: [],
      problems: [{ path: '$', reason: NOT_PACS008 }],
    });
  });

  it('reports a malformed message body and CdtTrfTxInf', () => {
    const bad = (doc: unknown) => pacs008ToTransfers(doc).problems;
    expect(bad({ FIToFICstmrCdtTrf: 'x' })).toEqual([
      { path: '$.FIToFICstmrCdtTrf', reason: 'must be an object' },
    ]);
    expect(bad({ FIToFICstmrCdtTrf: { GrpHdr: {} } })).toEqual([{ path: TX, reason: 'missing' }]);
    expect(bad(message([]))).toEqual([{ path: TX, reason: 'must not be empty' }]);
    expect(bad(message([entry(), 'x']))).toEqual([
      { path: `${TX}[1]`, reason: 'must be an object' },
    ]);
    expect(bad(message(entry(), 'x'))).toEqual([
      { path: '$.FIToFICstmrCdtTrf.GrpHdr', reason: 'must be an object' },
    ]);
  });

  it('reports missing accounts at the exact path, keeping the good entry', () => {
    expect(problemsOf({ DbtrAcct: undefined })).toEqual([
      { path: `${TX}[1].DbtrAcct`, reason: 'missing' },
    ]);
    expect(problemsOf({ DbtrAcct: '6222021001123456789' })).toEqual([
      { path: `${TX}[1].DbtrAcct`, reason: 'must be an object' },
    ]);
    expect(problemsOf({ CdtrAcct: { Id: {} } })).toEqual([
      { path: `${TX}[1].CdtrAcct.Id.IBAN`, reason: 'missing (also tried Othr.Id)' },
    ]);
    expect(problemsOf({ CdtrAcct: { Id: { Othr: [] } } })).toEqual([
      { path: `${TX}[1].CdtrAcct.Id.IBAN`, reason: 'missing (also tried Othr.Id)' },
    ]);
    expect(problemsOf({ CdtrAcct: { Id: { Othr: [{ Id: 6228480012 }] } } })).toEqual([
      { path: `${TX}[1].CdtrAcct.Id.Othr[0].Id`, reason: 'must be a string' },
    ]);
  });

  it('reports a missing amount or currency at the exact path', () => {
    expect(problemsOf({ IntrBkSttlmAmt: undefined })).toEqual([
      { path: `${TX}[1].IntrBkSttlmAmt`, reason: 'missing (also tried InstdAmt)' },
    ]);
    expect(problemsOf({ IntrBkSttlmAmt: { value: '1.00' } })).toEqual([
      { path: `${TX}[1].IntrBkSttlmAmt.Ccy`, reason: 'missing (also tried @Ccy, @_Ccy)' },
    ]);
    expect(problemsOf({ IntrBkSttlmAmt: { Amt: { Ccy: 'CNY' } } })[0]?.path).toBe(
      `${TX}[1].IntrBkSttlmAmt.Amt.value`,
    );
  });

  it('reports an amount of the wrong type, or a number that is not exact decimal text', () => {
    const at = (IntrBkSttlmAmt: unknown) => problemsOf({ IntrBkSttlmAmt })[0];
    expect(at('12.34')).toEqual({ path: `${TX}[1].IntrBkSttlmAmt`, reason: 'must be an object' });
    expect(at({ Ccy: 'CNY', value: true })).toEqual({
      path: `${TX}[1].IntrBkSttlmAmt.value`,
      reason: 'must be a string or a number',
    });
    expect(at({ Ccy: 156, value: '1.00' })).toEqual({
      path: `${TX}[1].IntrBkSttlmAmt.Ccy`,
      reason: 'must be a string',
    });
    expect(at({ '@Ccy': 'CNY', '#text': 1e21 })).toEqual({
      path: `${TX}[1].IntrBkSttlmAmt['#text']`,
      reason: 'number 1e+21 has an exponent; send a string',
    });
    expect(at({ Ccy: 'CNY', value: 1e-7 })?.reason).toBe(
      'number 1e-7 has an exponent; send a string',
    );
    const parsed: unknown = JSON.parse('{"Amt":{"Amt":12345678901234567.89,"Ccy":"CNY"}}');
    expect(at(parsed)).toEqual({
      path: `${TX}[1].IntrBkSttlmAmt.Amt.Amt`,
      reason: 'number 12345678901234568 may be inexact; send a string',
    });
  });

  it('reports a missing id, naming the alternatives tried', () => {
    expect(problemsOf({ PmtId: undefined })).toEqual([
      { path: `${TX}[1].PmtId`, reason: 'missing' },
    ]);
    expect(problemsOf({ PmtId: { EndToEndId: 'NOTPROVIDED' } })).toEqual([
      { path: `${TX}[1].PmtId.TxId`, reason: 'missing (also tried UETR, EndToEndId, InstrId)' },
    ]);
  });

  it('needs a time: a settlement date alone is a problem', () => {
    const noTime = { MsgId: 'M1', IntrBkSttlmDt: '2024-03-05' };
    expect(problemsOf({ AccptncDtTm: undefined }, noTime)).toEqual([
      {
        path: '$.FIToFICstmrCdtTrf.GrpHdr.IntrBkSttlmDt',
        reason: 'is a date without a time; need AccptncDtTm or GrpHdr.CreDtTm',
      },
    ]);
    expect(
      problemsOf({ AccptncDtTm: undefined, IntrBkSttlmDt: '2024-03-05' }, { MsgId: 'M1' }),
    ).toEqual([
      {
        path: `${TX}[1].IntrBkSttlmDt`,
        reason: 'is a date without a time; need AccptncDtTm or GrpHdr.CreDtTm',
      },
    ]);
    expect(problemsOf({ AccptncDtTm: undefined }, { MsgId: 'M1' })).toEqual([
      { path: `${TX}[1].AccptncDtTm`, reason: 'missing, and so is GrpHdr.CreDtTm' },
    ]);
    expect(problemsOf({ AccptncDtTm: '2024-03-05' })).toEqual([
      { path: `${TX}[1].AccptncDtTm`, reason: 'must be a date-time with a time of day' },
    ]);
  });

  it('reports each problem of an entry, and a header problem once for all entries', () => {
    const bad = entry({ AccptncDtTm: undefined, DbtrAcct: undefined, IntrBkSttlmAmt: undefined });
    const result = pacs008ToTransfers(message([bad, bad, entry()], { CreDtTm: 1709600000 }));
    expect(result.transfers).toEqual([expected]);
    expect(result.problems).toEqual([
      { path: '$.FIToFICstmrCdtTrf.GrpHdr.CreDtTm', reason: 'must be a string' },
      { path: `${TX}[0].DbtrAcct`, reason: 'missing' },
      { path: `${TX}[0].IntrBkSttlmAmt`, reason: 'missing (also tried InstdAmt)' },
      { path: `${TX}[1].DbtrAcct`, reason: 'missing' },
      { path: `${TX}[1].IntrBkSttlmAmt`, reason: 'missing (also tried InstdAmt)' },
    ]);
  });

  it('rejects an entry whose optional field has the wrong type', () => {
    expect(problemsOf({ CdtrAgt: { FinInstnId: { BICFI: ['ABOCCNBJ'] } } })).toEqual([
      { path: `${TX}[1].CdtrAgt.FinInstnId.BICFI`, reason: 'must be a string' },
    ]);
  });

  it('never throws, and every problem path is rooted at $', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (body, tx) => {
        for (const doc of [
          body,
          message(body),
          message([tx, body]),
          message(entry({ PmtId: tx })),
        ]) {
          const { transfers, problems } = pacs008ToTransfers(doc);
          expect(transfers.length + problems.length).toBeGreaterThan(0);
          for (const p of problems) expect(p.path).toMatch(/^\$/);
        }
      }),
    );
  });
});

describe('examples/pacs008/transfers.pacs008.ndjson', () => {
  it('maps every line without problems', () => {
    const file = new URL('../../examples/pacs008/transfers.pacs008.ndjson', import.meta.url);
    const lines = readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '');
    const results = lines.map((line) => pacs008ToTransfers(JSON.parse(line)));
    expect(results.flatMap((r) => r.problems)).toEqual([]);
    expect(results.flatMap((r) => r.transfers).map((t) => [t.id, t.from, t.to, t.amount])).toEqual([
      ['ICBK20240305TX000001', '6222021001123456789', '6228480012345678912', '50000.00'],
      ['ABOC20240305TX000017', '6228480012345678912', '6217680098765432101', '24800.00'],
      ['ABOC20240305TX000018', '6228480012345678912', '6222031202987654321', '24800.00'],
      ['2c516801007642dfb892944dde1cf8a1', '6217680098765432101', '6228480098761234560', '24499.5'],
      [
        '9d0e1f2a-3b4c-4d5e-8f60-718293a4b5c6',
        '6222031202987654321',
        '6217680011223344556',
        '9800.00',
      ],
    ]);
  });
});
