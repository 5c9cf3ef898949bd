/** Gathers what `tocsin report` and GET /api/v1/report compute over (core/incident/report.ts does the math). */
import { buildReport, type ComponentUptime, type IncidentReport, type ReportIncident } from '../core/incident/report.js';
import { deriveTimes } from '../core/incident/timeline.js';
import { NO_RESULTS, sumCounts, uptimePercent } from '../core/uptime.js';
import type { Config } from '../schema/config.js';
import { listIncidents, overdueActionItems } from '../store/response-incidents.js';
import type { Db } from '../store/schema.js';
import { uptimeCounts } from '../store/uptime.js';
import { timelineSources } from './incident-facts.js';

/** Bounds on one report: incidents read, overdue items listed. */
const MAX_INCIDENTS = 2000;
const MAX_OVERDUE = 500;
/** An incident opened a little after the period began may have started (first failure) inside it. */
const STARTED_BEFORE_OPENING_MS = 7 * 86_400_000;

export async function incidentReport(db: Db, config: Config, period: { from: number; to: number; now: number }): Promise<IncidentReport> {
  const tagsOf = new Map(config.monitors.map((m) => [m.id, m.tags]));
  const incidents = await listIncidents(db, { since: period.from - STARTED_BEFORE_OPENING_MS, limit: MAX_INCIDENTS });
  const rows: ReportIncident[] = [];
  for (const incident of incidents) {
    if (incident.openedAt >= period.to) continue;
    const times = deriveTimes(await timelineSources(db, incident, period.now));
    rows.push({ incident, times, tags: [...new Set(incident.monitors.flatMap((m) => tagsOf.get(m) ?? []))] });
  }
  return buildReport({
    ...period,
    incidents: rows,
    actionItems: await overdueActionItems(db, period.now, MAX_OVERDUE),
    uptime: await componentUptime(db, config, period.from, period.to),
  });
}

/** Each status page component: the uptime of its monitors' results together over the period. */
async function componentUptime(db: Db, config: Config, from: number, to: number): Promise<ComponentUptime[]> {
  const ids = [...new Set(config.status_pages.flatMap((p) => p.components.flatMap((c) => c.monitors)))];
  if (ids.length === 0) return [];
  const counts = await uptimeCounts(db, ids, from, to);
  return config.status_pages.flatMap((page) =>
    page.components.map((component) => {
      const total = component.monitors.reduce((sum, id) => sumCounts(sum, counts.get(id) ?? NO_RESULTS), NO_RESULTS);
      return { page: page.slug, component: component.name, percent: uptimePercent(total) };
    }),
  );
}
