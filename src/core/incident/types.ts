/**
 * The response incident: tocsin's internal record of an outage, distinct from the public status-page
 * post (store/incidents.ts). A post is what visitors read; this record is what the responders did —
 * severity, commander, the alerts that joined it, its timeline, post-mortem and action items. A record
 * may link posts (`posts`) and publish its updates or its post-mortem to them; the post API and the
 * status page are unchanged by it.
 */
export type Severity = 1 | 2 | 3 | 4;
export const SEVERITIES: readonly Severity[] = [1, 2, 3, 4];

export type IncidentState = 'investigating' | 'identified' | 'monitoring' | 'resolved';
export const INCIDENT_STATES: readonly IncidentState[] = ['investigating', 'identified', 'monitoring', 'resolved'];

/** A post-mortem is owed once an incident resolves; the incident is closed only when it is published or waived. */
export type PostmortemState = 'pending' | 'published' | 'waived';

/** The sections people write themselves; the rest of the post-mortem is filled from the record. */
export const ANALYSIS_FIELDS = ['summary', 'root_cause', 'trigger', 'went_well', 'went_badly', 'lucky'] as const;
export type AnalysisField = (typeof ANALYSIS_FIELDS)[number];
export type Analysis = Partial<Record<AnalysisField, string>>;

export interface IncidentLink {
  label: string;
  url: string;
}

export interface ResponseIncident {
  id: string;
  title: string;
  severity: Severity;
  state: IncidentState;
  commander: string | null;
  participants: string[];
  links: IncidentLink[];
  /** Monitors whose alerts joined the incident, in the order they joined. */
  monitors: string[];
  /** Status page components affected (names). */
  components: string[];
  /** Status page post ids this incident publishes to. */
  posts: string[];
  analysis: Analysis;
  /** `auto` when an alert opened it, else who did. */
  openedBy: string;
  openedAt: number;
  resolvedAt: number | null;
  postmortem: PostmortemState;
  postmortemAt: number | null;
  updatedAt: number;
  /** Listed only: the stored columns that could not be read and were left out (empty), and why. */
  damaged?: { field: string; problem: string }[];
}

export type ActionItemState = 'open' | 'done' | 'wontfix';
export const ACTION_ITEM_STATES: readonly ActionItemState[] = ['open', 'done', 'wontfix'];

export interface ActionItem {
  id: string;
  incidentId: string;
  title: string;
  owner: string | null;
  dueAt: number | null;
  state: ActionItemState;
  link: string | null;
  createdAt: number;
  updatedAt: number;
}

/** Closed: resolved, and its post-mortem published or waived. Until then it stays on people's lists. */
export function isClosed(incident: Pick<ResponseIncident, 'state' | 'postmortem'>): boolean {
  return incident.state === 'resolved' && incident.postmortem !== 'pending';
}

export function isOverdue(item: Pick<ActionItem, 'state' | 'dueAt'>, now: number): boolean {
  return item.state === 'open' && item.dueAt !== null && item.dueAt < now;
}

export function severityName(severity: Severity): string {
  return `SEV${severity}`;
}
