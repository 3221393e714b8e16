// The day files of a run as bytes (formats.md and docs/simulate.md): transfers, comms, losses
// and truth events. Each encoder yields buffers of a few megabytes for the edge to write.
// Pure: same simulation state, same bytes.
import { K_BANK } from './accounts.js';
import { Chunker, latin1, putBytes, putClock, putPad, putUint } from './bytes.js';
import { campaignId, personId, writeBankCard, writePersonPhone } from './ids.js';
import { mix32 } from './random.js';
import { CHANNELS, PURPOSES } from './rows.js';
import type { DayOutput, Simulation } from './simulation.js';

export const HEADERS = {
  people: 'person,id_number,phone,age_band,protected,guardian_phone,language\n',
  accounts: 'account,opening_balance,kind,institution,holder,opened_at\n',
  transfers: 'id,ts,from,to,amount,currency,channel,device\n',
  losses: 'transfer_id,victim,campaign,fraud_type\n',
  truthAccounts: 'account,role,campaigns,level,ring\n',
  truthEvents: 'kind,id,campaign,fraud_type,detail\n',
  truthCampaigns:
    'campaign,fraud_type,ring,ring_kind,start,end,callers,domains,targets,victims,payments,lost\n',
} as const;

const ID_WIDTH = 10;
const transferId = (n: number) => `T${String(n).padStart(ID_WIDTH, '0')}`;
const DEVICE_SALT = 0x5bd1e995;
const CHANNEL_TEXT = CHANNELS.map((c) => latin1(`,CNY,${c},`));
const OFFSET_COMMA = latin1('+08:00,');
const DEVICE_PREFIX = latin1('dev-');
/**
 * True if JSON must escape something in `s`: a quote, a backslash or a line break. Other
 * control characters never occur (texts come from our templates and values; texts.test.ts
 * checks the templates), and this runs for millions of messages.
 */
const needsEscape = (s: string): boolean =>
  s.indexOf('"') >= 0 || s.indexOf('\\') >= 0 || s.indexOf('\n') >= 0;

/** transfers.csv rows of a day, ids numbered on from `out.firstTransfer`. */
export function* encodeTransfers(
  sim: Simulation,
  out: DayOutput,
  c = new Chunker(),
): Generator<Buffer> {
  const { rows, order } = out;
  const accounts = sim.world.accounts;
  const { idBytes: ids, idEnd, kind, institution } = accounts;
  const { ts, from, to, amount, channel, device } = rows;
  const prefix = latin1(`${out.day.prefix}`);
  const dayStart = out.day.start;
  // the hot loop keeps the buffer and position in locals (see Chunker.buffer)
  let b = c.buffer;
  let p = c.pos;
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    b[p++] = 84; // T
    p = putPad(b, p, out.firstTransfer + k, ID_WIDTH);
    b[p++] = 44;
    p = putBytes(b, p, prefix, 0, prefix.length);
    p = putClock(b, p, ts[i]! - dayStart);
    p = putBytes(b, p, OFFSET_COMMA, 0, OFFSET_COMMA.length);
    // bank cards are computed (cheaper than fetching them from the id table); others copied
    let a = from[i]!;
    p =
      kind[a] === K_BANK
        ? writeBankCard(b, p, institution[a]!, a)
        : putBytes(b, p, ids, a === 0 ? 0 : idEnd[a - 1]!, idEnd[a]!);
    b[p++] = 44;
    a = to[i]!;
    p =
      kind[a] === K_BANK
        ? writeBankCard(b, p, institution[a]!, a)
        : putBytes(b, p, ids, a === 0 ? 0 : idEnd[a - 1]!, idEnd[a]!);
    b[p++] = 44;
    const minor = amount[i]!;
    const major = Math.floor(minor / 100);
    p = putUint(b, p, major);
    b[p++] = 46;
    p = putPad(b, p, minor - major * 100, 2);
    const tail = CHANNEL_TEXT[channel[i]!]!;
    p = putBytes(b, p, tail, 0, tail.length);
    const d = device[i]!;
    if (d >= 0) {
      p = putBytes(b, p, DEVICE_PREFIX, 0, 4);
      const v = mix32(d ^ DEVICE_SALT);
      for (let x = 28; x >= 0; x -= 4) {
        const h = (v >>> x) & 15;
        b[p++] = h < 10 ? 48 + h : 87 + h;
      }
    }
    b[p++] = 10;
    c.pos = p;
    if (c.full) {
      yield c.cut();
      b = c.buffer;
      p = 0;
    }
  }
  yield c.flush();
}

