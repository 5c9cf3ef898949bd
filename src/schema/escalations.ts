/** Who is told, and when, while a monitor stays down and nobody acknowledges it. */
import { z } from 'zod';
import { formatDuration } from '../lib/duration.js';
import { duration, id } from './primitives.js';

const step = z
  .strictObject({
    after: duration().prefault('0s').meta({ description: 'Time since the monitor went down (not acknowledged) before this step notifies' }),
    notify: z.array(id()).default([]).meta({ description: 'Channel ids' }),
    oncall: id().optional().meta({ description: "A schedule id: pages whoever is on call in it when the step fires, on that person's own channels" }),
  })
  // The message predates `oncall:`; a step with neither still reads as an empty notify list.
  .refine((s) => s.notify.length > 0 || s.oncall !== undefined, { path: ['notify'], message: 'expected at least 1 item, got 0' });

export const escalationPolicySchema = z
  .array(step)
  .min(1)
  .superRefine((steps, ctx) => {
    steps.forEach((current, index) => {
      const previous = steps[index - 1];
      if (previous && current.after < previous.after) {
        ctx.addIssue({
          code: 'custom',
          path: [index, 'after'],
          message: `expected steps in order: ${formatDuration(current.after)} comes before the previous step's ${formatDuration(previous.after)}`,
        });
      }
    });
  });

/** Policies by name; the reserved key `fallback` lists the channels told when another channel keeps failing. */
export const escalationsSchema = z
  .object({
    fallback: z.array(id()).default([]).meta({ description: 'Channels told when another channel keeps failing' }),
  })
  .catchall(escalationPolicySchema)
  .superRefine((policies, ctx) => {
    for (const name of Object.keys(policies)) {
      if (!id().safeParse(name).success) {
        ctx.addIssue({ code: 'custom', path: [name], message: 'expected a policy name of lowercase letters, digits, "-" or "_"' });
      }
    }
  })
  .prefault({})
  .meta({ description: 'Escalation policies by name: ordered steps of { after, notify }' });

export type EscalationStep = z.output<typeof step>;
