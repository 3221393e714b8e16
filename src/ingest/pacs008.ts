// Maps ISO 20022 pacs.008 (FIToFICustomerCreditTransfer) messages in JSON form to transfer
// records for `clawback trace`. Pure and total: bad input becomes problems with JSON paths.

/** One transfer as text fields, before validation (validation of amounts/timestamps happens elsewhere). */
export interface Pacs008Transfer {
  id: string;
  ts: string;
  from: string;
  to: string;
  amount: string;
  currency: string;
  channel?: string;
  fromInstitution?: string;
  toInstitution?: string;
}

/** Why an entry (or the whole document) was not mapped; `path` is a JSON path into the input. */
export interface Pacs008Problem {
  path: string;
  reason: string;
}

type Node = { value: unknown; path: string };
type Missing = { missing: string; reason: string };
/** What a lookup found; undefined when it already reported a problem on the way. */
type Found = Node | Missing | undefined;
type Problems = Pacs008Problem[];
type Money = { amount: string; currency: string };
type Result = { transfers: Pacs008Transfer[]; problems: Pacs008Problem[] };

const NOT_PACS008 = 'not a pacs.008 FIToFICstmrCdtTrf document';
/** Alternative key chains, in order of preference: "A.B C" is [["A", "B"], ["C"]]. */
const chains = (spec: string) => spec.split(' ').map((chain) => chain.split('.'));
/** `FIToFICstmrCdt` is Tazama's name for the element (beside `"TxTp": "pacs.008.001.10"`). */
const ROOT_KEYS = ['FIToFICstmrCdtTrf', 'FIToFICstmrCdt'];
/** Elements the schema allows once that XML-to-JSON converters may still emit as an array. */
const FIRST_OF_ARRAY = new Set(['Othr']);
const ID = chains('PmtId.TxId PmtId.UETR PmtId.EndToEndId PmtId.InstrId');
const CHANNEL = chains('PmtTpInf.LclInstrm.Prtry PmtTpInf.LclInstrm.Cd');
const AMOUNT = chains('IntrBkSttlmAmt InstdAmt');
/** Mojaloop's ISO 20022 API names the value after its XSD type (`ActiveCurrencyAndAmount`). */
const VALUE = chains('value Amt #text ActiveCurrencyAndAmount ActiveOrHistoricCurrencyAndAmount');
/** `@_` is fast-xml-parser's default attribute prefix. */
const CCY = chains('Ccy @Ccy @_Ccy');
const account = (key: string) => chains(`${key}.Id.IBAN ${key}.Id.Othr.Id`);
/** `BIC` is `BICFI`'s name in older schema versions such as pacs.008.001.02. */
const agent = (key: string) =>
  chains('BICFI BIC ClrSysMmbId.MmbId Othr.Id').map((c) => [key, 'FinInstnId', ...c]);
/** "NOTPROVIDED" is the standard placeholder for a value the sender lacks (typically EndToEndId): as an
 * id or account it would merge unrelated payments, so it counts as absent. */
const provided = (value: unknown) => value !== 'NOTPROVIDED';
const HAS_TIME = /\dT\d{2}:\d{2}/;
/** A double holds every decimal of up to 15 significant digits exactly. */
const MAX_EXACT_DIGITS = 15;

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
const isNode = (x: Found): x is Node => x !== undefined && 'value' in x;
const at = (path: string, key: string) =>
  /^[A-Za-z_]\w*$/.test(key) ? `${path}.${key}` : `${path}['${key}']`;
function fail(problems: Problems, path: string, reason: string): undefined {
  problems.push({ path, reason });
  return undefined;
}

