/**
 * POST /incidents/changed: `tocsin incident …` in another process wrote an incident, a note or a
 * status page post; the engine reads its open incidents again (so the next alert joins or opens the
 * right one and notifications carry its id), re-renders the status pages, wakes subscriber delivery
 * and tells the dashboards watching /api/v1/events. Answers 204 once done. Like /acks/apply it takes
 * no input and reveals nothing, and calls during a run share the next one.
 */
import type { FastifyInstance } from 'fastify';
import { INCIDENTS_CHANGED_PATH } from '../services/ack-nudge.js';
import { coalesced } from './ack-queue.js';

export function registerIncidentsChanged(app: FastifyInstance, changed: () => Promise<void>): void {
  const run = coalesced(changed);
  app.post(INCIDENTS_CHANGED_PATH, { bodyLimit: 1024 }, async (_request, reply) => {
    try {
      await run();
    } catch {
      return reply
        .status(503)
        .type('text/plain; charset=utf-8')
        .send('the incidents could not be read again now (is the store reachable?); they are on a reload');
    }
    return reply.status(204).send();
  });
}
