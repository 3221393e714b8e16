// The per-victim statement (restitution.md: "the victim has a right to see how their share
// was computed"): a small document model, filled per method, rendered as text or HTML.

import type { Currency } from '../money/index.js';
import type { ExactShare, Restitution, TracedFirstExplanation } from './model.js';
import { exactAmount, grouped, percent } from './numbers.js';

export type Row = readonly [label: string, value: string];

export interface Section {
  readonly heading: string;
  readonly rows?: readonly Row[];
  readonly table?: {
    readonly head: readonly string[];
    readonly rows: readonly (readonly string[])[];
  };
  readonly text?: readonly string[];
}

export interface Statement {
  readonly victim: string;
  readonly facts: readonly Row[];
  readonly sections: readonly Section[];
  readonly total: Row;
}

const METHOD_NAMES = {
  pro_rata: 'pro rata on net loss (pro_rata)',
  rising_tide: 'rising tide (rising_tide)',
  traced_first: 'traced first, then pro rata (traced_first)',
} as const;

const METHOD_TEXT = {
  pro_rata:
    'Every victim receives the same fraction of their net loss: what they lost less what they already got back.',
  rising_tide:
    'Every victim still in is brought to the same fraction of their loss, counting what they already got back. A victim who already got back at least that fraction receives nothing now, until the others have caught up.',
  traced_first:
    'Money that tracing shows is yours, in an account that was frozen, comes back to you first. Frozen money that tracing cannot attribute to anyone is shared among all victims in proportion to their net loss, without anybody receiving more than their net loss.',
} as const;

/** The statement of claims[i] under result r. */
export function statement(r: Restitution, i: number, currency: Currency): Statement {
  const d = currency.digits;
  const m = (x: number | bigint) => grouped(x, d);
  const c = r.claims[i]!;
  const e = r.explain(i);
  const unit = `${grouped(1, d)} ${currency.code}`;
  const facts: Row[] = [
    ['Victim', c.victim],
    ['Method', METHOD_NAMES[r.method]],
    ['Currency', currency.code],
  ];
  const claim: Section = {
    heading: 'Your claim',
    rows: [
      ['Loss', m(c.loss)],
      ['Already recovered', m(c.recovered)],
      ['Net loss', m(e.netLoss)],
    ],
    text:
      c.recovered > c.loss
        ? ['You already recovered more than you lost, so there is nothing to return to you.']
        : [],
  };
  const rounding = (share: ExactShare) =>
    `Payments are in whole units of ${unit}: every share is first rounded down (here ${m(share.floor)}), and the units left over go one by one to the largest fractions (ties: larger net loss first, then victim id). ${share.roundedUp ? `You received one of them: ${m(1)}.` : 'You did not receive one.'}`;
  const sections: Section[] = [{ heading: 'The method', text: [METHOD_TEXT[r.method]] }, claim];
  if (r.method === 'pro_rata' && e.method === 'pro_rata') {
    sections.push({
      heading: 'The pool',
      rows: [
        ['Money to distribute', m(r.pool)],
        [`Net loss of all ${r.claims.length} victims`, m(r.totalNetLoss)],
        [
          'Part of every net loss covered',
          percent(Math.min(r.pool, r.totalNetLoss), r.totalNetLoss),
        ],
      ],
    });
    const text =
      e.status === 'made_whole'
        ? ['The pool covers every net loss: you receive your whole net loss.']
        : e.share === undefined
          ? ['You have no net loss, so you receive nothing.']
          : [
              `Your share = money to distribute × your net loss ÷ net loss of all victims\n= ${m(r.pool)} × ${m(e.netLoss)} ÷ ${m(r.totalNetLoss)} = ${exactAmount(e.share.numerator, e.share.denominator, d)}`,
              rounding(e.share),
            ];
    sections.push({ heading: 'Your share', text });
  } else if (r.method === 'rising_tide' && e.method === 'rising_tide') {
    const { numerator: n, denominator: den } = r.level;
    const level = `${exactAmount(BigInt(n) * 10_000n, BigInt(den), 2)}%`;
    sections.push({
      heading: 'The pool',
      rows: [
        ['Money to distribute', m(r.pool)],
        ['Level reached by every victim still in', n >= den ? '100%' : n === 0 ? '0%' : level],
      ],
      text:
        n === 0
          ? [
              'Nobody is below the level: the pool is empty, or every victim already recovered their loss.',
            ]
          : n >= den
            ? []
            : [
                `Level = (money to distribute + what the victims still in already recovered) ÷ their losses\n= (${m(r.pool)} + ${m(n - r.pool)}) ÷ ${m(den)} = ${level}`,
              ],
    });
    const text =
      e.status === 'made_whole'
        ? ['The pool brings every victim to their full loss: you receive your whole net loss.']
        : e.status === 'above_level'
          ? [
              `You already recovered ${m(c.recovered)}, at least the level × your loss (${exactAmount(BigInt(n) * BigInt(c.loss), BigInt(den), d)}): you receive nothing now.`,
            ]
          : e.share === undefined
            ? ['You have no net loss, so you receive nothing.']
            : [
                `Your share = level × your loss − what you already recovered\n= ${level} × ${m(c.loss)} − ${m(c.recovered)} = ${exactAmount(e.share.numerator, e.share.denominator, d)}`,
                rounding(e.share),
              ];
    sections.push({ heading: 'Your share', text });
  } else if (r.method === 'traced_first' && e.method === 'traced_first') {
    sections.push(...tracedSections(r.pool, r.sharedRemainder, e, d, rounding));
  }
  const pct = e.netLoss > 0 ? ` (${percent(e.amount, e.netLoss)} of your net loss)` : '';
  return { victim: c.victim, facts, sections, total: ['You receive', `${m(e.amount)}${pct}`] };
}