/** Follows `keys` from `node`, reporting a non-object on the way. */
function dig(node: Node, keys: readonly string[], problems: Problems): Found {
  let cur = node;
  for (const key of keys) {
    if (!isRecord(cur.value)) return fail(problems, cur.path, 'must be an object');
    const value = cur.value[key];
    const path = at(cur.path, key);
    if (value === undefined || value === null) return { missing: path, reason: 'missing' };
    const many = Array.isArray(value) && FIRST_OF_ARRAY.has(key);
    cur = many ? { value: value[0], path: `${path}[0]` } : { value, path };
    if (cur.value === undefined) return { missing: cur.path, reason: 'missing' };
  }
  return cur;
}

/** The first alternative chain holding a usable value; else where the first one is missing. */
function pick(node: Node, alts: string[][], problems: Problems, usable = provided): Found {
  const first = alts[0] ?? [];
  const tried: string[] = [];
  let missing: string | undefined;
  for (const keys of alts) {
    const found = dig(node, keys, problems);
    if (found === undefined) return undefined;
    if (isNode(found) && usable(found.value)) return found;
    const path = isNode(found) ? found.path : found.missing;
    if (missing === undefined) missing = path;
    else if (path !== missing)
      tried.push(keys.slice(keys.findIndex((k, i) => k !== first[i])).join('.'));
  }
  const also = tried.length > 0 ? ` (also tried ${tried.join(', ')})` : '';
  return { missing: missing ?? node.path, reason: `missing${also}` };
}

/** The node found; when absent, a problem if the field is required. */
function need(found: Found, problems: Problems, required = true): Node | undefined {
  if (isNode(found)) return found;
  return found !== undefined && required ? fail(problems, found.missing, found.reason) : undefined;
}

function str(node: Node | undefined, problems: Problems): string | undefined {
  if (node === undefined) return undefined;
  return typeof node.value === 'string'
    ? node.value
    : fail(problems, node.path, 'must be a string');
}

/** A text field from the first alternative chain present. */
function field(node: Node, alts: string[][], problems: Problems, required = true) {
  return str(need(pick(node, alts, problems), problems, required), problems);
}

/** A decimal string as given, or a JSON number as its shortest round-trip text when that is exact. */
function decimal(node: Node | undefined, problems: Problems): string | undefined {
  if (node === undefined || typeof node.value === 'string') return str(node, problems);
  if (typeof node.value !== 'number')
    return fail(problems, node.path, 'must be a string or a number');
  const s = String(node.value);
  const digits = s.replace(/[-.]/g, '').replace(/^0+|0+$/g, '').length;
  if (!Number.isFinite(node.value)) return fail(problems, node.path, 'must be a finite number');
  if (/e/i.test(s)) return fail(problems, node.path, `number ${s} has an exponent; send a string`);
  if (digits > MAX_EXACT_DIGITS)
    return fail(problems, node.path, `number ${s} may be inexact; send a string`);
  return s;
}

/** `{Ccy, value|Amt|#text|...}`, `{@Ccy, #text}`, or Tazama's `{Amt: {Amt, Ccy}}`. */
function parseMoney(node: Node, problems: Problems): Money | undefined {
  if (!isRecord(node.value)) return fail(problems, node.path, 'must be an object');
  const inner = node.value['Amt'];
  const flat = isRecord(inner) ? { value: inner, path: at(node.path, 'Amt') } : node;
  const amount = decimal(need(pick(flat, VALUE, problems), problems), problems);
  const currency = field(flat, CCY, problems);
  return amount === undefined || currency === undefined ? undefined : { amount, currency };
}

/** The entry's acceptance time, else the message's creation time; a date alone is not enough. */
function timestamp(tx: Node, hdr: Node | undefined, problems: Problems): string | undefined {
  const own = dig(tx, ['AccptncDtTm'], problems);
  const found = isNode(own) || hdr === undefined ? own : dig(hdr, ['CreDtTm'], problems);
  if (isNode(found)) {
    const ts = str(found, problems);
    if (ts === undefined || HAS_TIME.test(ts)) return ts;
    return fail(problems, found.path, 'must be a date-time with a time of day');
  }
  const date = [tx, hdr].map((n) => n && dig(n, ['IntrBkSttlmDt'], problems)).find(isNode);
  if (date === undefined)
    return fail(problems, at(tx.path, 'AccptncDtTm'), 'missing, and so is GrpHdr.CreDtTm');
  return fail(problems, date.path, 'is a date without a time; need AccptncDtTm or GrpHdr.CreDtTm');
}

