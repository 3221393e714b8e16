// One line per victim saying how the amount came about (the JSON `explanation`); the
// statement says the same at length.

import { formatMinor } from '../money/index.js';
import type { Explanation, Restitution } from './model.js';
import { exactAmount, percent } from './numbers.js';

/** E.g. "10000.00 × 30000.00 / 65000.00 = 4615.3846…, rounded down to 4615.38, +0.01 (largest remainder)". */
export function explanationLine(
  r: Restitution,
  i: number,
  digits: number,
  e: Explanation = r.explain(i),
): string {
  const m = (x: number | bigint) => formatMinor(x, digits);
  const ex = (n: bigint, d: bigint) => exactAmount(n, d, digits).replaceAll(',', '');
  const c = r.claims[i]!;
  const round = (floor: number, up: boolean) =>
    `, rounded down to ${m(floor)}${up ? `, +${m(1)} (largest remainder)` : ' (largest remainder)'}`;
  if (c.recovered >= c.loss) return `no net loss: recovered ${m(c.recovered)} >= loss ${m(c.loss)}`;
  switch (e.method) {
    case 'pro_rata': {
      if (e.status === 'made_whole')
        return `the pool covers every net loss: net loss ${m(e.netLoss)}`;
      const s = e.share;
      if (s === undefined) return '';
      return `pool ${m(e.rate.numerator)} × net loss ${m(e.netLoss)} / total net loss ${m(e.rate.denominator)} = ${ex(s.numerator, s.denominator)}${round(s.floor, s.roundedUp)}`;
    }
    case 'rising_tide': {
      const { numerator: n, denominator: d } = e.level;
      const level = `level ${percent(n, d)} = (pool ${m(r.pool)} + recovered in ${m(n - r.pool)}) / losses in ${m(d)}`;
      if (e.status === 'made_whole')
        return `the pool brings everybody to their full loss: net loss ${m(e.netLoss)}`;
      if (e.status === 'above_level')
        return `recovered ${m(c.recovered)} >= level × loss: nothing now (${n === 0 ? 'level 0%' : level})`;
      const s = e.share;
      if (s === undefined) return '';
      return `${level}; level × loss ${m(c.loss)} − recovered ${m(c.recovered)} = ${ex(s.numerator, s.denominator)}${round(s.floor, s.roundedUp)}`;
    }
    case 'traced_first': {
      const parts = e.accounts
        .filter((a) => a.returned > 0)
        .map((a) => `${a.account} ${m(a.returned)}`);
      const traced = parts.length === 0 ? 'traced: none' : `traced: ${parts.join(', ')}`;
      const s = e.shared;
      const shared =
        s.status === 'made_whole'
          ? `shared: the rest of the net loss, ${m(s.missing)}`
          : s.share === undefined
            ? 'shared: none'
            : `shared: net loss ${m(e.netLoss)} × ${m(s.rate.numerator)} / ${m(s.rate.denominator)} = ${ex(s.share.numerator, s.share.denominator)}${round(s.share.floor, s.share.roundedUp)}`;
      return `${traced}; ${shared}`;
    }
  }
}
