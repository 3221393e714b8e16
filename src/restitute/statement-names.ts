// File names for statements, one per victim: victim ids are free text (slashes, dots,
// spaces, any script), file systems are not.

import { createHash } from 'node:crypto';

/**
 * File names from victim ids: the id itself when it is a safe name, else a cleaned form
 * plus a hash of the id, unique even on case-insensitive file systems.
 */
export class StatementNames {
  private readonly used = new Set<string>();

  /** The base name (without extension) for `victim`'s files; never the same twice, ignoring case. */
  for(victim: string): string {
    const clean = victim
      .replace(/[^A-Za-z0-9._-]/g, '_')
      .replace(/^[.]/, '_')
      .slice(0, 80);
    let name = clean;
    if (clean !== victim || this.used.has(clean.toLowerCase()) || clean.toLowerCase() === 'index') {
      name = `${clean}-${createHash('sha256').update(victim).digest('hex').slice(0, 10)}`;
    }
    for (let k = 2; this.used.has(name.toLowerCase()); k++) name = `${clean}-${k}`;
    this.used.add(name.toLowerCase());
    return name;
  }
}
