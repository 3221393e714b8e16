import { closeSync, existsSync, openSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ClawbackError } from '../errors/index.js';
import { SyncWriter } from './output.js';

describe('SyncWriter', () => {
  it.skipIf(!existsSync('/dev/full'))('reports a full disk as CB_E_OUTPUT naming the file', () => {
    const fd = openSync('/dev/full', 'w');
    try {
      const w = new SyncWriter(fd, 'out/accounts.csv');
      let thrown: unknown;
      try {
        w.writeNow(Buffer.from('account\n'));
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(ClawbackError);
      expect((thrown as ClawbackError).code).toBe('CB_E_OUTPUT');
      expect((thrown as Error).message).toBe(
        'cannot write out/accounts.csv: no space left on device',
      );
    } finally {
      closeSync(fd);
    }
  });
});
