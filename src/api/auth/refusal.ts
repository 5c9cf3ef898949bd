/** A 429 that says how long to wait: in words for a person, as Retry-After for a program. */
import type { FastifyInstance } from 'fastify';
import { TocsinError } from '../../lib/errors.js';
import type { Gate } from './throttle.js';

export class Throttled extends TocsinError {
  constructor(
    message: string,
    readonly waitMs: number,
  ) {
    super('rate_limited', message);
  }
}

/** Throws the gate's refusal, if it refuses. */
export function refuseUnless(gate: Gate): void {
  if (!gate.allowed) throw new Throttled(gate.message, gate.waitMs);
}

/** Adds Retry-After (whole seconds, rounded up) to every Throttled answer; the app's error handler writes the body. */
export function sendRetryAfter(app: FastifyInstance): void {
  app.addHook('onError', async (_request, reply, error) => {
    if (error instanceof Throttled) reply.header('retry-after', String(Math.max(1, Math.ceil(error.waitMs / 1000))));
  });
}
