// Who is asking, as the case queries need it: visibility is enforced in SQL, by role.
import type { Principal } from '../auth/index.js';

export type { Role } from '../auth/index.js';

/** The caller as case queries need it: an authenticated token's role and organisation. */
export type Viewer = Pick<Principal, 'tokenId' | 'role' | 'institution' | 'unit'>;

export interface CaseRecord {
  readonly id: string;
  readonly title: string;
  readonly unit: string;
  readonly createdAt: string;
}

/**
 * SQL condition (with its parameter) limiting cases to those `viewer` may see: an authority
 * its unit's, an auditor all; institutions and admins none (they reach orders, not cases).
 */
export function caseScope(viewer: Viewer, column = 'unit'): { sql: string; param: string | null } {
  switch (viewer.role) {
    case 'auditor':
      return { sql: 'TRUE', param: null };
    case 'authority':
      return { sql: `${column} = $SCOPE`, param: viewer.unit ?? '\u0000' };
    case 'institution':
    case 'admin':
      return { sql: 'FALSE', param: null };
  }
}
