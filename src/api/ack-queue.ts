/**
 * POST /acks/apply: applies the acknowledgements queued in the store now rather than on the engine's
 * next housekeeping turn, and answers 204 once they are committed. `tocsin ack` calls it from another
 * process (services/ack-nudge.ts). It takes no input and reveals nothing: the queue holds only what
 * someone with write access to the store put there. Calls that arrive while the queue is being read
 * share one more look at it, so a flood costs at most two reads at a time.
 */
import type { FastifyInstance } from 'fastify';
import { ACK_QUEUE_PATH } from '../services/ack-nudge.js';

export function registerAckQueue(app: FastifyInstance, applyQueued: () => Promise<void>): void {
  const apply = coalesced(applyQueued);
  app.post(ACK_QUEUE_PATH, { bodyLimit: 1024 }, async (_request, reply) => {
    try {
      await apply();
    } catch {
      return reply
        .status(503)
        .type('text/plain; charset=utf-8')
        .send('the queued acknowledgements could not be applied now (is the store reachable?); the engine tries again every second');
    }
    return reply.status(204).send();
  });
}

/**
 * One run at a time; a call during a run waits for the next one (which starts after it, so it sees
 * requests queued before the call), and every call during that run shares it.
 */
export function coalesced(run: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  let next: Promise<void> | undefined;
  const call = (): Promise<void> => {
    if (!running) {
      running = run().finally(() => (running = undefined));
      return running;
    }
    next ??= running
      .catch(() => undefined)
      .then(() => {
        next = undefined;
        return call();
      });
    return next;
  };
  return call;
}
