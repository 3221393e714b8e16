// The README's example case as API records: transfers, accounts (without the note column)
// and losses, read from examples/ with the project's own CSV reader.
import { readFileSync } from 'node:fs';

function rows(path: string): Record<string, string>[] {
  const [head, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const cols = (head ?? '').split(',');
  // The example files have no quoted fields; a comma inside a note would break this.
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i] ?? '', v])));
}

export function exampleTransfers(): Record<string, string>[] {
  return rows('examples/transfers.csv');
}

export function exampleAccounts(): Record<string, string>[] {
  return rows('examples/accounts.csv').map((r) => {
    const out: Record<string, string> = { account: r.account ?? '', kind: r.kind ?? 'bank' };
    if (r.opening_balance) out.opening_balance = r.opening_balance;
    if (r.institution) out.institution = r.institution;
    return out;
  });
}

export function exampleLosses(): Record<string, string>[] {
  return rows('examples/losses.csv');
}
