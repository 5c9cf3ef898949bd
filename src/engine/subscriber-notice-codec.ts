/**
 * A queued subscriber message's body read back through a schema: one that does not decode is given up
 * (and logged) by the delivery instead of throwing out of it and holding back every message after it.
 */
import { z } from 'zod';
import type { Impact } from '../core/status-page.js';
import type { PostStatus } from '../store/incidents.js';
import { decodeStoredJson, type DecodedJson } from '../store/stored-json.js';
import type { PostEvent, SubscriberNotice } from '../web/status/subscriber-messages.js';

// Spelled out rather than imported from services/ (the engine does not reach into them); the types keep them whole.
const IMPACTS = ['none', 'minor', 'major', 'critical'] as const satisfies readonly Impact[];
const STATUSES = ['investigating', 'identified', 'monitoring', 'resolved', 'scheduled', 'in_progress', 'completed'] as const satisfies readonly PostStatus[];
const EVENTS = ['incident.created', 'incident.updated', 'maintenance.scheduled', 'maintenance.updated'] as const satisfies readonly PostEvent[];
const page = z.object({ slug: z.string(), title: z.string() });
const status = z.enum(STATUSES);

const storedNotice: z.ZodType<SubscriberNotice> = z.discriminatedUnion('type', [
  z.object({ type: z.literal('confirm'), page, components: z.array(z.string()).nullable() }),
  z.object({
    type: z.literal('post'),
    event: z.enum(EVENTS),
    page,
    post: z.object({
      id: z.string(),
      kind: z.enum(['incident', 'maintenance']),
      title: z.string(),
      impact: z.enum(IMPACTS),
      status,
      components: z.array(z.string()),
      startsAt: z.number(),
      endsAt: z.number().nullable(),
      resolvedAt: z.number().nullable(),
    }),
    update: z.object({ id: z.string(), status, body: z.string(), at: z.number() }),
  }),
]);

export function decodeSubscriberNotice(body: string): DecodedJson<SubscriberNotice> {
  return decodeStoredJson(storedNotice, body);
}