function tracedSections(
  pool: number,
  remainder: number,
  e: TracedFirstExplanation,
  d: number,
  rounding: (s: ExactShare) => string,
): Section[] {
  const m = (x: number | bigint) => grouped(x, d);
  const text: string[] = [];
  for (const a of e.accounts) {
    if (a.frozen < a.accountTraced) {
      text.push(
        `${a.account} holds ${m(a.frozen)} of the ${m(a.accountTraced)} traced to it: every victim's part there is scaled to ${percent(a.frozen, a.accountTraced)}.`,
      );
    }
  }
  if (e.accounts.some((a) => a.returned < a.attributed)) {
    text.push(
      'Tracing finds more than your net loss; you receive your net loss (accounts taken in order of their id), and the rest joins the shared remainder.',
    );
  }
  const traced: Section = {
    heading: 'Money traced to you in frozen accounts',
    table: {
      head: ['account', 'traced to you', 'your part', 'returned'],
      rows: [
        ...e.accounts.map((a) => [a.account, m(a.traced), m(a.attributed), m(a.returned)]),
        ['total', '', '', m(e.traced)],
      ],
    },
    text:
      e.accounts.length === 0
        ? ['None of the frozen accounts holds money traced to you.', ...text]
        : text,
  };
  const s = e.shared;
  const shared: Section = {
    heading: 'Your part of the shared remainder',
    rows: [
      ['Frozen in all accounts', m(pool)],
      ['Not attributable by tracing (shared)', m(remainder)],
      ['Your net loss not covered by tracing', m(s.missing)],
    ],
    text:
      s.status === 'no_net_loss'
        ? ['You have no net loss, so you receive nothing from it.']
        : s.status === 'made_whole'
          ? [
              s.missing === 0
                ? 'Tracing already returns your whole net loss: nothing comes to you from the shared remainder.'
                : `The shared remainder covers what tracing left missing: you receive ${m(s.missing)}.`,
            ]
          : s.share === undefined
            ? []
            : [
                'A victim whose part would exceed what tracing left missing gets only that, and the rest is shared among the others.',
                `Your part = your net loss × what is left to share ÷ net loss of the victims sharing it\n= ${m(e.netLoss)} × ${m(s.rate.numerator)} ÷ ${m(s.rate.denominator)} = ${exactAmount(s.share.numerator, s.share.denominator, d)}`,
                rounding(s.share),
              ],
  };
  return [traced, shared];
}
