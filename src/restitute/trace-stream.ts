// Reading a trace document as bytes (a file, or the service's stored parts) when it may be
// too big to be one string: only its outline is kept (what restitution needs), and it is
// checked by the same code as a parsed document, with the same messages and JSON paths.
import { ClawbackError, type ErrorCollector } from '../errors/index.js';
import { type JsonContainer, type JsonEvents, JsonScanner, JsonSyntaxError } from '../io/index.js';
import {
  type AccountOutline,
  type TraceInput,
  type TraceOutline,
  traceFromOutline,
  type VictimOutline,
} from './trace-input.js';

type Text = string | undefined;

interface Account {
  account: Text;
  traced: Map<string, Text> | null | undefined;
  /** Some name in `traced` is an array index (then its order is not the map's). */
  tracedIndex: boolean;
  victims: boolean;
}

interface Victim {
  victim: Text;
  loss: Text;
}

const newAccount = (): Account => ({
  account: undefined,
  traced: undefined,
  tracedIndex: false,
  victims: false,
});

// The kept containers: the document, its accounts and victims arrays, one account, its
// traced object, one victim. Everything else is skipped by the scanner.
const DOC = 0;
const ACCOUNTS = 1;
const ACCOUNT = 2;
const TRACED = 3;
const VICTIMS = 4;
const VICTIM = 5;

/**
 * Builds the outline from scanner events with JSON.parse's meaning: of a name given twice
 * the last value counts, at the place of the first.
 */
export class TraceOutliner implements JsonEvents {
  private isObject = false;
  private rule: Text;
  private currency: Text;
  private accounts: (Account | undefined)[] | undefined;
  private victims: (Victim | undefined)[] | undefined;
  private readonly frames: number[] = [];
  /** The last member name seen in the innermost kept object. */
  private name = '';
  private account: Account = newAccount();
  private traced = new Map<string, Text>();
  private victim: Victim = { victim: undefined, loss: undefined };
  /** Victim ids recur in every account: one string each. */
  private readonly ids = new Map<string, string>();

  open(kind: JsonContainer): boolean {
    const frame = this.frames[this.frames.length - 1];
    let kept: number | undefined;
    if (frame === undefined) {
      this.isObject = kind === 'object';
      if (this.isObject) kept = DOC;
    } else if (frame === DOC && kind === 'array' && this.name === 'accounts') {
      this.accounts = [];
      kept = ACCOUNTS;
    } else if (frame === DOC && kind === 'array' && this.name === 'victims') {
      this.victims = [];
      kept = VICTIMS;
    } else if (frame === ACCOUNTS && kind === 'object') {
      this.account = newAccount();
      this.accounts?.push(this.account);
      kept = ACCOUNT;
    } else if (frame === ACCOUNT && kind === 'object' && this.name === 'traced') {
      this.traced = new Map();
      this.account.traced = this.traced;
      this.account.tracedIndex = false;
      kept = TRACED;
    } else if (frame === VICTIMS && kind === 'object') {
      this.victim = { victim: undefined, loss: undefined };
      this.victims?.push(this.victim);
      kept = VICTIM;
    } else this.value(undefined);
    if (kept === undefined) return false;
    this.frames.push(kept);
    return true;
  }

  close(): void {
    this.frames.pop();
  }

  key(name: string): void {
    this.name = name;
  }

  string(value: string): void {
    this.value(value);
  }

  primitive(): void {
    this.value(undefined);
  }

  /** A value that is not a kept container: a string, or undefined for anything else. */
  private value(v: Text): void {
    const frame = this.frames[this.frames.length - 1];
    const name = this.name;
    switch (frame) {
      case undefined: // the document itself is no object: isObject stays false
        return;
      case DOC:
        if (name === 'rule') this.rule = v;
        else if (name === 'currency') this.currency = v;
        else if (name === 'accounts') this.accounts = undefined;
        else if (name === 'victims') this.victims = undefined;
        return;
      case ACCOUNTS:
        this.accounts?.push(undefined);
        return;
      case ACCOUNT:
        if (name === 'account') this.account.account = v;
        else if (name === 'traced') this.account.traced = null;
        else if (name === 'victims') this.account.victims = true;
        return;
      case TRACED: {
        let id = this.ids.get(name);
        if (id === undefined) {
          id = name;
          this.ids.set(id, id);
        }
        this.traced.set(id, v);
        if (!this.account.tracedIndex && isIndex(id)) this.account.tracedIndex = true;
        return;
      }
      case VICTIMS:
        this.victims?.push(undefined);
        return;
      case VICTIM:
        if (name === 'victim') this.victim.victim = v;
        else if (name === 'loss') this.victim.loss = v;
        return;
    }
  }

  /** The outline of the whole document (after the scanner's end()). */
  outline(): TraceOutline {
    return {
      isObject: this.isObject,
      rule: this.rule,
      currency: this.currency,
      accounts: this.accounts?.map(
        (a): AccountOutline | undefined =>
          a && {
            account: a.account,
            traced: a.traced instanceof Map && a.tracedIndex ? objectOrder(a.traced) : a.traced,
            victims: a.victims,
          },
      ),
      victims: this.victims?.map((v): VictimOutline | undefined => v && { ...v }),
    };
  }
}

/** Is `k` an array index, which JavaScript lists before the other names of an object? */
function isIndex(k: string): boolean {
  const c = k.charCodeAt(0);
  return c >= 48 && c <= 57 && /^(?:0|[1-9]\d*)$/.test(k) && Number(k) < 2 ** 32 - 1;
}

/** Map entries in the order Object.entries gives for the same object: indices first. */
function objectOrder(m: Map<string, Text>): (readonly [string, Text])[] {
  const entries = [...m];
  const indices = entries.filter(([k]) => isIndex(k)).sort((x, y) => Number(x[0]) - Number(y[0]));
  return [...indices, ...entries.filter(([k]) => !isIndex(k))];
}

/**
 * The trace in a document given as UTF-8 chunks (one leading BOM allowed), or undefined
 * after reporting its problems: the same as traceFromJson(JSON.parse(whole)), except that a
 * syntax error is told by line and byte.
 *
 * @example
 * const trace = await traceFromChunks(source.chunks(), source.name, collector);
 */
export async function traceFromChunks(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  file: string,
  collector: ErrorCollector,
): Promise<TraceInput | undefined> {
  const outliner = new TraceOutliner();
  const scanner = new JsonScanner(outliner, { bom: true });
  try {
    for await (const chunk of chunks) scanner.write(chunk);
    scanner.end();
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    const detail = `${e.detail} (byte ${e.offset})`;
    collector.add(new ClawbackError('CB_E_MALFORMED_JSON', { detail }, { file, line: e.line }));
    return undefined;
  }
  return traceFromOutline(outliner.outline(), file, collector);
}
