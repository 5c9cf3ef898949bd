/**
 * What the API answers about monitors, their state and their results, as zod schemas: the OpenAPI
 * document's response schemas are generated from them, the dashboard's types are inferred from
 * them, and a test checks real answers against them (test/api/response-schemas.test.ts).
 * Times are epoch milliseconds; durations in answers are milliseconds too.
 */
import { z } from 'zod';
import { monitorSettings, monitorTypes, type MonitorType } from '../checks/schemas.js';
import { alertDefaultsSchema, alertOverrideSchema } from './system.js';

const ms = () => z.number().meta({ description: 'Epoch milliseconds' });

/** A result's verdict; unknown: the check could not judge (docs/states.md). */
export const statusSchema = z.enum(['up', 'degraded', 'down', 'unknown']);

/** The change the latest results point to and have not confirmed: "failing 1 of 3". */
export const confirmingSchema = z.strictObject({
  toward: statusSchema,
  count: z.number().int(),
  needed: z.number().int(),
  of: z.number().int().optional(),
});

export const acknowledgedSchema = z.strictObject({ by: z.string(), at: ms() }).nullable();

/** The confirmed status with every marker of docs/states.md. */
export const monitorStateSchema = z.strictObject({
  status: z.enum(['pending', 'up', 'degraded', 'down', 'unknown']),
  since: ms(),
  last_at: ms(),
  last_status: statusSchema,
  last_message: z.string(),
  last_latency_ms: z.number(),
  confirming: confirmingSchema.nullable(),
  stale: z.boolean().meta({ description: 'A polled monitor whose last result is older than 2 × interval + timeout' }),
  acknowledged: acknowledgedSchema,
  flapping: z.boolean(),
  in_maintenance: z.boolean(),
  silenced: z.boolean(),
  blocked_by: z.array(z.string()).meta({ description: 'Monitors it depends on that are down: it does not page while they are' }),
});

/** GET /states gives `{status: "pending"}` alone for a monitor without a result yet. */
export const pendingStateSchema = z.strictObject({ status: z.literal('pending') });

const common = {
  id: z.string(),
  name: z.string(),
  interval: z.number().meta({ description: 'Milliseconds' }),
  timeout: z.number().meta({ description: 'Milliseconds' }),
  tags: z.array(z.string()),
  group: z.string().optional(),
  runbook: z.string().optional(),
  depends_on: z.array(z.string()),
  paused: z.boolean(),
  alert: alertDefaultsSchema.unwrap().meta({ description: 'defaults.alert with this monitor’s overrides applied; durations in ms' }),
  alert_own: alertOverrideSchema
    .optional()
    .meta({ description: 'Of an API monitor, the thresholds it sets itself (the rest of `alert` follows defaults.alert); absent: all of `alert` is its own' }),
  escalation: z.string().optional(),
  locations: z.array(z.string()).optional().meta({ description: 'Where the check runs; absent: local only' }),
  quorum: z
    .union([z.enum(['any', 'all']), z.number().int()])
    .optional()
    .meta({ description: 'How the locations decide; absent: any' }),
  location_states: z
    .array(
      z.strictObject({
        location: z.string(),
        status: statusSchema,
        at: ms().optional(),
        message: z.string(),
        stale: z.boolean().meta({ description: 'No result within 2 × interval + 30 s: counted as unknown' }),
      }),
    )
    .optional()
    .meta({ description: "Each location's own latest result, for a monitor of several locations" }),
  source: z.enum(['config', 'api']).meta({ description: 'config: defined in tocsin.yaml, read-only here' }),
  read_only: z.boolean(),
  created_at: ms(),
  updated_at: ms(),
  quarantined: z
    .strictObject({ reason: z.string(), at: ms() })
    .nullable()
    .meta({ description: 'Not checked until edited or released (POST /monitors/{id}/release); null when it runs' }),
  unreadable: z
    .string()
    .nullable()
    .meta({ description: 'Why its stored definition cannot be read: it is not checked until replaced or deleted; null when it can' }),
  state: monitorStateSchema.nullable().meta({ description: 'Null before the first result (pending)' }),
};

function monitorOf<T extends MonitorType>(type: T) {
  return z.strictObject({
    ...common,
    type: z.literal(type),
    settings: monitorSettings[type].meta({ description: `The ${type} settings with defaults applied; secrets read "••••"` }),
  });
}

/** A monitor as the API shows it: the common fields, its type's settings under `settings`, and its state. */
export const monitorViewSchema = z.discriminatedUnion(
  'type',
  monitorTypes.map(monitorOf) as unknown as [ReturnType<typeof monitorOf<MonitorType>>, ...ReturnType<typeof monitorOf<MonitorType>>[]],
);

