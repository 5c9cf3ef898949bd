/** The audit log, newest first, in pages: for admins and editors (viewers see state, not who changed it). */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { TocsinError } from '../../lib/errors.js';
import { listAudit } from '../../store/audit.js';
import { logDamaged } from '../../store/stored-json.js';
import type { Db } from '../../store/schema.js';
import { requireAccess } from './access.js';
import { parseInput } from './body.js';

export const AuditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  /** The `next` of the previous page. */
  before: z
    .string()
    .regex(/^\d+\.[A-Za-z0-9-]+$/, 'expected the "next" value of the previous page')
    .optional(),
});

export function auditRoutes(deps: { db: Db }) {
  return async function routes(app: FastifyInstance): Promise<void> {
    app.get('/api/v1/audit', async (request) => {
      const actor = requireAccess(request, 'read');
      if (actor.role === 'viewer') throw new TocsinError('forbidden', 'a viewer cannot read the audit log; ask an admin for the editor role');
      const query = parseInput(AuditQuery, request.query);
      const before = query.before === undefined ? undefined : { at: Number(query.before.split('.')[0]), id: query.before.slice(query.before.indexOf('.') + 1) };
      const entries = await listAudit(deps.db, { limit: query.limit, before });
      logDamaged(request.log, 'audit entry', entries);
      const last = entries[entries.length - 1];
      return {
        entries: entries.map((e) => ({
          id: e.id,
          at: new Date(e.at).toISOString(),
          actor: e.actor,
          action: e.action,
          target: e.target,
          before: e.before,
          after: e.after,
          ...(e.damaged && { damaged: e.damaged }),
        })),
        next: entries.length === query.limit && last ? `${last.at}.${last.id}` : null,
      };
    });
  };
}
