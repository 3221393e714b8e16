// tracing.md's worked example and its two tables, once: the tracer and the reference
// implementation are both held to them. Amounts in fen; holdings in yuan, as the tables.
import type { AmountRule } from '../rules.js';
import type { T } from './build.js';

/** One yuan in fen. */
export const Y = 100;

/** Victim A pays 1000 to M1, then victim B pays 500 to M1, then M1 pays 1200 to M2. */
export const EXAMPLE_TRANSFERS: readonly T[] = [
  { id: 'T1', ts: 1, from: 'VA', to: 'M1', amount: 1000 * Y },
  { id: 'T2', ts: 2, from: 'VB', to: 'M1', amount: 500 * Y },
  { id: 'T3', ts: 3, from: 'M1', to: 'M2', amount: 1200 * Y },
];

export const EXAMPLE_LOSSES: readonly [string, string][] = [
  ['T1', 'A'],
  ['T2', 'B'],
];

/** "If M1 also had an opening balance of 500 (clean)". */
export const EXAMPLE_OPENING: Readonly<Record<string, number>> = { M1: 500 * Y };

/** Money per account and component (victim, or `clean`), in yuan. */
export type Holdings = Record<string, Record<string, number>>;

/** The first table: no opening balance. */
export const EXAMPLE_HOLDINGS: Readonly<Record<AmountRule, Holdings>> = {
  fifo: { M1: { B: 300 }, M2: { A: 1000, B: 200 } },
  lifo: { M1: { A: 300 }, M2: { A: 700, B: 500 } },
  pro_rata: { M1: { A: 200, B: 100 }, M2: { A: 800, B: 400 } },
  clean_first: { M1: { A: 200, B: 100 }, M2: { A: 800, B: 400 } },
  dirty_first: { M1: { A: 200, B: 100 }, M2: { A: 800, B: 400 } },
};

/** The second table: M1 opens with 500 clean. */
export const EXAMPLE_HOLDINGS_OPENING: Readonly<Record<AmountRule, Holdings>> = {
  fifo: { M1: { A: 300, B: 500 }, M2: { clean: 500, A: 700 } },
  lifo: { M1: { A: 300, clean: 500 }, M2: { A: 700, B: 500 } },
  pro_rata: { M1: { A: 400, B: 200, clean: 200 }, M2: { A: 600, B: 300, clean: 300 } },
  clean_first: { M1: { A: 533.33, B: 266.67 }, M2: { clean: 500, A: 466.67, B: 233.33 } },
  dirty_first: { M1: { A: 200, B: 100, clean: 500 }, M2: { A: 800, B: 400 } },
};

/**
 * clean_first, "later clean deposits never restore a victim's claim": A's 1000 in M falls to
 * 100 when M pays 900, and stays 100 (1 yuan) after a clean 5000 comes in and 5000 goes out.
 */
export const CLEAN_DEPOSIT_TRANSFERS: readonly T[] = [
  { id: 'L', ts: 1, from: 'VA', to: 'M', amount: 1000 },
  { id: 'X', ts: 2, from: 'M', to: 'C', amount: 900 },
  { id: 'D', ts: 3, from: 'S', to: 'M', amount: 5000 },
  { id: 'Y', ts: 4, from: 'M', to: 'E', amount: 5000 },
];
export const CLEAN_DEPOSIT_LOSSES: readonly [string, string][] = [['L', 'A']];
