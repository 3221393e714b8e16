import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FlowLines, flowLine } from './index.js';

// Ids with every character CSV must quote, among plain ones.
const id = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9]{1,8}$/),
  fc.string({ unit: fc.constantFrom('a', '"', ',', '\n', '\r', ';', 'é', '😀'), maxLength: 6 }),
);

describe('FlowLines', () => {
  it('writes what flowLine writes, flow by flow', () => {
    fc.assert(
      fc.property(
        fc.array(id, { minLength: 1, maxLength: 5 }),
        fc.array(fc.record({ transfer: id, ts: fc.nat(4e12), from: id, to: id }), {
          minLength: 1,
          maxLength: 5,
        }),
        fc.array(
          fc.record({
            t: fc.nat(),
            v: fc.nat(),
            hop: fc.integer({ min: 1, max: 50 }),
            amount: fc.option(fc.integer({ min: -1e12, max: 1e12 }), { nil: undefined }),
          }),
          { maxLength: 30 },
        ),
        fc.constantFrom(0, 2, 3),
        (victims, transfers, flows, digits) => {
          const lines = new FlowLines(victims, digits, (t) => transfers[t]!);
          for (const f of flows) {
            const t = f.t % transfers.length;
            const v = f.v % victims.length;
            const want = flowLine(
              { ...transfers[t]!, victim: victims[v]!, hop: f.hop, amount: f.amount },
              digits,
            );
            expect(lines.line(t, v, f.hop, f.amount)).toBe(want);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
