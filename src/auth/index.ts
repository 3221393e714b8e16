// API tokens and who a request comes from: create (shown once, stored hashed), revoke,
// authenticate a bearer header, with a short per-process cache for the request path.
export { TokenCache, type TokenCacheOptions } from './cache.js';
export {
  authenticate,
  bearerToken,
  type ChangeContext,
  type CreatedToken,
  createToken,
  hashToken,
  isRole,
  type Principal,
  principalByHash,
  type Revocation,
  ROLES,
  type Role,
  resolveSpec,
  revokeToken,
  type TokenSpec,
} from './tokens.js';
