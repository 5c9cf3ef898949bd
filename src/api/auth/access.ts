import type { FastifyRequest } from 'fastify';
import { TocsinError } from '../../lib/errors.js';

export type Role = 'viewer' | 'editor' | 'admin';
export type Access = 'read' | 'write' | 'admin';

/** Who is making the request, set by the authentication hook (src/api/auth/). */
export interface Actor {
  kind: 'user' | 'token';
  /** User id, or token id. */
  id: string;
  /** Shown in the audit log: an email, or "token <name>". */
  label: string;
  role: Role;
  /** Tokens are scoped read or write; a session carries its user's role. */
  scope: 'read' | 'write';
  /** Cookie sessions need a CSRF token on writes; bearer tokens do not. */
  viaCookie: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    actor?: Actor;
  }
}

const ALLOWED: Record<Access, (actor: Actor) => boolean> = {
  read: () => true,
  write: (a) => a.scope === 'write' && (a.role === 'editor' || a.role === 'admin'),
  admin: (a) => a.scope === 'write' && a.role === 'admin',
};

/** The actor, if allowed `access`; otherwise 401 (nobody) or 403 (not enough). */
export function requireAccess(request: FastifyRequest, access: Access): Actor {
  const actor = request.actor;
  if (!actor) throw new TocsinError('unauthorized', 'sign in or send an API token (Authorization: Bearer …)');
  if (!ALLOWED[access](actor)) {
    const what = actor.kind === 'token' ? `this ${actor.scope} token` : `${actor.role === 'viewer' ? 'a' : 'an'} ${actor.role}`;
    throw new TocsinError('forbidden', `${what} cannot ${access === 'read' ? 'read this' : access === 'write' ? 'make changes' : 'administer tocsin'}`);
  }
  return actor;
}
