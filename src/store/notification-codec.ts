/**
 * The outbox payload read back through a schema (store/stored-json.ts): a row whose notification
 * does not decode is given up with the reason instead of being handed to a channel with the wrong shape.
 * Keys this version does not know are kept (a newer instance may have written them).
 */
import { z } from 'zod';
import type { Notification, NotificationEvent } from '../channels/types.js';
import type { ConfirmedStatus, Status } from '../core/types.js';
import { decodeStoredJson, type DecodedJson } from './stored-json.js';

const events = [
  'monitor.down',
  'monitor.degraded',
  'monitor.unknown',
  'monitor.up',
  'monitor.reminder',
  'monitor.flapping',
  'monitor.acknowledged',
  'tocsin.self',
  'test',
] as const satisfies readonly NotificationEvent[];
const statuses = ['up', 'degraded', 'down', 'unknown'] as const satisfies readonly Status[];
const confirmed = [...statuses, 'pending'] as const satisfies readonly ConfirmedStatus[];

/** Bounds are generous: they catch damage, not a long message. */
const text = z.string().max(1_000_000);

export const storedNotification = z.looseObject({
  id: text,
  event: z.enum(events),
  at: text,
  monitor: z.object({ id: text, name: text, type: text, target: text }),
  state: z.enum(statuses),
  previous_state: z.enum(confirmed),
  since: text,
  message: text,
  runbook_url: text.optional(),
  ack_url: text.optional(),
  incident_id: text.optional(),
  dependants: z.array(text).max(100_000).optional(),
  failed_checks: z.number().optional(),
  down_for_ms: z.number().optional(),
  status_page_url: text.optional(),
  acknowledged_by: text.optional(),
  on_call: z.object({ schedule: text, person: text.nullable(), name: text }).optional(),
  dedup_key: text,
}) satisfies z.ZodType<Notification>;

export function decodeNotification(payload: string): DecodedJson<Notification> {
  return decodeStoredJson<Notification>(storedNotification, payload);
}
