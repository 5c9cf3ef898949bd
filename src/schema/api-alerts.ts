/** What the API answers about open alerts, their notifications, acknowledgements and alert intake (see api-monitors.ts). */
import { z } from 'zod';
import { acknowledgedSchema, statusSchema } from './api-monitors.js';

const ms = () => z.number().meta({ description: 'Epoch milliseconds' });

/** One notification of an open episode and what became of it. */
export const deliverySchema = z.strictObject({
  channel: z.string(),
  event: z.string(),
  step: z.number().int().nullable().meta({ description: 'Escalation step of a monitor.down; null for other events' }),
  state: z.enum(['delivered', 'queued', 'retrying', 'failed']),
  attempts: z.number().int(),
  created_at: ms(),
  delivered_at: ms().nullable(),
  failed_at: ms().nullable(),
  next_attempt_at: ms().nullable(),
  last_error: z.string().nullable().meta({ description: 'Secrets masked' }),
});

export const alertSchema = z.strictObject({
  monitor_id: z.string(),
  name: z.string(),
  status: statusSchema,
  since: ms(),
  message: z.string(),
  episode: z.number().int(),
  episode_since: ms().nullable(),
  acknowledged: acknowledgedSchema,
  escalation_steps_fired: z.array(z.number().int()),
  told: z.array(z.string()).meta({ description: 'Channels notifications were queued for: not proof that anyone heard' }),
  delivered: z.array(z.string()).meta({ description: 'Channels that took a notification of this episode' }),
  deliveries: z.array(deliverySchema),
  flapping: z.boolean(),
  in_maintenance: z.boolean(),
  silenced: z.boolean(),
  blocked_by: z.array(z.string()),
});

export const alertsResponse = z.strictObject({ alerts: z.array(alertSchema) });

export const ackResponse = z.strictObject({
  status: z.enum(['acknowledged', 'already', 'stale', 'queued']).meta({ description: 'queued (202): no running engine settled it within 5 s' }),
  message: z.string(),
});

export const alertmanagerResponse = z.strictObject({ accepted: z.number().int(), monitors: z.array(z.string()) });
export const webhookIntakeResponse = z.strictObject({ monitor: z.string().meta({ description: 'The id of the monitor the alert lives in' }) });

export const channelTestResponse = z.strictObject({
  channel: z.string(),
  ok: z.boolean(),
  status: z.number().int().nullable().meta({ description: "The receiver's HTTP status, when it answered" }),
  permanent: z.boolean().meta({ description: 'A failure retrying would not fix (a bad key, a removed hook)' }),
  latency_ms: z.number(),
  message: z.string(),
});

export type Alert = z.output<typeof alertSchema>;
export type Delivery = z.output<typeof deliverySchema>;
