import { describe, expect, it } from 'vitest';
import { AccountFactsTable } from './facts-table.js';

describe('AccountFactsTable', () => {
  it('reads back what was set, like a Map keyed by account index', () => {
    const t = new AccountFactsTable(5);
    t.set(3, { kind: 'cash', institution: 'ICBC', openingBalance: 120 });
    t.setFacts(1, 'bank', undefined, 0);
    t.setFacts(3, 'merchant', 'ICBC', 7);
    expect(t.size).toBe(2);
    expect(t.has(0)).toBe(false);
    expect(t.get(0)).toBeUndefined();
    expect(t.get(4)).toBeUndefined();
    expect(t.get(3)).toEqual({ kind: 'merchant', institution: 'ICBC', openingBalance: 7 });
    expect([...t]).toEqual([
      [1, { kind: 'bank', institution: undefined, openingBalance: 0 }],
      [3, { kind: 'merchant', institution: 'ICBC', openingBalance: 7 }],
    ]);
    expect([...t.keys()]).toEqual([1, 3]);
    expect(() => t.set(5, { kind: 'bank', institution: undefined, openingBalance: 0 })).toThrow(
      RangeError,
    );
  });
});
