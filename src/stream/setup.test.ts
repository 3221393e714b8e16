import { describe, expect, it } from 'vitest';
import { covers } from './setup.js';

describe('covers (NATS subject wildcards)', () => {
  it.each([
    ['a.b.>', 'a.b.c', true],
    ['a.b.>', 'a.b.c.d', true],
    ['a.b.>', 'a.b', false],
    ['a.*.c', 'a.x.c', true],
    ['a.*.c', 'a.x.d', false],
    ['a.b', 'a.b', true],
    ['a.b', 'a.b.c', false],
    ['a.b.c', 'a.b.>', false],
    ['>', 'a', true],
  ])('%s covers %s: %s', (pattern, subject, expected) => {
    expect(covers(pattern, subject)).toBe(expected);
  });
});
