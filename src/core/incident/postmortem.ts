/**
 * The post-mortem draft: a Markdown template with `{{name}}` placeholders, filled from the incident
 * record, its timeline and its action items. Teams replace the template (`postmortem_template:`);
 * the default follows the sections of the best hand-written post-mortems (Gluster's: summary,
 * impact, root cause, resolution, what went well, what went badly, where we got lucky), with the
 * parts a person used to reconstruct from memory — detection, response, timeline — filled in.
 * Pure: the caller reads the template file and gathers the sources.
 */
import { formatDuration } from '../../lib/duration.js';
import type { IncidentTimes, TimelineEntry, TimelineSources } from './timeline.js';
import { isOverdue, severityName, type ActionItem, type AnalysisField } from './types.js';

export const DEFAULT_TEMPLATE = `# Post-mortem: {{title}}

{{severity}} · {{started_at}} to {{recovered_at}} · commander: {{commander}} · participants: {{participants}}

## Summary

{{summary}}

## Impact

{{impact}}

## Root cause

{{root_cause}}

## Trigger

{{trigger}}

## Detection

{{detection}}

## Response

{{response}}

## Resolution and recovery

{{resolution}}

## What went well

{{went_well}}

## What went badly

{{went_badly}}

## Where we got lucky

{{lucky}}

## Timeline (UTC)

{{timeline}}

## Action items

{{action_items}}

{{links}}
`;

/** What a template may name; anything else is refused when the template is loaded. */
export const PLACEHOLDERS = [
  'id',
  'title',
  'severity',
  'state',
  'commander',
  'participants',
  'started_at',
  'detected_at',
  'acknowledged_at',
  'recovered_at',
  'resolved_at',
  'duration',
  'time_to_detect',
  'time_to_acknowledge',
  'time_to_recover',
  'components',
  'monitors',
  'impact',
  'detection',
  'response',
  'resolution',
  'timeline',
  'action_items',
  'links',
  'summary',
  'root_cause',
  'trigger',
  'went_well',
  'went_badly',
  'lucky',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

const PLACEHOLDER = /\{\{\s*([a-z_]+)\s*\}\}/g;

/** Names a template uses that are not placeholders: a typo would otherwise print literally in every post-mortem. */
export function unknownPlaceholders(template: string): string[] {
  const known: ReadonlySet<string> = new Set(PLACEHOLDERS);
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]!).filter((name) => !known.has(name)))];
}

export function fillTemplate(template: string, values: Record<Placeholder, string>): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => (name in values ? values[name as Placeholder] : whole));
}

const PROMPTS: Record<AnalysisField, string> = {
  summary: 'What happened and what it did to users, in two or three sentences.',
  root_cause: 'Why it happened: the underlying fault, not the symptom.',
  trigger: 'What set it off: a deploy, a renewal, a traffic spike, a provider.',
  went_well: 'What helped: alerts, runbooks, people, tools.',
  went_badly: 'What hindered or slowed the response.',
  lucky: 'What could have made it much worse and did not.',
};

export interface PostmortemInput {
  sources: TimelineSources;
  times: IncidentTimes;
  timeline: readonly TimelineEntry[];
  actionItems: readonly ActionItem[];
  now: number;
}

export function postmortemValues(input: PostmortemInput): Record<Placeholder, string> {
  const { incident } = input.sources;
  const { times } = input;
  const analysis = (field: AnalysisField) => incident.analysis[field]?.trim() || `_To be written: ${PROMPTS[field]}_`;
  const end = times.recoveredAt ?? times.resolvedAt;
  return {
    id: incident.id,
    title: incident.title,
    severity: severityName(incident.severity),
    state: incident.state,
    commander: incident.commander ?? 'none named',
    participants: incident.participants.join(', ') || 'none named',
    started_at: utc(times.startedAt),
    detected_at: utc(times.detectedAt),
    acknowledged_at: times.acknowledgedAt === null ? 'not acknowledged' : utc(times.acknowledgedAt),
    recovered_at: end === null ? 'ongoing' : utc(end),
    resolved_at: times.resolvedAt === null ? 'not resolved' : utc(times.resolvedAt),
    duration: end === null ? `ongoing (${span(input.now - times.startedAt)} so far)` : span(end - times.startedAt),
    time_to_detect: span(times.toDetectMs),
    time_to_acknowledge: times.toAcknowledgeMs === null ? 'not acknowledged' : span(times.toAcknowledgeMs),
    time_to_recover: times.toRecoverMs === null ? 'not recovered' : span(times.toRecoverMs),
    components: incident.components.join(', ') || 'none named',
    monitors: incident.monitors.join(', ') || 'none',
    impact: impact(input),
    detection: detection(input),
    response: response(input),
    resolution: resolution(input),
    timeline: timelineTable(input.timeline),
    action_items: actionItems(input.actionItems, input.now),
    links: incident.links.length ? `Links: ${incident.links.map((l) => `[${escapeText(l.label)}](${l.url})`).join(' · ')}` : '',
    summary: analysis('summary'),
    root_cause: analysis('root_cause'),
    trigger: analysis('trigger'),
    went_well: analysis('went_well'),
    went_badly: analysis('went_badly'),
    lucky: analysis('lucky'),
  };
}

export function postmortemMarkdown(template: string, input: PostmortemInput): string {
  return (
    fillTemplate(template, postmortemValues(input))
      .replace(/\n{3,}/g, '\n\n')
      .trimEnd() + '\n'
  );
}

const THIRTY_DAYS = 30 * 86_400_000;

