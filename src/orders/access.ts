// Who may do what to an order (orders.md "Who may do what"), as a pure decision.
import { ClawbackError } from '../errors/index.js';
import type { OrderAction } from './model.js';

export type Role = 'authority' | 'institution' | 'auditor' | 'admin';

/** An authenticated caller: an authority names its unit, an institution names itself. */
export interface Principal {
  readonly role: Role;
  readonly authority?: string;
  readonly institution?: string;
}

/** Issuing, reading, or one of the actions on an order. */
export type Permission = 'issue' | 'read' | OrderAction;

/** Whose order it is: the case's authority and the institution addressed (an Order fits). */
export interface OrderScope {
  readonly authority: string;
  readonly institution: string;
}

export type Permit =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly error: ClawbackError };

const AUTHORITY_MAY: ReadonlySet<Permission> = new Set(['issue', 'read', 'renew', 'release']);
const INSTITUTION_MAY: ReadonlySet<Permission> = new Set([
  'read',
  'acknowledge',
  'execute',
  'reject',
  'return',
]);

/**
 * Whether `principal` may do `permission` on an order of `scope`:
 * an authority issues, renews, releases and reads orders of its own cases; an institution
 * reads, acknowledges, executes, rejects and returns orders addressed to it; an auditor reads
 * everything and changes nothing; an admin manages tokens and has no access to orders.
 * Example: mayAct({ role: 'institution', institution: 'bank-a' }, 'execute', order)
 */
export function mayAct(principal: Principal, permission: Permission, scope: OrderScope): Permit {
  const deny = (detail: string): Permit => ({
    allowed: false,
    error: new ClawbackError('CB_E_ORDER_FORBIDDEN', { detail }),
  });
  switch (principal.role) {
    case 'auditor':
      return permission === 'read'
        ? { allowed: true }
        : deny('an auditor reads, and changes nothing');
    case 'admin':
      return deny('an admin manages access tokens and has no access to orders');
    case 'authority':
      if (!AUTHORITY_MAY.has(permission)) {
        return deny(`only the institution addressed may ${permission} an order`);
      }
      if (!principal.authority || principal.authority !== scope.authority) {
        return deny(`the case belongs to another authority`);
      }
      return { allowed: true };
    case 'institution':
      if (!INSTITUTION_MAY.has(permission)) {
        return deny(`only the authority of the case may ${permission} an order`);
      }
      if (!principal.institution || principal.institution !== scope.institution) {
        return deny(`the order is addressed to another institution`);
      }
      return { allowed: true };
  }
}
