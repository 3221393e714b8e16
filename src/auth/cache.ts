// Every request authenticates, so token lookups are cached briefly in memory, per process.
// Only found tokens are cached (an unknown token is never remembered, so a new token works at
// once); a revocation made through this cache's process takes effect at once (forget), one
// made elsewhere (another server on the same PostgreSQL, the CLI) within `ttlMs`.
import type { Queryable } from '../store/index.js';
import { bearerToken, hashToken, type Principal, principalByHash } from './tokens.js';

export interface TokenCacheOptions {
  /** How long a found token is trusted without asking the database; default 10 s. */
  readonly ttlMs?: number;
  /** Most tokens remembered; the oldest go first; default 10,000. */
  readonly maxEntries?: number;
  /** The clock, for tests. */
  readonly now?: () => number;
}

export class TokenCache {
  private readonly entries = new Map<string, { principal: Principal; until: number }>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(
    private readonly db: Queryable,
    options: TokenCacheOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 10_000;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** As `authenticate`, answered from memory when the token was found less than ttlMs ago. */
  async authenticate(header: string | undefined): Promise<Principal | undefined> {
    const token = bearerToken(header);
    if (token === undefined) return undefined;
    const key = hashToken(token);
    const t = this.now();
    const hit = this.entries.get(key);
    if (hit !== undefined && hit.until > t) return hit.principal;
    this.entries.delete(key);
    const principal = await principalByHash(this.db, key);
    if (principal !== undefined) {
      if (this.entries.size >= this.maxEntries) {
        const oldest = this.entries.keys().next();
        if (!oldest.done) this.entries.delete(oldest.value);
      }
      this.entries.set(key, { principal, until: t + this.ttlMs });
    }
    return principal;
  }

  /** Drops a token (call after revoking it in this process). */
  forget(tokenId: string): void {
    for (const [key, e] of this.entries)
      if (e.principal.tokenId === tokenId) this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
