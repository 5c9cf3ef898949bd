/**
 * POST /incidents/changed: `tocsin incident …` in another process wrote an incident, a note or a
 * status page post; the engine reads its open incidents again (so the next alert joins or opens the
 * right one and notifications carry its id), re-renders the status pages, wakes subscriber delivery
 * and tells the dashboards watching /api/v1/events. Answers 204 once done. Like /acks/apply it takes
 * no input and reveals nothing, and calls during a run share the next one. It needs no sign-in, so
 * runs are spaced: a flood of calls costs at most one re-read, and one event to each dashboard, per
 * SPACING_MS.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import { INCIDENTS_CHANGED_PATH } from '../services/ack-nudge.js';
import { coalesced } from './ack-queue.js';

const SPACING_MS = 100;

export function registerIncidentsChanged(app: FastifyInstance, changed: () => Promise<void>): void {
  let last = 0;
  const run = coalesced(async () => {
    const wait = last + SPACING_MS - Date.now();
    if (wait > 0) await sleep(wait);
    last = Date.now();
    await changed();
  });
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
