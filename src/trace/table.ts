// The human report of a trace for an 80-column terminal: per victim what was lost, what is
// still held and what left the banking system; then the accounts to freeze, by hop.
import { formatMinor } from '../money/index.js';
import { formatTimestamp } from '../time/index.js';
import type { TraceResult } from './model.js';
import { freezeRows } from './report.js';
import { DOCTRINE } from './rules.js';

const WIDTH = 80;

/** `rows` caps each section (0 = no cap); the rest is summarised in one line. */
export function traceTable(r: TraceResult, rows = 40): string {
  const d = r.currency.digits;
  const money = (x: number) => group(formatMinor(x, d));
  const lines: string[] = [];
  lines.push(...wrap(`Rule ${r.rule}: ${DOCTRINE[r.rule]}.`, WIDTH));
  const asOf = r.asOf === undefined ? '' : `, as of ${formatTimestamp(r.asOf)}`;
  lines.push(
    `${r.currency.code} · ${r.transfers.toLocaleString('en-US')} transfers${asOf} · ${r.victims.length} victims · ${r.accounts.length} accounts reached`,
  );
  lines.push('');
  const cap = (n: number) => (rows > 0 ? Math.min(n, rows) : n);

  if (r.rule === 'poison') {
    lines.push(
      `${'VICTIM'.padEnd(20)} ${'LOSS'.padStart(16)} ${'ACCOUNTS'.padStart(9)}  EXITS REACHED`,
    );
    for (const v of r.victims.slice(0, cap(r.victims.length))) {
      lines.push(
        `${cell(v.victim, 20)} ${money(v.loss).padStart(16)} ${String(v.accounts).padStart(9)}  ${cell(v.exits.join(', ') || '-', 31)}`.trimEnd(),
      );
    }
    more(lines, r.victims.length, rows, 'victims');
  } else {
    lines.push(
      `${'VICTIM'.padEnd(16)} ${'LOSS'.padStart(15)} ${'HELD'.padStart(15)}  EXITED (by kind)`,
    );
    let loss = 0;
    let held = 0;
    const exitedTotal = new Map<string, number>();
    for (const v of r.victims) {
      loss += v.loss;
      held += v.held;
      for (const [k, x] of v.exited) exitedTotal.set(k, (exitedTotal.get(k) ?? 0) + x);
    }
    for (const v of r.victims.slice(0, cap(r.victims.length))) {
      const ex = [...v.exited].map(([k, x]) => `${k} ${money(x)}`).join(', ') || '-';
      const exLines = wrap(ex, WIDTH - 50);
      lines.push(
        `${cell(v.victim, 16)} ${money(v.loss).padStart(15)} ${money(v.held).padStart(15)}  ${exLines[0]}`,
      );
      for (const l of exLines.slice(1)) lines.push(`${''.padEnd(49)} ${l}`);
    }
    more(lines, r.victims.length, rows, 'victims');
    const ex =
      [...exitedTotal]
        .sort()
        .map(([k, x]) => `${k} ${money(x)}`)
        .join(', ') || '-';
    const exLines = wrap(ex, WIDTH - 50);
    lines.push(
      `${'ALL'.padEnd(16)} ${money(loss).padStart(15)} ${money(held).padStart(15)}  ${exLines[0]}`,
    );
    for (const l of exLines.slice(1)) lines.push(`${''.padEnd(49)} ${l}`);
  }

  const freeze = freezeRows(r);
  lines.push('');
  lines.push(
    r.rule === 'poison'
      ? `TO FREEZE: ${freeze.length} tainted bank accounts (whole balance), by hop`
      : `TO FREEZE: ${freeze.length} bank accounts holding victims' money, by hop`,
  );
  if (freeze.length > 0) {
    lines.push(
      `${'HOP'.padStart(3)} ${'ACCOUNT'.padEnd(20)} ${'INSTITUTION'.padEnd(12)} ${'AMOUNT'.padStart(15)}  ${r.rule === 'poison' ? 'VICTIMS' : 'VICTIMS (largest first)'}`,
    );
    let total = 0;
    for (const f of freeze) total += f.amount;
    for (const f of freeze.slice(0, cap(freeze.length))) {
      const top = f.firstVictim() ?? '-';
      const who = f.victimCount === 1 ? top : `${top} +${f.victimCount - 1}`;
      lines.push(
        `${String(f.hop).padStart(3)} ${cell(f.account, 20)} ${cell(f.institution ?? '-', 12)} ${money(f.amount).padStart(15)}  ${cell(who, 24)}`.trimEnd(),
      );
    }
    more(lines, freeze.length, rows, 'accounts');
    lines.push(
      `${''.padStart(3)} ${'TOTAL'.padEnd(20)} ${''.padEnd(12)} ${money(total).padStart(15)}`,
    );
  }
  if (r.rule !== 'poison') {
    const gaps = r.accounts.filter((a) => a.gap > 0);
    if (gaps.length > 0) {
      lines.push('');
      lines.push(
        ...wrap(
          `Note: ${gaps.length} account(s) paid out ${money(gaps.reduce((s, a) => s + a.gap, 0))} more than the data explains (a missing opening balance or transfer); see the gap column of accounts.csv.`,
          WIDTH,
        ),
      );
    }
    const absorbed = r.victims.reduce((s, v) => s + v.absorbed, 0);
    if (absorbed > 0) {
      lines.push(
        ...wrap(
          `Note: ${money(absorbed)} of victims' money sat in accounts that then paid another victim's loss; tracing counts it in that loss ("absorbed" in the JSON).`,
          WIDTH,
        ),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

function more(lines: string[], n: number, rows: number, what: string): void {
  if (rows > 0 && n > rows)
    lines.push(
      `… ${(n - rows).toLocaleString('en-US')} more ${what} (--rows 0 shows all; --format json or --out for files)`,
    );
}

/** 1234567.89 -> 1,234,567.89 */
export function group(decimal: string): string {
  const neg = decimal.startsWith('-');
  const body = neg ? decimal.slice(1) : decimal;
  const dot = body.indexOf('.');
  const int = dot < 0 ? body : body.slice(0, dot);
  const frac = dot < 0 ? '' : body.slice(dot);
  return `${neg ? '-' : ''}${int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${frac}`;
}

function cell(s: string, width: number): string {
  return s.length <= width ? s.padEnd(width) : `${s.slice(0, width - 1)}…`;
}

function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line === '') line = word;
    else if (line.length + 1 + word.length <= width) line += ` ${word}`;
    else {
      out.push(line);
      line = word;
    }
  }
  out.push(line);
  return out;
}
