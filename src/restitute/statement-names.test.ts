import { describe, expect, it } from 'vitest';
import { StatementNames } from './statement-names.js';

describe('statement file names', () => {
  it('keep safe ids, clean the others, and never repeat, ignoring case', () => {
    const names = new StatementNames();
    expect(names.for('WANG-Fang')).toBe('WANG-Fang');
    expect(names.for('wang-fang')).toMatch(/^wang-fang-[0-9a-f]{10}$/);
    expect(names.for('../etc/passwd')).toMatch(/^_._etc_passwd-[0-9a-f]{10}$/);
    expect(names.for('王芳')).toMatch(/^__-[0-9a-f]{10}$/);
    expect(names.for('index')).toMatch(/^index-[0-9a-f]{10}$/);
    expect(names.for('.hidden')).toMatch(/^_hidden-/);
    const seen = new Set<string>();
    for (const v of ['a', 'A', 'a_', 'a?', 'a*', 'x'.repeat(300), `${'x'.repeat(300)}y`]) {
      const n = names.for(v).toLowerCase();
      expect(seen.has(n)).toBe(false);
      expect(n.length).toBeLessThanOrEqual(100);
      seen.add(n);
    }
  });
});
