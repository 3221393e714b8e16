import { describe, expect, it } from 'vitest';
import { exactAmount, grouped, percent } from './numbers.js';

describe('numbers for people', () => {
  it('groups thousands', () => {
    expect(grouped(123456789, 2)).toBe('1,234,567.89');
    expect(grouped(100, 2)).toBe('1.00');
    expect(grouped(1234567, 0)).toBe('1,234,567');
    expect(grouped(-123456, 2)).toBe('-1,234.56');
  });
  it('shows exact quotients with a few more decimals', () => {
    expect(exactAmount(600_000_000n, 130n, 2)).toBe('46,153.846153…');
    expect(exactAmount(600_000_000n, 130n, 2, 6)).toBe('46,153.84615384…');
    expect(exactAmount(1_000_000n * 3_000_000n, 6_500_000n, 2)).toBe('4,615.384615…');
    expect(exactAmount(2500n, 100n, 2)).toBe('0.25');
    expect(exactAmount(3n, 2n, 2)).toBe('0.015');
    expect(exactAmount(7n, 1n, 0)).toBe('7');
  });
  it('rounds percentages half up', () => {
    expect(percent(1, 3)).toBe('33.33%');
    expect(percent(2, 3)).toBe('66.67%');
    expect(percent(10, 10)).toBe('100.00%');
    expect(percent(1, 0)).toBe('-');
  });
});
