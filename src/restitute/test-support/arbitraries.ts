// fast-check generators for claims: tiny amounts (many tied remainders), realistic ones,
// and huge ones that push the arithmetic past 2^53 and onto the BigInt path.
import fc from 'fast-check';
import type { Claim, FrozenAccount } from '../model.js';

const tiny = fc.integer({ min: 1, max: 6 });
export const amount = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 20 }) },
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 10_000_000 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 2 ** 47 }) },
);

const claimsOf = (money: fc.Arbitrary<number>, maxLength: number): fc.Arbitrary<Claim[]> =>
  fc.uniqueArray(
    fc.record({
      victim: fc.string({ minLength: 1, maxLength: 3 }),
      loss: money,
      recovered: fc.oneof(fc.constant(0), money),
    }),
    { selector: (c) => c.victim, minLength: 1, maxLength },
  );

export const claims = (maxLength = 12): fc.Arbitrary<Claim[]> =>
  fc.oneof(claimsOf(tiny, maxLength), claimsOf(amount, maxLength));

export const pool = (cs: readonly Claim[]): fc.Arbitrary<number> => {
  const total = cs.reduce((a, c) => a + c.loss, 0);
  return fc.oneof(
    fc.constant(0),
    fc.integer({ min: 0, max: Math.min(total, 40) }),
    fc.integer({ min: 0, max: Math.min(total * 2, Number.MAX_SAFE_INTEGER / 4) }),
  );
};

/** Frozen accounts over `cs`: traced to some of its victims (or missing from the trace), frozen more or less than traced. */
export const frozenAccounts = (cs: readonly Claim[]): fc.Arbitrary<FrozenAccount[]> =>
  fc.uniqueArray(
    fc.record({
      account: fc.string({ minLength: 1, maxLength: 3 }),
      frozen: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 30 }), amount),
      traced: fc.option(
        fc.uniqueArray(
          fc.record({
            victim: fc.constantFrom(...cs.map((c) => c.victim)),
            amount: fc.oneof(fc.integer({ min: 1, max: 30 }), amount),
          }),
          { selector: (t) => t.victim, maxLength: 6 },
        ),
        { nil: undefined, freq: 5 },
      ),
    }),
    { selector: (a) => a.account, maxLength: 6 },
  );
