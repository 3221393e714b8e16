import { describe, expect, it } from 'vitest';
import { mayAct, ORDER_ACTIONS, type Permission, type Principal } from './index.js';

const scope = { authority: 'police-1', institution: 'bank-a' };
const ALL: readonly Permission[] = ['issue', 'read', ...ORDER_ACTIONS];
const allowed = (p: Principal): Permission[] => ALL.filter((x) => mayAct(p, x, scope).allowed);

describe('mayAct', () => {
  it('an authority issues, renews, releases and reads its own cases only', () => {
    expect(allowed({ role: 'authority', authority: 'police-1' })).toEqual([
      'issue',
      'read',
      'renew',
      'release',
    ]);
    expect(allowed({ role: 'authority', authority: 'police-2' })).toEqual([]);
    expect(allowed({ role: 'authority' })).toEqual([]);
  });
  it('an institution handles the orders addressed to it only', () => {
    expect(allowed({ role: 'institution', institution: 'bank-a' })).toEqual([
      'read',
      'acknowledge',
      'execute',
      'reject',
      'return',
    ]);
    expect(allowed({ role: 'institution', institution: 'bank-b' })).toEqual([]);
    expect(allowed({ role: 'institution', institution: '' })).toEqual([]);
  });
  it('an auditor reads everything and changes nothing; an admin has no access to orders', () => {
    expect(allowed({ role: 'auditor' })).toEqual(['read']);
    expect(allowed({ role: 'admin' })).toEqual([]);
    const denied = mayAct({ role: 'auditor' }, 'execute', scope);
    expect(denied.allowed ? 0 : denied.error.httpStatus).toBe(403);
    expect(denied.allowed ? '' : denied.error.code).toBe('CB_E_ORDER_FORBIDDEN');
  });
});