const JSON_ID = latin1('{"id":"M');
const JSON_TS = latin1('","ts":"');
const JSON_CALL = latin1('+08:00","kind":"call","from":"');
const JSON_SMS = latin1('+08:00","kind":"sms","from":"');
const JSON_TO = latin1('","to":"');
const JSON_TEXT = latin1('","text":');
const JSON_LINKS = latin1(',"links":[');
/** The end of a line by route, for a text and for a call (whose duration follows). */
const JSON_END = new Map(
  (['domestic', 'voip', 'international'] as const).map((r) => [
    r,
    { sms: latin1(`],"route":"${r}"}\n`), call: latin1(`],"route":"${r}","duration_s":`) },
  ]),
);

/** One JSON object per line; field order fixed, text escaped only where JSON needs it. */
export function* encodeComms(out: DayOutput, c = new Chunker()): Generator<Buffer> {
  const comms = out.comms;
  const prefix = latin1(out.day.prefix);
  for (let k = 0; k < comms.length; k++) {
    const m = comms[k]!;
    c.raw(JSON_ID);
    c.pad(out.firstComm + k, ID_WIDTH);
    c.raw(JSON_TS);
    c.raw(prefix);
    c.clock(m.ts - out.day.start);
    c.raw(m.kind === 'call' ? JSON_CALL : JSON_SMS);
    if (m.fromPerson >= 0) writePersonPhone(c, m.fromPerson);
    else c.ascii(m.from); // numbers and short codes: plain ASCII
    c.raw(JSON_TO);
    writePersonPhone(c, m.to);
    c.raw(JSON_TEXT);
    if (needsEscape(m.text)) c.text(JSON.stringify(m.text));
    else {
      c.byte(34);
      c.text(m.text);
      c.byte(34);
    }
    c.raw(JSON_LINKS);
    for (let i = 0; i < m.links.length; i++) {
      if (i > 0) c.byte(44);
      c.text(JSON.stringify(m.links[i]));
    }
    const end = JSON_END.get(m.route)!;
    if (m.kind === 'call') {
      c.raw(end.call);
      c.uint(m.duration);
      c.ascii('}\n');
    } else c.raw(end.sms);
    if (c.full) yield c.cut();
  }
  yield c.flush();
}

export function* encodeLosses(
  sim: Simulation,
  out: DayOutput,
  c = new Chunker(),
): Generator<Buffer> {
  const { rows, order } = out;
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    const victim = rows.victim[i]!;
    if (victim < 0) continue;
    const campaign = sim.fraud.campaigns[rows.campaign[i]!]!;
    c.ascii(
      `${transferId(out.firstTransfer + k)},${personId(victim)},${campaignId(campaign.index)},${campaign.type}\n`,
    );
    if (c.full) yield c.cut();
  }
  yield c.flush();
}

/** truth_events rows of a day: every transfer, then every call and message. */
export function* encodeTruthEvents(
  sim: Simulation,
  out: DayOutput,
  c = new Chunker(),
): Generator<Buffer> {
  const { rows, order } = out;
  const labels = sim.fraud.campaigns.map((x) => `,${campaignId(x.index)},${x.type},`);
  const rowLabels = [latin1(',,,'), ...labels.map(latin1)];
  const purposes = PURPOSES.map((p) => latin1(`${p}\n`));
  const head = latin1('transfer,T');
  const { campaign, purpose } = rows;
  let b = c.buffer;
  let p = c.pos;
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    p = putBytes(b, p, head, 0, head.length);
    p = putPad(b, p, out.firstTransfer + k, ID_WIDTH);
    const label = rowLabels[campaign[i]! + 1]!;
    p = putBytes(b, p, label, 0, label.length);
    const tail = purposes[purpose[i]!]!;
    p = putBytes(b, p, tail, 0, tail.length);
    c.pos = p;
    if (c.full) {
      yield c.cut();
      b = c.buffer;
      p = 0;
    }
  }
  for (let k = 0; k < out.comms.length; k++) {
    const m = out.comms[k]!;
    c.ascii(m.kind === 'call' ? 'call,M' : 'sms,M');
    c.pad(out.firstComm + k, ID_WIDTH);
    c.ascii(m.campaign >= 0 ? labels[m.campaign]! : ',,,');
    c.ascii(m.detail);
    c.byte(10);
    if (c.full) yield c.cut();
  }
  yield c.flush();
}
