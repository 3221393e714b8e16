// Account facts by account index, kept in typed columns instead of a Map of objects: the
// accounts file lists every account (100k+), while a trace reads the facts of the few
// thousand it reaches. A ReadonlyMap to its readers; objects are made on `get`.
import { ACCOUNT_KINDS, type AccountFacts, type AccountKind } from './model.js';

export class AccountFactsTable implements ReadonlyMap<number, AccountFacts> {
  /** 0: no facts; else 1 + the index of the kind in ACCOUNT_KINDS. */
  private readonly kinds: Uint8Array;
  /** Index into `names`, or -1 for no institution. */
  private readonly institutions: Int32Array;
  private readonly balances: Float64Array;
  private readonly names: string[] = [];
  private readonly nameIndex = new Map<string, number>();
  private count = 0;

  constructor(accountCount: number) {
    this.kinds = new Uint8Array(accountCount);
    this.institutions = new Int32Array(accountCount);
    this.balances = new Float64Array(accountCount);
  }

  get size(): number {
    return this.count;
  }

  has(account: number): boolean {
    return (this.kinds[account] ?? 0) !== 0;
  }

  get(account: number): AccountFacts | undefined {
    const k = this.kinds[account] ?? 0;
    if (k === 0) return undefined;
    const i = this.institutions[account]!;
    return {
      kind: ACCOUNT_KINDS[k - 1]!,
      institution: i < 0 ? undefined : this.names[i],
      openingBalance: this.balances[account]!,
    };
  }

  /** Sets the facts of an account index below the table's account count. */
  set(account: number, facts: AccountFacts): this {
    this.setFacts(account, facts.kind, facts.institution, facts.openingBalance);
    return this;
  }

  /** As set, without an object. */
  setFacts(
    account: number,
    kind: AccountKind,
    institution: string | undefined,
    openingBalance: number,
  ): void {
    if (account < 0 || account >= this.kinds.length) throw new RangeError(`account ${account}`);
    if (this.kinds[account] === 0) this.count++;
    this.kinds[account] = ACCOUNT_KINDS.indexOf(kind) + 1;
    this.institutions[account] = institution === undefined ? -1 : this.nameOf(institution);
    this.balances[account] = openingBalance;
  }

  private nameOf(name: string): number {
    let i = this.nameIndex.get(name);
    if (i === undefined) {
      i = this.names.length;
      this.names.push(name);
      this.nameIndex.set(name, i);
    }
    return i;
  }

  /** In account index order. */
  *entries(): MapIterator<[number, AccountFacts]> {
    for (let a = 0; a < this.kinds.length; a++) {
      const f = this.get(a);
      if (f !== undefined) yield [a, f];
    }
  }

  *keys(): MapIterator<number> {
    for (const [a] of this.entries()) yield a;
  }

  *values(): MapIterator<AccountFacts> {
    for (const [, f] of this.entries()) yield f;
  }

  [Symbol.iterator](): MapIterator<[number, AccountFacts]> {
    return this.entries();
  }

  forEach(
    fn: (value: AccountFacts, key: number, map: ReadonlyMap<number, AccountFacts>) => void,
    thisArg?: unknown,
  ): void {
    for (const [a, f] of this.entries()) fn.call(thisArg, f, a, this);
  }
}
