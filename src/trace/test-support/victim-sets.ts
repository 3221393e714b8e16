// Checks of victim sets against plain Sets, for the poison tracer's tests.
import { expect } from 'vitest';
import { type VictimSet, VictimSpace } from '../victim-set.js';

const sorted = (s: Iterable<number> | undefined) =>
  s === undefined ? undefined : [...s].sort((a, b) => a - b);

/**
 * Checks a set's members (by `has`, iteration and `fill`), size and footprint (never more
 * than its sorted form could take). Plain comparisons: this runs after every step.
 */
export function expectSet(
  s: VictimSet | undefined,
  want: Set<number> | undefined,
  victimCount: number,
) {
  if (s === undefined || want === undefined) {
    expect(s === undefined && want === undefined).toBe(true);
    return;
  }
  const size = s.size; // before fill(), which counts too
  const members = sorted(want)!.join();
  const out = new Int32Array(victimCount);
  const filled = out.subarray(0, s.fill(out)).join();
  const iterated = [...s].join();
  if (filled !== members || iterated !== members || size !== want.size)
    expect({ filled, iterated, size }).toEqual({
      filled: members,
      iterated: members,
      size: want.size,
    });
  for (const v of want) if (!s.has(v)) expect(`${v} missing`).toBe('');
  expect(s.footprint <= new VictimSpace(victimCount).words).toBe(true);
  expect(s.footprint <= Math.max(2 * s.size, 4)).toBe(true);
}
