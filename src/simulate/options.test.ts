import { describe, expect, it } from 'vitest';
import { ClawbackError } from '../errors/index.js';
import { defaultOptions, OPTION_SPECS, parseOptions } from './options.js';

describe('options', () => {
  it('every default is valid and documented', () => {
    const o = defaultOptions();
    expect(o).toMatchObject({
      seed: '1',
      people: 10_000,
      days: 30,
      startDate: '2026-03-01',
      layers: 3,
    });
    expect(o.threshold).toBe(5_000_000);
    expect(o.start).toBe(Date.UTC(2026, 1, 28, 16) / 1000);
    expect(Object.isFrozen(o)).toBe(true);
    for (const s of OPTION_SPECS) expect(s.help.length).toBeGreaterThan(5);
  });

  it.each([
    [{ people: '-5' }, '--people "-5": expected a whole number from 10 to 10000000'],
    [{ people: '5' }, '--people "5": must be from 10 to 10000000'],
    [{ days: '0' }, '--days "0": must be from 1 to 366'],
    [{ days: '1.5' }, '--days "1.5": expected a whole number'],
    [{ payRate: '-0.1' }, '--pay-rate "-0.1": expected a number'],
    [{ timeScale: '0' }, '--time-scale "0": must be from 0.05 to 20'],
    [{ startDate: '2026-13-01' }, '--start "2026-13-01": expected a date YYYY-MM-DD'],
    [{ seed: '' }, '--seed "": expected digits'],
  ])('rejects %j', (raw, message) => {
    expect(() => parseOptions(raw)).toThrow(ClawbackError);
    expect(() => parseOptions(raw)).toThrow(message);
  });
});
