/**
 * The hook between alerting and response incidents. Alerting calls onAlert() with each step's
 * events; the decision (open, join, nothing) is made at once from the open incidents held here, so
 * the notifications being written can carry the incident's id. The incident rows follow in their own
 * transaction, queued one after another: paging never waits for, or fails because of, the record.
 */
import type { AlertEvent } from '../core/alert/index.js';
import { dependencyRoots, routeAlert, ruleFor, type IncidentRule, type OpenIncidentView, type OpenOn } from '../core/incident/routing.js';
import type { Logger } from '../lib/logger.js';
import type { MonitorConfig } from '../schema/config.js';
import type { Db } from '../store/schema.js';
import { joinFromAlert, newIncidentId, openFromAlert, recordRecovery } from './incident-response.js';
import { listResponseIncidents } from './incident-list.js';

export interface IncidentAutoDeps {
  db: Db;
  logger: Logger;
  rules(): readonly IncidentRule[];
  monitor(id: string): Pick<MonitorConfig, 'id' | 'name' | 'tags'> | undefined;
  dependsOn(): Readonly<Record<string, readonly string[]>>;
}

/** Open incidents held in memory; more than this and the oldest are forgotten (they still resolve by hand). */
const MAX_OPEN = 1000;

const OPENS: Partial<Record<AlertEvent['type'], OpenOn>> = { 'monitor.down': 'down', 'monitor.degraded': 'degraded', 'monitor.unknown': 'unknown' };

export class IncidentAuto {
  private open: OpenIncidentView[] = [];
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly deps: IncidentAutoDeps) {}

  /** Reads the open incidents again, after the writes queued before: at start, on reload, after a change by hand. */
  refresh(): Promise<void> {
    this.queue(() => this.load());
    return this.chain;
  }

  private async load(): Promise<void> {
    const incidents = await listResponseIncidents(this.deps.db, this.deps.logger, { unresolved: true, limit: MAX_OPEN });
    const dependsOn = this.deps.dependsOn();
    this.open = incidents.map((i) => ({
      id: i.id,
      monitors: i.monitors,
      tags: [...new Set(i.monitors.flatMap((m) => this.deps.monitor(m)?.tags ?? []))],
      roots: [...new Set(i.monitors.flatMap((m) => dependencyRoots(m, dependsOn)))],
      lastAlertAt: i.updatedAt,
    }));
  }

  /** The incident the events belong to, if any; what to write about them is queued. */
  onAlert(monitorId: string, events: readonly AlertEvent[], now: number): string | undefined {
    const monitor = this.deps.monitor(monitorId);
    if (!monitor || events.length === 0) return undefined;
    let incidentId = this.open.find((i) => i.monitors.includes(monitorId))?.id;
    for (const event of events) {
      const status = OPENS[event.type];
      if (event.type === 'monitor.up' && incidentId) {
        const id = incidentId;
        this.queue(() => recordRecovery(this.deps.db, now, id, monitorId));
      }
      // Escalation steps and reminders of an alert already routed change nothing.
      if (!status || (event.step ?? 0) > 0) continue;
      incidentId = this.route(monitor, status, now) ?? incidentId;
    }
    return incidentId;
  }

  /** Waits for the queued writes (tests, shutdown). */
  settled(): Promise<void> {
    return this.chain;
  }

  private route(monitor: Pick<MonitorConfig, 'id' | 'name' | 'tags'>, status: OpenOn, now: number): string | undefined {
    const roots = dependencyRoots(monitor.id, this.deps.dependsOn());
    const routing = routeAlert({ monitor, status, roots, at: now }, this.open, this.deps.rules());
    if (routing.kind === 'none') return undefined;
    const alert = { monitorId: monitor.id, status };
    if (routing.kind === 'join') {
      const view = this.open.find((i) => i.id === routing.id)!;
      view.lastAlertAt = now;
      if (!view.monitors.includes(monitor.id)) {
        view.monitors = [...view.monitors, monitor.id];
        view.tags = [...new Set([...view.tags, ...monitor.tags])];
        view.roots = [...new Set([...view.roots, ...roots])];
      }
      this.queue(async () => {
        if (await joinFromAlert(this.deps.db, now, routing.id, alert)) return;
        // Resolved by hand meanwhile: the alert starts a new incident rather than vanishing, and the view is read again.
        await openFromAlert(this.deps.db, now, {
          ...alert,
          id: newIncidentId(),
          title: titleOf(monitor, status),
          severity: ruleFor(monitor, this.deps.rules())?.severity ?? 3,
        });
        await this.load();
      });
      return routing.id;
    }
    const id = newIncidentId();
    this.open = [{ id, monitors: [monitor.id], tags: [...monitor.tags], roots, lastAlertAt: now }, ...this.open].slice(0, MAX_OPEN);
    this.queue(() => openFromAlert(this.deps.db, now, { ...alert, id, title: titleOf(monitor, status), severity: routing.severity }));
    return id;
  }

  private queue(work: () => Promise<unknown>): void {
    this.chain = this.chain
      .then(work)
      .then(() => undefined)
      .catch((error: unknown) => this.deps.logger.warn({ err: error }, `incident record could not be written: ${String(error)}`));
  }
}

function titleOf(monitor: Pick<MonitorConfig, 'name'>, status: OpenOn): string {
  return `${monitor.name} is ${status}`;
}
