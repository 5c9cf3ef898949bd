/**
 * The words every channel shares, written for a person woken at 3 a.m.: what
 * is wrong, since when, what was seen, how bad it is, and where to act.
 * Pure: times come from the notification, the zone from the context.
 */
import type { ConfirmedStatus } from '../core/types.js';
import type { Notification, RenderContext } from './types.js';

export interface Link {
  label: string;
  url: string;
}

export interface Described {
  /** Short: "Update center is DOWN". */
  title: string;
  /** Title with when and how many: "Update center is DOWN since 02:14 UTC (3 failed checks)". */
  headline: string;
  /** What was observed: the check's message. */
  reason: string;
  /** Label/value pairs for channels that lay out fields (Slack, Teams, Discord). */
  facts: Array<{ label: string; value: string }>;
  links: Link[];
  /** Everything on one line, for channels with one text field. */
  text: string;
}

export function describe(n: Notification, context: RenderContext): Described {
  const title = titleOf(n);
  const headline = headlineOf(n, context);
  const links = linksOf(n);
  const affects = n.dependants?.length ? [`affects: ${n.dependants.join(', ')}`] : [];
  const text = [`${headline}: ${n.message}`, ...affects, ...links.map((l) => `${l.label.toLowerCase()}: ${l.url}`)].join('; ');
  return { title, headline, reason: n.message, facts: factsOf(n, context), links, text };
}

export function titleOf(n: Notification): string {
  const name = n.monitor.name;
  // A digest stands for many monitors: its "name" is a count, and its target says what changed.
  if (n.monitor.type === 'digest') return n.monitor.target;
  switch (n.event) {
    case 'test':
      return 'Test notification from tocsin';
    case 'monitor.up':
      return `${name} is UP again`;
    case 'monitor.reminder':
      return `${name} is still ${loud(n.state)}`;
    case 'monitor.flapping':
      return `${name} is FLAPPING`;
    case 'monitor.acknowledged':
      return `${name} ${loud(n.state)}: acknowledged`;
    default:
      return `${name} is ${loud(n.state)}`;
  }
}

function headlineOf(n: Notification, context: RenderContext): string {
  const since = formatTime(n.since, n.at, context.timeZone);
  const failed = n.failed_checks ? ` (${plural(n.failed_checks, 'failed check')})` : '';
  // A digest's message already says what changed; the headline only adds when.
  if (n.monitor.type === 'digest') return `Since ${since}`;
  switch (n.event) {
    case 'test':
      return 'Test notification from tocsin: this channel works';
    case 'monitor.up':
      return `${titleOf(n)} after being ${loud(n.previous_state)} for ${formatDuration(downFor(n))} since ${since}`;
    case 'monitor.reminder':
      return `${titleOf(n)} since ${since}, for ${formatDuration(elapsed(n))}${failed}`;
    case 'monitor.flapping':
      return `${titleOf(n)}: it keeps changing state; alerts pause until it settles (now ${loud(n.state)})`;
    case 'monitor.acknowledged':
      return `${n.monitor.name} is ${loud(n.state)} since ${since}: acknowledged by ${n.acknowledged_by ?? 'someone'}`;
    default:
      return `${titleOf(n)} since ${since}${failed}`;
  }
}

function factsOf(n: Notification, context: RenderContext): Described['facts'] {
  const facts = [
    { label: 'Monitor', value: `${n.monitor.name} (${n.monitor.type})` },
    { label: 'Target', value: n.monitor.target },
    { label: 'State', value: `${loud(n.previous_state)} → ${loud(n.state)}` },
    { label: 'Since', value: formatTime(n.since, n.at, context.timeZone) },
  ];
  if (n.failed_checks) facts.push({ label: 'Failed checks', value: String(n.failed_checks) });
  if (n.event === 'monitor.up') facts.push({ label: 'Down for', value: formatDuration(downFor(n)) });
  if (n.dependants?.length) facts.push({ label: 'Affects', value: n.dependants.join(', ') });
  if (n.acknowledged_by) facts.push({ label: 'Acknowledged by', value: n.acknowledged_by });
  if (n.incident_id) facts.push({ label: 'Incident', value: n.incident_id });
  return facts;
}

/** Acknowledging a recovery or a test makes no sense, so those carry no ack link. */
export function linksOf(n: Notification): Link[] {
  const links: Link[] = [];
  if (n.runbook_url) links.push({ label: 'Runbook', url: n.runbook_url });
  const ackable = n.event !== 'monitor.up' && n.event !== 'test' && n.event !== 'monitor.acknowledged';
  if (n.ack_url && ackable) links.push({ label: 'Acknowledge', url: n.ack_url });
  if (n.status_page_url) links.push({ label: 'Status page', url: n.status_page_url });
  return links;
}

/** How bad, for channels that colour or prioritise: a recovery or a test is never urgent. */
export type Severity = 'critical' | 'warning' | 'ok' | 'info';

export function severityOf(n: Notification): Severity {
  if (n.event === 'test' || n.event === 'monitor.acknowledged') return 'info';
  if (n.event === 'monitor.up' || n.state === 'up') return 'ok';
  if (n.event === 'monitor.flapping' || n.state === 'degraded' || n.state === 'unknown') return 'warning';
  return 'critical';
}

const SYMBOLS: Record<Severity, string> = { critical: '🔴', warning: '🟠', ok: '✅', info: 'ℹ️' };

export function symbolOf(n: Notification): string {
  return SYMBOLS[severityOf(n)];
}

export function loud(state: ConfirmedStatus): string {
  return state.toUpperCase();
}

function downFor(n: Notification): number {
  return n.down_for_ms ?? elapsed(n);
}

function elapsed(n: Notification): number {
  return Math.max(0, Date.parse(n.at) - Date.parse(n.since));
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** "02:14 UTC" on the day of `reference`, "2024-03-01 02:14 UTC" otherwise, so a week-old outage does not read as today's. */
export function formatTime(iso: string, reference: string, timeZone: string): string {
  const day = (value: string) => partsIn(value, timeZone);
  const time = day(iso);
  const zone = timeZone === 'UTC' || timeZone === 'Etc/UTC' ? 'UTC' : timeZone;
  const clock = `${time.hour}:${time.minute} ${zone}`;
  return time.date === day(reference).date ? clock : `${time.date} ${clock}`;
}

function partsIn(iso: string, timeZone: string): { date: string; hour: string; minute: string } {
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const parts = Object.fromEntries(format.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, hour: parts.hour ?? '00', minute: parts.minute ?? '00' };
}

/** Two units at most: "45s", "12m", "1h 5m", "2d 3h". Precision past that helps nobody at 3 a.m. */
export function formatDuration(ms: number): string {
  const units: Array<[string, number]> = [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ];
  const parts: string[] = [];
  let rest = Math.max(0, Math.round(ms));
  for (const [unit, size] of units) {
    if (rest >= size && parts.length < 2) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    } else if (parts.length > 0) break;
  }
  return parts.length > 0 ? parts.join(' ') : '0s';
}

/** Cuts to `max` UTF-16 units with an ellipsis, never splitting a surrogate pair. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - 1));
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}