/** Per monitor: from its first failed check to its recovery; as a share of 30 days, the uptime it cost. */
export function downtimes(input: Pick<PostmortemInput, 'sources' | 'times' | 'now'>): Array<{ monitor: string; ms: number; ongoing: boolean }> {
  const { sources, now } = input;
  return sources.incident.monitors.map((monitor) => {
    const from = sources.failures.find((f) => f.monitorId === monitor)?.at;
    const back = sources.events.filter((e) => e.kind === 'recovered' && e.monitorId === monitor && (from === undefined || e.at >= from)).at(-1)?.at;
    if (from === undefined) return { monitor, ms: 0, ongoing: false };
    const until = back ?? sources.incident.resolvedAt ?? now;
    return { monitor, ms: Math.max(0, until - from), ongoing: back === undefined && sources.incident.resolvedAt === null };
  });
}

function impact(input: PostmortemInput): string {
  const { incident } = input.sources;
  const end = input.times.recoveredAt ?? input.times.resolvedAt;
  const lines = [
    `- Duration: ${end === null ? `ongoing, ${span(input.now - input.times.startedAt)} so far` : span(end - input.times.startedAt)} (first failure to recovery)`,
    `- Affected components: ${incident.components.join(', ') || 'none named'}`,
  ];
  for (const d of downtimes(input)) {
    if (d.ms === 0) continue;
    lines.push(
      `- ${d.monitor}: not up for ${span(d.ms)}${d.ongoing ? ' so far' : ''}, ${((d.ms / THIRTY_DAYS) * 100).toFixed(3)} points of 30-day uptime lost`,
    );
  }
  return lines.join('\n');
}

function detection(input: PostmortemInput): string {
  const { sources, times } = input;
  const first = sources.failures.slice().sort((a, b) => a.at - b.at)[0];
  const page = sources.notifications.filter((n) => n.kind === 'problem').sort((a, b) => a.createdAt - b.createdAt)[0];
  if (!first) return `Opened by ${sources.incident.openedBy} at ${utc(sources.incident.openedAt)}; no monitor had failed.`;
  const paged = page ? `first page at ${utc(page.createdAt)} to ${page.channel}, ${span(times.toDetectMs)} after the first failure` : 'no page was sent';
  return `tocsin detected it: the first failed check of ${first.monitorId} at ${utc(first.at)} (${first.message}); ${paged}.`;
}

function response(input: PostmortemInput): string {
  const { sources, times } = input;
  const ack = sources.acks.slice().sort((a, b) => a.at - b.at)[0];
  const lines = [
    ack
      ? `- Acknowledged by ${ack.by} at ${utc(ack.at)}, ${span(times.toAcknowledgeMs ?? 0)} after the first page`
      : times.acknowledgedAt !== null
        ? `- First response on the record at ${utc(times.acknowledgedAt)}, ${span(times.toAcknowledgeMs ?? 0)} after detection`
        : '- Nobody acknowledged the alerts',
  ];
  const escalations = sources.notifications.filter((n) => n.kind === 'problem' && n.step > 0).length;
  if (escalations > 0) lines.push(`- ${escalations} escalation page${escalations === 1 ? '' : 's'} sent because nobody had acknowledged in time`);
  const failed = sources.notifications.filter((n) => n.deliveredAt === null && n.deadAt !== null);
  if (failed.length > 0) lines.push(`- Not delivered: ${failed.map((n) => `${n.channel} (${n.lastError ?? 'gave up'})`).join(', ')}`);
  const notes = sources.events.filter((e) => e.kind === 'note').length;
  lines.push(`- Commander: ${sources.incident.commander ?? 'none named'}; ${notes} note${notes === 1 ? '' : 's'} on the record`);
  return lines.join('\n');
}

function resolution(input: PostmortemInput): string {
  const { times } = input;
  const recovered =
    times.recoveredAt === null ? 'Not recovered yet.' : `Recovered at ${utc(times.recoveredAt)}, ${span(times.toRecoverMs ?? 0)} after the first failure.`;
  const resolved = times.resolvedAt === null ? 'Not resolved yet.' : `Resolved at ${utc(times.resolvedAt)}.`;
  return `${recovered} ${resolved}`;
}

function timelineTable(entries: readonly TimelineEntry[]): string {
  if (entries.length === 0) return '_Nothing recorded._';
  const rows = entries.map((e) => `| ${utc(e.at)} | ${cell(e.text)} | ${cell(e.by ?? '')} |`);
  return ['| time (UTC) | what happened | who |', '| --- | --- | --- |', ...rows].join('\n');
}

function actionItems(items: readonly ActionItem[], now: number): string {
  if (items.length === 0) return '_None yet._';
  return items
    .map((item) => {
      const box = item.state === 'open' ? '[ ]' : '[x]';
      const owner = item.owner ? ` — ${escapeText(item.owner)}` : ' — no owner';
      const due = item.dueAt === null ? '' : `, due ${utc(item.dueAt).slice(0, 10)}${isOverdue(item, now) ? ' (overdue)' : ''}`;
      const link = item.link ? ` ([link](${item.link}))` : '';
      const state = item.state === 'wontfix' ? ' (won’t fix)' : '';
      return `- ${box} ${escapeText(item.title)}${owner}${due}${state}${link}`;
    })
    .join('\n');
}

/** "2026-11-03 02:00:00" in UTC: the zone is in the heading, and the table stays narrow. */
export function utc(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
}

/** Human durations to the second: 2m, 1h30m5s. */
export function span(ms: number): string {
  return formatDuration(Math.max(0, Math.round(ms / 1000) * 1000));
}

function cell(text: string): string {
  return escapeText(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** Text that people typed, kept as text in the Markdown (raw HTML is off anyway; this keeps brackets from making links). */
function escapeText(text: string): string {
  return text.replace(/([\\[\]*_`<>])/g, '\\$1');
}
