/**
 * Who may point tocsin inside the network it sits in. A plain GET, a TCP connect, a certificate or
 * a DNS answer tells a person whether something is up; a SQL query, a Redis command, bytes sent
 * over TCP, an HTTP request with credentials or a body, or a JSON value shown back make tocsin a
 * client of internal services on the caller's behalf. Through the API those are for admins, and
 * for editors an admin granted `probe_internal` (a flag on the user, PATCH /api/v1/users/:id).
 * tocsin.yaml is not concerned: whoever writes it already runs tocsin.
 */
import type { Actor } from '../api/auth/access.js';
import { targetReach } from '../checks/registry.js';
import type { Reach } from '../checks/target.js';
import { TocsinError } from '../lib/errors.js';
import type { MonitorConfig } from '../schema/config.js';
import type { Db } from '../store/schema.js';
import { getToken } from '../store/tokens.js';
import { getUser } from '../store/users.js';

export type { Reach } from '../checks/target.js';

/** The first setting of `monitor` that reaches inside networks, or undefined for a plain probe; each type answers in `checks/<type>/target.ts`. */
export function internalReach(monitor: MonitorConfig): Reach | undefined {
  return targetReach(monitor);
}

/** Refuses (403, naming the field and the role needed) a monitor `actor` may not define. */
export async function authorizeReach(db: Db, actor: Actor, monitor: MonitorConfig): Promise<void> {
  const reach = internalReach(monitor);
  if (!reach || actor.role === 'admin' || (await mayProbeInternal(db, actor))) return;
  throw new TocsinError('forbidden', `${reach.field}: ${reach.why}; only admins, and editors an admin granted probe_internal, may define it`, {
    field: reach.field,
    expected: 'role admin, or an editor with probe_internal (an admin sets it: PATCH /api/v1/users/{id} {"probe_internal": true})',
  });
}

/** The grant is read from the store on each use, so withdrawing it takes effect at once. */
async function mayProbeInternal(db: Db, actor: Actor): Promise<boolean> {
  const userId = actor.kind === 'user' ? actor.id : (await getToken(db, actor.id))?.userId;
  const user = userId === undefined ? undefined : await getUser(db, userId);
  return user?.role === 'editor' && user.probeInternal;
}
