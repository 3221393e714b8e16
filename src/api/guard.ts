// Role checks at the door of a route. Visibility of single records is enforced in the
// queries (a record the caller may not see is "not found"); these refuse whole routes.
import type { FastifyRequest } from 'fastify';
import type { Role, Viewer } from '../cases/index.js';
import { ClawbackError } from '../errors/index.js';

export function viewerOf(request: FastifyRequest): Viewer {
  const v = request.viewer;
  if (v === undefined) throw new ClawbackError('CB_E_UNAUTHENTICATED');
  return v;
}

/** The caller, if its role is one of `roles`; else 403 naming what the route needs. */
export function requireRole(request: FastifyRequest, roles: readonly Role[], what: string): Viewer {
  const v = viewerOf(request);
  if (!roles.includes(v.role))
    throw new ClawbackError('CB_E_FORBIDDEN', {
      detail: `${what} needs the role ${roles.join(' or ')}; this token is ${v.role}`,
    });
  return v;
}
