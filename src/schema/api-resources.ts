/** What the API answers about channels, escalation policies, maintenance windows, status pages and the config file (see api-monitors.ts). */
import { z } from 'zod';
import { statusPageSchema } from './status-pages.js';

const ms = () => z.number().meta({ description: 'Epoch milliseconds' });
const source = z.enum(['config', 'api']).meta({ description: 'config: defined in tocsin.yaml, read-only here' });
const readOnly = z.boolean().meta({ description: 'Always false: the API may add its own beside those of tocsin.yaml' });

/** A channel as tocsin.yaml writes it (its fields depend on `type`), secrets reading "••••", with its delivery health. */
export const channelViewSchema = z.looseObject({
  id: z.string(),
  source,
  type: z.string(),
  health: z
    .strictObject({ failing_since: ms().nullable(), last_ok_at: ms().nullable(), last_failure_at: ms().nullable(), last_error: z.string().nullable() })
    .nullable()
    .meta({ description: 'Null before its first delivery' }),
});

export const channelListResponse = z.strictObject({ read_only: readOnly, channels: z.array(channelViewSchema) });
export const channelResponse = z.strictObject({ channel: channelViewSchema.nullable() });

const stepSchema = z.strictObject({
  after: z.number().meta({ description: 'Milliseconds after the monitor went down (not acknowledged)' }),
  notify: z.array(z.string()).meta({ description: 'Channel ids' }),
  oncall: z.string().optional().meta({ description: 'A schedule id: whoever is on call in it when the step fires' }),
});

export const escalationsResponse = z.strictObject({
  read_only: readOnly,
  default: z.string().nullable().meta({ description: 'defaults.escalation' }),
  fallback: z.array(z.string()).meta({ description: 'Channels told when another channel keeps failing' }),
  policies: z.record(z.string(), z.array(stepSchema)),
  sources: z.record(z.string(), source),
});

export const escalationResponse = z.strictObject({
  policy: z.strictObject({ id: z.string(), source: z.literal('api'), steps: z.array(stepSchema).nullable() }),
});

const openWindowSchema = z.strictObject({
  name: z.string(),
  start: ms(),
  end: ms(),
  monitors: z.array(z.string()),
  silence: z.literal(true).optional(),
});

/** A window as tocsin.yaml writes it (start and duration in ms), whether it is open now, and why it is not in use when it is not. */
export const windowViewSchema = z.looseObject({
  id: z.string(),
  source,
  name: z.string().optional(),
  start: ms().optional(),
  duration: z.number().optional().meta({ description: 'Milliseconds' }),
  schedule: z.string().optional(),
  tz: z.string().optional(),
  monitors: z.array(z.string()).optional(),
  announce_on: z.array(z.string()).optional(),
  silence: z.boolean().optional(),
  error: z.string().nullable().meta({ description: 'Why the window is not in use (it no longer validates); null when it is' }),
  open_now: openWindowSchema.nullable(),
  set_by: z.string().optional().meta({ description: 'Of a silence open now: who last set it (an email, or "token <name>"), from the audit log' }),
});

export const maintenanceResponse = z.strictObject({ read_only: readOnly, windows: z.array(windowViewSchema), upcoming: z.array(openWindowSchema) });
export const windowResponse = z.strictObject({ window: windowViewSchema.nullable() });

export const statusPageViewSchema = statusPageSchema.omit({ export_every: true }).safeExtend({
  export_every: z.number().optional().meta({ description: 'Milliseconds' }),
  source,
  url: z.string().meta({ description: 'Where the page is served' }),
  json: z.string().meta({ description: 'The page as JSON' }),
});

export const statusPageListResponse = z.strictObject({ read_only: readOnly, status_pages: z.array(statusPageViewSchema) });
export const statusPageResponse = z.strictObject({ status_page: statusPageViewSchema.nullable() });

export const planResponse = z.strictObject({
  changes: z.array(
    z.strictObject({
      kind: z.enum(['monitor', 'channel', 'escalation', 'status_page', 'maintenance']),
      id: z.string(),
      action: z.enum(['add', 'change', 'restore', 'remove']),
      fields: z
        .array(z.strictObject({ path: z.string(), before: z.unknown().optional(), after: z.unknown().optional(), secret: z.literal(true).optional() }))
        .optional()
        .meta({ description: 'For change and restore: what differs from the stored definition (secrets masked)' }),
    }),
  ),
  refusal: z
    .strictObject({ reason: z.string(), overridable: z.boolean().meta({ description: 'allow_deletions would let it through' }) })
    .nullable()
    .meta({ description: 'Why applying would stop, when it would' }),
});

export const removedResponse = z.strictObject({
  removed: z.array(
    z.strictObject({
      kind: z.string(),
      id: z.string(),
      removed_at: z.string().meta({ description: 'ISO 8601' }),
      purged_after: z.string().meta({ description: 'ISO 8601' }),
    }),
  ),
});
