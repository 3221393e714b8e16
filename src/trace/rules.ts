// The tracing rules of tracing.md (normative) and their names on the command line.

export const RULES = ['fifo', 'lifo', 'pro_rata', 'clean_first', 'dirty_first', 'poison'] as const;
export type Rule = (typeof RULES)[number];
export type AmountRule = Exclude<Rule, 'poison'>;

export const DEFAULT_RULE: Rule = 'clean_first';

export function isRule(x: string): x is Rule {
  return (RULES as readonly string[]).includes(x);
}

/** The doctrine each rule stands for, for reports. */
export const DOCTRINE: Readonly<Record<Rule, string>> = Object.freeze({
  fifo: "Clayton's Case (Devaynes v Noble, 1816): oldest money leaves first",
  lifo: 'last in, first out: newest money leaves first',
  pro_rata: 'rolling charge (Barlow Clowes v Vaughan, 1992): a proportional share of everything',
  clean_first:
    'Re Hallett (1880) + lowest intermediate balance (Roscoe v Winder, 1915): clean money first',
  dirty_first: "claimant's upper bound: victims' money first",
  poison: 'any contact taints: every account reached is tainted by all victims upstream',
});
