// Statements rendered for print: plain text on 80 columns, and a standalone HTML page.

import type { Row, Statement } from './statement.js';

const WIDTH = 78;

export function statementText(s: Statement): string {
  const out: string[] = ['RESTITUTION STATEMENT', '='.repeat(21), ''];
  out.push(...rows(s.facts, false));
  for (const sec of s.sections) {
    out.push('', sec.heading, '-'.repeat(Math.min(sec.heading.length, WIDTH)));
    const blocks: string[][] = [];
    if (sec.rows !== undefined) blocks.push(rows(sec.rows, true));
    if (sec.table !== undefined) blocks.push(table(sec.table.head, sec.table.rows));
    for (const p of sec.text ?? []) blocks.push(wrap(p));
    out.push(...blocks.flatMap((b, k) => (k === 0 ? b : ['', ...b])));
  }
  out.push('', '='.repeat(WIDTH), ...rows([s.total], false), '');
  return out.join('\n');
}

/** Label and value columns; values right-aligned (amounts) or left-aligned (facts). */
function rows(rs: readonly Row[], alignRight: boolean): string[] {
  let lw = 0;
  let vw = 0;
  for (const [l, v] of rs) {
    lw = Math.max(lw, l.length);
    vw = Math.max(vw, v.length);
  }
  return rs.map(([l, v]) => `  ${l.padEnd(lw)}  ${alignRight ? v.padStart(vw) : v}`.trimEnd());
}

function table(head: readonly string[], body: readonly (readonly string[])[]): string[] {
  const all = [head, ...body];
  const w = head.map((_, c) => Math.max(...all.map((r) => (r[c] ?? '').length)));
  const line = (r: readonly string[]) =>
    `  ${r.map((v, c) => (c === 0 ? v.padEnd(w[c]!) : v.padStart(w[c]!))).join('  ')}`.trimEnd();
  return [line(head), ...body.map(line)];
}

/** Greedy word wrap to WIDTH with a two-space indent, keeping explicit line breaks. */
function wrap(text: string): string[] {
  return text.split('\n').flatMap(wrapLine);
}

function wrapLine(text: string): string[] {
  const lines: string[] = [];
  let cur = '';
  for (const word of text.split(/\s+/)) {
    if (cur !== '' && cur.length + 1 + word.length > WIDTH - 2) {
      lines.push(`  ${cur}`);
      cur = word;
    } else cur = cur === '' ? word : `${cur} ${word}`;
  }
  if (cur !== '') lines.push(`  ${cur}`);
  return lines;
}

const escapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => escapes[ch] ?? ch);

export function statementHtml(s: Statement): string {
  const body: string[] = [`<h1>Restitution statement</h1>`, rowsHtml(s.facts, 'facts')];
  for (const sec of s.sections) {
    body.push(`<h2>${esc(sec.heading)}</h2>`);
    if (sec.rows !== undefined) body.push(rowsHtml(sec.rows, 'rows'));
    if (sec.table !== undefined) {
      const head = sec.table.head.map((h) => `<th>${esc(h)}</th>`).join('');
      const rs = sec.table.rows.map(
        (r) =>
          `<tr>${r.map((v, c) => (c === 0 ? `<td>${esc(v)}</td>` : `<td class="n">${esc(v)}</td>`)).join('')}</tr>`,
      );
      body.push(
        `<table class="grid"><thead><tr>${head}</tr></thead><tbody>${rs.join('')}</tbody></table>`,
      );
    }
    for (const p of sec.text ?? []) body.push(`<p>${esc(p).replaceAll('\n', '<br>')}</p>`);
  }
  body.push(`<p class="total">${esc(s.total[0])}: <strong>${esc(s.total[1])}</strong></p>`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Restitution statement: ${esc(s.victim)}</title>
<style>
body { font: 11pt/1.45 system-ui, sans-serif; max-width: 44em; margin: 2em auto; color: #111; }
h1 { font-size: 1.5em; border-bottom: 2px solid #111; }
h2 { font-size: 1.1em; margin-top: 1.6em; }
table { border-collapse: collapse; }
td, th { padding: 0.15em 0.8em 0.15em 0; text-align: left; vertical-align: top; }
td.n, .grid th + th { text-align: right; font-variant-numeric: tabular-nums; }
.facts td.n { text-align: left; }
.grid th { border-bottom: 1px solid #999; }
.total { font-size: 1.2em; margin-top: 1.6em; border-top: 2px solid #111; padding-top: 0.5em; }
@media print { body { margin: 0; } }
</style>
</head>
<body>
${body.join('\n')}
</body>
</html>
`;
}

function rowsHtml(rs: readonly Row[], cls: string): string {
  return `<table class="${cls}">${rs.map(([l, v]) => `<tr><td>${esc(l)}</td><td class="n">${esc(v)}</td></tr>`).join('')}</table>`;
}
