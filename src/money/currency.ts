// ISO 4217 currencies and their minor digits, from the `currency-codes` package (the
// published ISO list), turned once into a frozen lookup.
import codes from 'currency-codes';

export interface Currency {
  readonly code: string;
  readonly digits: number;
}

const TABLE: ReadonlyMap<string, Currency> = new Map(
  codes.data.map((c) => [c.code, Object.freeze({ code: c.code, digits: c.digits })]),
);

/** The currency for an ISO 4217 code (`CNY` → 2 digits, `JPY` → 0, `BHD` → 3), or undefined. */
export function currencyOf(code: string): Currency | undefined {
  return TABLE.get(code);
}

/** Like currencyOf, for codes the program itself names (throws on a typo). */
export function knownCurrency(code: string): Currency {
  const c = TABLE.get(code);
  if (c === undefined) throw new Error(`unknown currency ${code}`);
  return c;
}
