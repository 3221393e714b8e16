// Who is asking, as the case queries need it: visibility is enforced in SQL, by role.
export type Role = 'authority' | 'institution' | 'auditor' | 'admin';

export interface Viewer {
  readonly tokenId: string;
  readonly role: Role;
  /** The police unit an authority token belongs to. */
  readonly unit?: string | undefined;
  /** The institution an institution token belongs to. */
  readonly institution?: string | undefined;
}

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
