// A poison result's victim lists as accounts.csv, freeze.csv and the JSON document write
// them. Each victim's text is made once per output; a list is then one join of those texts,
// not a quoting pass over a string of thousands of ids.
import type { VictimIndexSet } from './model.js';

export class VictimListText {
  /** Each id as it appears inside a quoted CSV field (`"` doubled). */
  private readonly csv: string[];
  /** 1 where the id makes a CSV field need quotes (csvField's rule). */
  private readonly quotes: Uint8Array;
  /** Each id as a JSON string. */
  private readonly json: string[];
  private readonly members: Int32Array;
  private readonly parts: string[] = [];

  constructor(names: readonly string[]) {
    this.csv = names.map((n) => n.replace(/"/g, '""'));
    this.quotes = Uint8Array.from(names, (n) => (/[",\r\n]/.test(n) ? 1 : 0));
    this.json = names.map((n) => JSON.stringify(n));
    this.members = new Int32Array(names.length);
  }

  /** `csvField(ids.join(';'))`: the `victims` field of accounts.csv and freeze.csv (poison). */
  csvField(set: VictimIndexSet): string {
    const n = set.fill(this.members);
    const m = this.members;
    const parts = this.parts;
    parts.length = n;
    let quote = 0;
    for (let i = 0; i < n; i++) {
      const v = m[i]!;
      parts[i] = this.csv[v]!;
      quote |= this.quotes[v]!;
    }
    const joined = parts.join(';');
    return quote === 0 ? joined : `"${joined}"`;
  }

  /** `JSON.stringify(ids)`. */
  jsonArray(set: VictimIndexSet): string {
    const n = set.fill(this.members);
    const m = this.members;
    const parts = this.parts;
    parts.length = n;
    for (let i = 0; i < n; i++) parts[i] = this.json[m[i]!]!;
    return `[${parts.join(',')}]`;
  }
}
