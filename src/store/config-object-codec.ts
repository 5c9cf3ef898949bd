/**
 * The config file's channels, escalation policies, status pages and maintenance windows as stored in
 * config_objects: resolved definitions (durations in ms, start as epoch ms), decoded on read. A refused
 * sync keeps running what the file no longer names from these rows, so they are checked for the shape
 * the running config needs; one that does not decode is that object's problem alone, reported and left out.
 */
import { z } from 'zod';
import { channelSchema, type ChannelConfig } from '../schema/channels.js';
import type { EscalationStep } from '../schema/escalations.js';
import type { MaintenanceConfig } from '../schema/maintenance.js';
import { statusPageSchema, type StatusPageConfig } from '../schema/status-pages.js';
import type { ObjectKind } from './config-plan.js';

export interface StoredObjectOf {
  channel: ChannelConfig;
  escalation: EscalationStep[];
  maintenance: MaintenanceConfig;
  status_page: StatusPageConfig;
}

const ms = z.number().nonnegative();
const ids = z.array(z.string().min(1)).max(10_000);

const storedStep: z.ZodType<EscalationStep> = z.strictObject({ after: ms, notify: ids, oncall: z.string().min(1).optional() });

/** The resolved shapes: channels resolve to what their schema reads; the others had durations and dates turned into ms. */
const SCHEMAS: { [K in ObjectKind]: z.ZodType<StoredObjectOf[K]> } = {
  channel: channelSchema,
  escalation: z.array(storedStep).min(1),
  maintenance: z.strictObject({
    name: z.string().min(1),
    start: z.number(),
    duration: ms,
    schedule: z.string().optional(),
    tz: z.string().min(1),
    monitors: ids.min(1),
    announce_on: ids,
    silence: z.boolean().optional(),
  }),
  status_page: statusPageSchema.omit({ export_every: true }).safeExtend({ export_every: ms.optional() }),
};

export type DecodedObject<K extends ObjectKind> = { ok: true; definition: StoredObjectOf[K] } | { ok: false; problem: string };

/** `definition`: the stored JSON text, or the value a repository already parsed from it. */
export function decodeConfigObject<K extends ObjectKind>(kind: K, definition: unknown): DecodedObject<K> {
  let value = definition;
  if (typeof definition === 'string') {
    try {
      value = JSON.parse(definition) as unknown;
    } catch (error) {
      return { ok: false, problem: `stored definition is not JSON (${(error as Error).message})` };
    }
  }
  const schema = SCHEMAS[kind] as z.ZodType<StoredObjectOf[K]> | undefined;
  if (!schema) return { ok: false, problem: `stored kind "${String(kind)}" is not one this tocsin knows` };
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, problem: `stored definition is invalid at ${issue.path.join('.') || '(root)'}: ${issue.message}` };
  }
  return { ok: true, definition: parsed.data };
}
