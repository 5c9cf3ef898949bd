/**
 * Alert state rows as stored: JSON with a schema version, validated on read. Version 1 rows
 * (written before the column existed) are in the shape core upgradeState() knows and are upgraded;
 * a row that does not validate, or one a newer tocsin wrote, is a problem of its monitor alone.
 */
import { z } from 'zod';
import { upgradeState, type AlertState } from '../core/alert/index.js';

/** Bump when AlertState changes shape, and teach `decodeAlertState` the step from the previous one. */
export const ALERT_STATE_VERSION = 2;

const status = z.enum(['up', 'degraded', 'down', 'unknown']);
const confirmed = z.enum(['up', 'degraded', 'down', 'unknown', 'pending']);
const problem = z.enum(['degraded', 'down', 'unknown']);
const time = z.number();
const count = z.number().int().min(0);
const names = z.array(z.string()).max(10_000);

const alertStateSchema = z.object({
  status: confirmed,
  since: time.nullable(),
  message: z.string(),
  lastResult: z.object({ status, message: z.string(), at: time }).nullable(),
  streaks: z.object({ up: count, notUp: count, down: count, notDown: count, unknown: count }),
  recent: z.array(status).max(10_000),
  episode: count,
  episodeSince: time.nullable(),
  episodeFrom: z.enum(['up', 'pending']),
  acknowledged: z.object({ by: z.string(), at: time }).nullable(),
  told: z
    .object({
      episode: count,
      status: problem,
      since: time,
      channels: names,
      heard: z.record(z.string(), problem).optional(),
      recoveredAt: time.nullable(),
    })
    .nullable(),
  escalation: z.object({ from: time, fired: z.array(count).max(1000), lastReminder: time, reminders: count }).nullable(),
  transitions: z.array(time).max(10_000),
  flapping: z.boolean(),
  flaps: count,
  maintenance: z.object({ until: time.nullable(), silence: z.literal(true).optional() }).nullable(),
  held: z.boolean(),
  blockedBy: names,
});

export type Decoded = { state: AlertState } | { problem: string };

export function encodeAlertState(state: AlertState): string {
  return JSON.stringify(state);
}

export function decodeAlertState(json: string, version: number): Decoded {
  if (version > ALERT_STATE_VERSION)
    return { problem: `stored alert state has version ${version}, written by a newer tocsin (this one reads up to ${ALERT_STATE_VERSION})` };
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    return { problem: `stored alert state is not JSON (${(error as Error).message})` };
  }
  // Version 1 rows lack fields added since; upgradeState gives them their neutral values first.
  if (version < 2 && isObject(value)) value = upgradeState(value as unknown as AlertState);
  const parsed = alertStateSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { problem: `stored alert state (version ${version}) is invalid at ${issue.path.join('.') || '(root)'}: ${issue.message}` };
  }
  return { state: withoutUndefined(parsed.data) };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** zod reports absent optionals as absent already; this only satisfies exactOptionalPropertyTypes. */
function withoutUndefined(state: z.infer<typeof alertStateSchema>): AlertState {
  return state;
}
