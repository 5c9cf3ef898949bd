/**
 * What the API answers about response incidents, their timeline, action items and the incident
 * report (routes/response-incidents.ts; core/incident/types.ts, timeline.ts and report.ts).
 * Times are epoch milliseconds; durations are milliseconds.
 */
import { z } from 'zod';
import type { IncidentReport } from '../core/incident/report.js';
import type { IncidentTimes, TimelineEntry } from '../core/incident/timeline.js';
import {
  ACTION_ITEM_STATES,
  ANALYSIS_FIELDS,
  INCIDENT_STATES,
  type ActionItem,
  type ActionItemState,
  type IncidentState,
  type ResponseIncident,
} from '../core/incident/types.js';

const ms = () => z.number().meta({ description: 'Epoch milliseconds' });
const span = () => z.number().meta({ description: 'Milliseconds' });

/** In a list: the parts of a row whose stored JSON could not be read, left out (empty) so the list still answers. */
export const damagedParts = z
  .array(z.strictObject({ field: z.string(), problem: z.string() }))
  .meta({ description: 'Only when a stored part of this row could not be read: which (left out, empty) and why' });

export const responseIncidentSchema = z.strictObject({
  id: z.string(),
  title: z.string(),
  severity: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]).meta({ description: '1 (SEV1, the worst) to 4' }),
  state: z.enum(INCIDENT_STATES as [IncidentState, ...IncidentState[]]),
  commander: z.string().nullable(),
  participants: z.array(z.string()),
  links: z.array(z.strictObject({ label: z.string(), url: z.string() })),
  monitors: z.array(z.string()).meta({ description: 'Monitors whose alerts joined the incident, in the order they joined' }),
  components: z.array(z.string()).meta({ description: 'Status page components affected (names)' }),
  posts: z.array(z.string()).meta({ description: 'Status page post ids this incident publishes to' }),
  analysis: z
    .strictObject(
      Object.fromEntries(ANALYSIS_FIELDS.map((field) => [field, z.string().optional()])) as Record<
        (typeof ANALYSIS_FIELDS)[number],
        z.ZodOptional<z.ZodString>
      >,
    )
    .meta({ description: 'The sections people write: summary, root_cause, trigger, went_well, went_badly, lucky' }),
  openedBy: z.string().meta({ description: '`auto` when an alert opened it, else who did' }),
  openedAt: ms(),
  resolvedAt: ms().nullable(),
  postmortem: z.enum(['pending', 'published', 'waived']),
  postmortemAt: ms().nullable(),
  updatedAt: ms(),
  damaged: damagedParts.optional(),
});

export const actionItemSchema = z.strictObject({
  id: z.string(),
  incidentId: z.string(),
  title: z.string(),
  owner: z.string().nullable(),
  dueAt: ms().nullable().meta({ description: 'The end of the last day (UTC), epoch milliseconds' }),
  state: z.enum(ACTION_ITEM_STATES as [ActionItemState, ...ActionItemState[]]),
  link: z.string().nullable(),
  createdAt: ms(),
  updatedAt: ms(),
});

const timelineEntry = z.strictObject({
  at: ms(),
  kind: z.enum([
    'failure',
    'page',
    'notified',
    'escalation',
    'delivered',
    'undelivered',
    'acknowledged',
    'recovered',
    'status-page',
    'opened',
    'joined',
    'state',
    'note',
    'severity',
    'commander',
    'participant',
    'link',
    'post',
    'postmortem',
    'action',
  ]),
  text: z.string(),
  by: z.string().optional(),
  monitor: z.string().optional(),
  channel: z.string().optional(),
});

const incidentTimes = z.strictObject({
  startedAt: ms().meta({ description: 'The first failed check of any of its monitors; the opening when opened by hand with no alerts' }),
  detectedAt: ms().meta({ description: 'The first page sent; the opening when nothing paged' }),
  acknowledgedAt: ms().nullable(),
  recoveredAt: ms().nullable(),
  resolvedAt: ms().nullable(),
  toDetectMs: span(),
  toAcknowledgeMs: span().nullable(),
  toRecoverMs: span().nullable(),
});

export const responseIncidentListResponse = z.strictObject({ incidents: z.array(responseIncidentSchema) });

export const responseIncidentViewResponse = z.strictObject({
  incident: responseIncidentSchema,
  closed: z.boolean().meta({ description: 'Resolved, and its post-mortem published or waived' }),
  times: incidentTimes,
  timeline: z.array(timelineEntry).meta({ description: 'Oldest first' }),
  actionItems: z.array(actionItemSchema),
});

export const postmortemActionResponse = z
  .union([responseIncidentSchema, z.strictObject({ ok: z.boolean(), line: z.string().meta({ description: 'Who it went to, or why it did not go' }) })])
  .meta({ description: 'The incident (publish, waive), or {ok, line} (mail)' });

export const overdueActionItemsResponse = z.strictObject({ actionItems: z.array(actionItemSchema) });

const stat = z.strictObject({
  count: z.number().int(),
  meanMs: span().nullable(),
  medianMs: span().nullable(),
  maxMs: span().nullable(),
});

const group = z.strictObject({
  key: z.string(),
  incidents: z.number().int(),
  timeToDetect: stat,
  timeToAcknowledge: stat,
  timeToRecover: stat,
});

export const incidentReportResponse = z.strictObject({
  from: ms(),
  to: ms(),
  incidents: z.number().int(),
  notClosed: z.number().int().meta({ description: 'Unresolved, or resolved with the post-mortem neither published nor waived' }),
  bySeverity: z.strictObject({ SEV1: z.number().int(), SEV2: z.number().int(), SEV3: z.number().int(), SEV4: z.number().int() }),
  timeToDetect: stat,
  timeToAcknowledge: stat,
  timeToRecover: stat,
  byMonitor: z.array(group),
  byTag: z.array(group),
  byMonth: z.array(group).meta({ description: 'Keyed YYYY-MM' }),
  uptime: z.array(
    z.strictObject({
      page: z.string(),
      component: z.string(),
      percent: z.number().nullable().meta({ description: 'Null when none of its monitors has a result in the period' }),
    }),
  ),
  overdueActionItems: z.array(actionItemSchema),
});

export type ResponseIncidentView = z.output<typeof responseIncidentViewResponse>;
export type IncidentReportView = z.output<typeof incidentReportResponse>;

/** Compiles only while each schema describes exactly its core type: a field added or changed there must be here too. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Holds<T extends true> = T;
export type SchemasMatchCore = [
  Holds<Same<z.output<typeof responseIncidentSchema>, ResponseIncident>>,
  Holds<Same<z.output<typeof actionItemSchema>, ActionItem>>,
  Holds<Same<z.output<typeof timelineEntry>, TimelineEntry>>,
  Holds<Same<z.output<typeof incidentTimes>, IncidentTimes>>,
  Holds<Same<z.output<typeof incidentReportResponse>, IncidentReport>>,
];
