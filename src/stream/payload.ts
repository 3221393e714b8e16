// A NATS message payload read into transfers: one JSON object, or NDJSON (one object per
// line). Every record is checked on its own; the good ones are kept and the bad ones named
// by line and JSON pointer, so one bad line never hides or blocks the others.
import { renderMessage } from '../errors/index.js';
import { type Checked, checkTransfer, type LedgerTransfer } from '../ledger/index.js';
import type { Currency } from '../money/index.js';

/** One thing wrong with a message: the 1-based line of its payload, where, what, why. */
export interface MessageProblem {
  readonly line: number;
  readonly pointer: string;
  readonly code: string;
  readonly detail: string;
}

export interface ReadPayload {
  /** The valid records with their 1-based line in the payload, in payload order. */
  readonly transfers: ReadonlyArray<{ readonly line: number; readonly value: LedgerTransfer }>;
  readonly problems: readonly MessageProblem[];
}

const decoder = new TextDecoder('utf-8', { fatal: true });

function malformed(line: number, detail: string): MessageProblem {
  return {
    line,
    pointer: '',
    code: 'CB_E_MALFORMED_JSON',
    detail: renderMessage('CB_E_MALFORMED_JSON', { detail }),
  };
}

interface Collected {
  transfers: Array<{ line: number; value: LedgerTransfer }>;
  problems: MessageProblem[];
}

function add(out: Collected, line: number, c: Checked<LedgerTransfer>): void {
  if (c.ok) out.transfers.push({ line, value: c.value });
  else
    for (const p of c.problems)
      out.problems.push({ line, pointer: p.pointer, code: p.code, detail: p.detail });
}

/** Reads one message payload; `fallback` is the currency of records that name none. */
export function readPayload(data: Uint8Array, fallback: Currency): ReadPayload {
  const out: Collected = { transfers: [], problems: [] };
  let text: string;
  try {
    text = decoder.decode(data);
  } catch {
    out.problems.push(malformed(1, 'payload is not UTF-8'));
    return out;
  }
  // The common case, one object per message, costs one JSON.parse.
  try {
    const whole: unknown = JSON.parse(text);
    add(out, 1, checkTransfer(whole, fallback));
    return out;
  } catch {
    // not one JSON document: read it as NDJSON below
  }
  const lines = text.split('\n');
  let seen = 0;
  lines.forEach((raw, i) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') return;
    seen++;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch (e) {
      out.problems.push(malformed(i + 1, e instanceof Error ? e.message : String(e)));
      return;
    }
    add(out, i + 1, checkTransfer(v, fallback));
  });
  if (seen === 0) out.problems.push(malformed(1, 'empty payload'));
  return out;
}