export const monitorListResponse = z.strictObject({ monitors: z.array(monitorViewSchema) });
export const monitorResponse = z.strictObject({ monitor: monitorViewSchema });
export const statesResponse = z.strictObject({
  states: z.record(z.string(), z.union([monitorStateSchema, pendingStateSchema])).meta({ description: 'By monitor id' }),
});

export const resultSchema = z.strictObject({
  at: ms(),
  status: statusSchema,
  latency_ms: z.number(),
  message: z.string(),
  timings: z.record(z.string(), z.number()).meta({ description: 'Milliseconds per phase: dns, connect, tls, firstByte, body, total …' }),
  metrics: z.record(z.string(), z.number()).nullable(),
  missed: z.boolean().meta({ description: 'A run that did not happen (the engine was down or behind), recorded as unknown' }),
  detail_at: ms().nullable().meta({
    description: 'A routine success keeps no words of its own: message, timings and metrics are those of the result at this time; null when they are its own',
  }),
  location: z.string().optional().meta({ description: 'The probe agent location that reported it; absent when the check ran here (local)' }),
});

export const rollupSchema = z.strictObject({
  bucket: ms(),
  count: z.number().int(),
  up: z.number().int(),
  degraded: z.number().int(),
  down: z.number().int(),
  latency_p50_ms: z.number().nullable(),
  latency_p95_ms: z.number().nullable(),
  latency_max_ms: z.number().nullable(),
});

export const resultsResponse = z.discriminatedUnion('resolution', [
  z.strictObject({
    resolution: z.literal('raw'),
    results: z.array(resultSchema),
    next: ms().nullable().meta({ description: 'Pass as `before` for the next page; null on the last' }),
  }),
  z.strictObject({ resolution: z.enum(['minute', 'hour', 'day']), rollups: z.array(rollupSchema) }),
]);

export const uptimeSchema = z.strictObject({
  up: z.number().int(),
  degraded: z.number().int(),
  down: z.number().int(),
  unknown: z.number().int(),
  excluded: z.number().int().meta({ description: 'Pending and maintenance results: not counted' }),
  percent: z.number().nullable().meta({ description: 'Null when no judged result: no data, not 0 %' }),
});

export const uptimeResponse = z.strictObject({
  windows: z.array(z.string()),
  at: ms(),
  uptime: z.record(z.string(), z.record(z.string(), uptimeSchema)).meta({ description: 'By monitor id, then by window' }),
});

export const heartbeatsResponse = z.strictObject({
  heartbeats: z.array(
    z.strictObject({
      id: z.string(),
      last_ping_at: ms().nullable(),
      expected_at: ms().nullable(),
      due_at: ms().nullable().meta({ description: 'expected_at + grace: late after this' }),
    }),
  ),
});

export const heartbeatRunSchema = z.strictObject({
  id: z.string(),
  rid: z.string().nullable(),
  kind: z.enum(['start', 'success', 'fail', 'log']),
  at: ms(),
  started_at: ms().nullable(),
  ended_at: ms().nullable(),
  duration_ms: z.number().nullable(),
  exit_status: z.number().int().nullable(),
  log: z.string().nullable().meta({ description: 'The first 10 kB of the body' }),
  log_truncated: z.boolean(),
  log_bytes: z.number().int().nullable(),
  log_dropped_at: ms().nullable(),
  method: z.string().nullable(),
  remote_addr: z.string().nullable(),
  user_agent: z.string().nullable(),
});

export const heartbeatRunsResponse = z.strictObject({ runs: z.array(heartbeatRunSchema) });

export const notificationSchema = z.strictObject({
  id: z.string(),
  event: z.string(),
  channel: z.string(),
  state: z.enum(['pending', 'delivered', 'dead']),
  message: z.string(),
  created_at: ms(),
  attempts: z.number().int(),
  next_attempt_at: ms().nullable(),
  delivered_at: ms().nullable(),
  dead_at: ms().nullable(),
  last_error: z.string().nullable().meta({ description: 'Secrets masked' }),
});

export const notificationsResponse = z.strictObject({ notifications: z.array(notificationSchema) });

export const monitorTestResponse = z.strictObject({
  monitor_id: z.string(),
  status: statusSchema,
  message: z.string(),
  latency_ms: z.number(),
  timeout_ms: z.number(),
  timings: z.record(z.string(), z.number()),
  metrics: z.record(z.string(), z.number()).nullable(),
});

export const restoredResponse = z.strictObject({ restored: z.string(), deleted_at: z.string().meta({ description: 'ISO 8601' }) });

export type MonitorView = z.output<typeof monitorViewSchema>;
export type MonitorState = z.output<typeof monitorStateSchema>;
export type Result = z.output<typeof resultSchema>;
export type Rollup = z.output<typeof rollupSchema>;
export type ResultsPage = z.output<typeof resultsResponse>;
export type Confirming = z.output<typeof confirmingSchema>;
export type Status = z.output<typeof statusSchema>;
