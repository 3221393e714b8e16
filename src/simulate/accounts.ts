// Every account of the simulated world in growable columns: kind, institution, holder, when it
// was opened, its id as bytes, and its running balance (from which the opening balance that
// makes every payment affordable is derived at the end).
import { writeBankCard } from './ids.js';

/** Account kinds of formats.md, by their index in this list. */
export const KINDS = [
  'bank',
  'cash',
  'crypto_exchange',
  'merchant',
  'foreign',
  'third_party_payment',
] as const;
export type Kind = (typeof KINDS)[number];
export const K_BANK = 0;
export const K_CASH = 1;
export const K_CRYPTO = 2;
export const K_MERCHANT = 3;
export const K_FOREIGN = 4;
export const K_WALLET = 5;

/** Holder encoding: >= 0 a person, -1 nobody (an exit), <= -2 business `-holder - 2`. */
export const NO_HOLDER = -1;
export const businessHolder = (b: number): number => -b - 2;

export class AccountTable {
  count = 0;
  kind = new Uint8Array(1024);
  institution = new Uint16Array(1024);
  holder = new Int32Array(1024);
  /** Epoch seconds. */
  opened = new Float64Array(1024);
  /**
   * Per account, side by side (one cache line per payment): [2j] the running balance in
   * minor units, relative to the opening balance (unknown until the end); [2j + 1] the
   * lowest it has been, which the opening balance must cover.
   */
  ledger = new Float64Array(2048);
  /** Every account id, back to back (Latin-1); account j's ends at idEnd[j]. */
  idBytes = Buffer.alloc(1 << 16);
  idEnd = new Int32Array(1024);
  /** Institution names, indexed by the `institution` column. */
  readonly institutions: string[] = [];
  private readonly institutionIndex = new Map<string, number>();

  /** Index of an institution name (registered on first use). */
  institutionOf(name: string): number {
    let i = this.institutionIndex.get(name);
    if (i === undefined) {
      i = this.institutions.length;
      this.institutions.push(name);
      this.institutionIndex.set(name, i);
    }
    return i;
  }

  add(kind: number, institution: number, holder: number, opened: number, id: string): number {
    return this.addWith(kind, institution, holder, opened, id.length, (bytes, at) => {
      for (let i = 0; i < id.length; i++) bytes[at + i] = id.charCodeAt(i);
      return at + id.length;
    });
  }

  /**
   * Adds a bank card account at BANKS[bank] (its institution index too, as banks are
   * registered first); its number is cardNumber(bin, its index).
   */
  addCard(bank: number, holder: number, opened: number): number {
    const j = this.count;
    return this.addWith(K_BANK, bank, holder, opened, 19, (bytes, at) =>
      writeBankCard(bytes, at, bank, j),
    );
  }

  /** Adds an account whose id (at most `maxLength` bytes) `writeId` puts into the id table. */
  addWith(
    kind: number,
    institution: number,
    holder: number,
    opened: number,
    maxLength: number,
    writeId: (bytes: Buffer, at: number) => number,
  ): number {
    const j = this.count;
    if (j === this.kind.length) this.grow();
    const start = j === 0 ? 0 : this.idEnd[j - 1]!;
    if (start + maxLength > this.idBytes.length) {
      const bigger = Buffer.alloc(this.idBytes.length * 2 + maxLength);
      this.idBytes.copy(bigger, 0, 0, start);
      this.idBytes = bigger;
    }
    this.idEnd[j] = writeId(this.idBytes, start);
    this.kind[j] = kind;
    this.institution[j] = institution;
    this.holder[j] = holder;
    this.opened[j] = opened;
    this.count = j + 1;
    return j;
  }

  private grow(): void {
    const n = this.kind.length * 2;
    const grow = <T extends Uint8Array | Uint16Array | Int32Array | Float64Array>(a: T, b: T) => {
      b.set(a);
      return b;
    };
    this.kind = grow(this.kind, new Uint8Array(n));
    this.institution = grow(this.institution, new Uint16Array(n));
    this.holder = grow(this.holder, new Int32Array(n));
    this.opened = grow(this.opened, new Float64Array(n));
    this.ledger = grow(this.ledger, new Float64Array(2 * n));
    this.idEnd = grow(this.idEnd, new Int32Array(n));
  }

  id(j: number): string {
    return this.idBytes.toString('latin1', this.idStart(j), this.idEnd[j]!);
  }

  /** Where account `j`'s id starts in idBytes. */
  idStart(j: number): number {
    return j === 0 ? 0 : this.idEnd[j - 1]!;
  }

  /** Moves `amount` in time order, remembering how low the payer went. */
  apply(from: number, to: number, amount: number): void {
    const l = this.ledger;
    const b = l[2 * from]! - amount;
    l[2 * from] = b;
    if (b < l[2 * from + 1]!) l[2 * from + 1] = b;
    l[2 * to] = l[2 * to]! + amount;
  }

  /** The lowest running balance account `j` reached (0 or less). */
  lowest(j: number): number {
    return this.ledger[2 * j + 1]!;
  }
}
