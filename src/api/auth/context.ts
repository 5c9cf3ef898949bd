/** Who may use the self-service routes, and the context every writer is called with. */
import type { FastifyRequest } from 'fastify';
import type { Clock } from '../../lib/clock.js';
import { TocsinError } from '../../lib/errors.js';
import type { ChangeContext } from '../../services/users.js';
import { requireAccess, type Actor } from './access.js';

export function changeContext(actor: Actor, clock: Clock): ChangeContext {
  return { actor, now: clock.now() };
}

/**
 * Passwords, second factors and tokens are managed by the person, signed in: a stolen token must not
 * take over the account or mint more tokens. Viewers too: these change only their own access.
 */
export function requirePerson(request: FastifyRequest, what: string): Actor {
  const actor = requireAccess(request, 'read');
  if (actor.kind !== 'user') throw new TocsinError('forbidden', `an API token cannot ${what}; sign in with your password`);
  return actor;
}