function toTransfer(
  tx: Node,
  hdr: Node | undefined,
  problems: Problems,
): Pacs008Transfer | undefined {
  if (!isRecord(tx.value)) return fail(problems, tx.path, 'must be an object');
  const id = field(tx, ID, problems);
  const ts = timestamp(tx, hdr, problems);
  const from = field(tx, account('DbtrAcct'), problems);
  const to = field(tx, account('CdtrAcct'), problems);
  const amountNode = need(pick(tx, AMOUNT, problems), problems);
  const money = amountNode && parseMoney(amountNode, problems);
  const channel =
    field(tx, CHANNEL, problems, false) ?? (hdr && field(hdr, CHANNEL, problems, false));
  const fromInstitution = field(tx, agent('DbtrAgt'), problems, false);
  const toInstitution = field(tx, agent('CdtrAgt'), problems, false);
  if (id === undefined || ts === undefined || from === undefined || to === undefined)
    return undefined;
  if (money === undefined) return undefined;
  return {
    ...{ id, ts, from, to, ...money, channel: channel ?? 'transfer' },
    ...(fromInstitution === undefined ? {} : { fromInstitution }),
    ...(toInstitution === undefined ? {} : { toInstitution }),
  };
}

/** Header problems (e.g. a bad GrpHdr.CreDtTm) would otherwise repeat once per entry. */
function dedupe(problems: Problems): Problems {
  const seen = new Map<string, Pacs008Problem>();
  for (const p of problems) seen.set(`${p.path}\n${p.reason}`, p);
  return [...seen.values()];
}

/** The FIToFICstmrCdtTrf element, wrapped or inside a `Document` envelope. */
function locate(doc: unknown): Node | undefined {
  if (!isRecord(doc)) return undefined;
  const inDocument = isRecord(doc['Document']);
  const base = inDocument ? doc['Document'] : doc;
  const key = isRecord(base) ? ROOT_KEYS.find((k) => Object.hasOwn(base, k)) : undefined;
  if (!isRecord(base) || key === undefined) return undefined;
  return { value: base[key], path: at(inDocument ? '$.Document' : '$', key) };
}

/**
 * Map one parsed JSON document (one NDJSON line) to its transfers; never throws on bad input.
 * Good entries come back even when another entry of the same message is bad.
 * @example pacs008ToTransfers(JSON.parse(line)).transfers[0]?.id
 */
export function pacs008ToTransfers(doc: unknown): Result {
  const transfers: Pacs008Transfer[] = [];
  const problems: Problems = [];
  const msg = locate(doc);
  if (msg === undefined) return { transfers, problems: [{ path: '$', reason: NOT_PACS008 }] };
  const header = dig(msg, ['GrpHdr'], problems);
  const hdr = isNode(header) && isRecord(header.value) ? header : undefined;
  if (isNode(header) && hdr === undefined) fail(problems, header.path, 'must be an object');
  const txs =
    header === undefined ? undefined : need(dig(msg, ['CdtTrfTxInf'], problems), problems);
  if (txs === undefined) return { transfers, problems };
  const entries = Array.isArray(txs.value)
    ? txs.value.map((value: unknown, i) => ({ value, path: `${txs.path}[${i}]` }))
    : [txs];
  if (entries.length === 0) fail(problems, txs.path, 'must not be empty');
  for (const tx of entries) {
    const own: Problems = [];
    const transfer = toTransfer(tx, hdr, own);
    if (transfer !== undefined && own.length === 0) transfers.push(transfer);
    problems.push(...own);
  }
  return { transfers, problems: dedupe(problems) };
}
