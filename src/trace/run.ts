// Drives a tracer over prepared transfers in (time, input order), honouring --as-of.
import { assertNever } from '../errors/index.js';
import type { TraceResult } from './model.js';
import { PoisonTracer } from './poison.js';
import type { PreparedTrace } from './prepare.js';
import type { Rule } from './rules.js';
import { summarizeAmounts, summarizePoison } from './summarize.js';
import { AmountTracer, type FlowSink, type TraceEngine } from './tracer.js';

export interface RunOptions {
  readonly asOf?: number | undefined;
  readonly flows?: FlowSink | undefined;
  /**
   * Storage tuning, for tests: entries at which an amount rule's mix goes from sparse to
   * dense (see Arena). The result is the same whatever it is.
   */
  readonly denseAt?: number | undefined;
  /** Called every so many transfers with the number done. */
  readonly onProgress?: ((done: number, total: number) => void) | undefined;
}

export function runTrace(input: PreparedTrace, rule: Rule, options: RunOptions = {}): TraceResult {
  const t = input.transfers;
  const accountCount = t.accounts.size;
  const victimCount = input.victims.length;
  let engine: AmountTracer | PoisonTracer;
  switch (rule) {
    case 'poison':
      engine = new PoisonTracer(accountCount, victimCount, input.opening, options.flows);
      break;
    case 'fifo':
    case 'lifo':
    case 'pro_rata':
    case 'clean_first':
    case 'dirty_first':
      engine = new AmountTracer(
        rule,
        accountCount,
        victimCount,
        input.opening,
        options.flows,
        options.denseAt,
      );
      break;
    default:
      return assertNever(rule);
  }
  const considered = drive(engine, input, options);
  const names = {
    account: (i: number) => t.accounts.string(i),
    facts: (i: number) => input.facts.get(i),
    victims: input.victims,
    currency: t.currency,
    asOf: options.asOf,
    transfers: considered,
  };
  return engine instanceof PoisonTracer
    ? summarizePoison(engine, names)
    : summarizeAmounts(engine, names);
}

const PROGRESS_EVERY = 1 << 20;

function drive(engine: TraceEngine, input: PreparedTrace, options: RunOptions): number {
  const { ts, from, to, amount, count } = input.transfers;
  const victimOf = input.victimOf;
  const asOf = options.asOf ?? Infinity;
  const order = input.transfers.sorted ? undefined : timeOrder(ts);
  let considered = 0;
  for (let k = 0; k < count; k++) {
    const i = order === undefined ? k : order[k]!;
    if (ts[i]! > asOf) {
      if (order === undefined) break;
      continue;
    }
    engine.apply(i, from[i]!, to[i]!, amount[i]!, victimOf[i]!);
    considered++;
    if ((k & (PROGRESS_EVERY - 1)) === 0) options.onProgress?.(k, count);
  }
  return considered;
}

/** Indices of `ts` in (time, index) order. */
export function timeOrder(ts: Float64Array): Uint32Array {
  const n = ts.length;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = ts[i]!;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  const indexBits = Math.max(1, Math.ceil(Math.log2(n + 1)));
  if (n > 0 && max - min < 2 ** (64 - indexBits)) {
    // One native sort of 64-bit keys (time, index): stable by construction and fast.
    const keys = new BigUint64Array(n);
    const shift = BigInt(indexBits);
    for (let i = 0; i < n; i++) keys[i] = (BigInt(ts[i]! - min) << shift) | BigInt(i);
    keys.sort();
    const mask = (1n << shift) - 1n;
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = Number(keys[i]! & mask);
    return order;
  }
  const order = Uint32Array.from({ length: n }, (_, i) => i);
  return order.sort((a, b) => ts[a]! - ts[b]! || a - b);
}
