/**
 * Alerts raised by other tools (Alertmanager, CI systems, scripts) become results of a synthetic
 * monitor per alert key, fed to the same alerting pipeline as checks: thresholds, escalation, dedup,
 * acknowledgements and the outbox all apply unchanged. Synthetic monitors are never scheduled; they
 * are http-typed so notifications show the alert's source link (Alertmanager's generatorURL) as the
 * target. Ids: `am-<fingerprint>` for Alertmanager, `hook-<key>` (or `hook-<hash>`) for the generic
 * webhook. They are kept in the store's meta table, so a restart still knows them.
 */
import { createHash } from 'node:crypto';
import type { Status } from '../core/types.js';
import type { RecordedResult } from '../engine/engine.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import { parseMonitor, type Config, type MonitorConfig } from '../schema/config.js';
import { getMeta, setMeta } from '../store/meta.js';
import type { Db } from '../store/schema.js';

export interface InboundAlert {
  source: 'am' | 'hook';
  key: string;
  name: string;
  firing: boolean;
  severity: Status;
  message: string;
  /** Where a person can see the alert at its source. */
  url?: string;
  escalation?: string;
}

interface Known {
  id: string;
  name: string;
  url?: string;
  escalation?: string;
  seenAt: number;
}

export interface InboundDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  config(): Config;
  /** alerting.record: the pipeline every check result takes. */
  record(recorded: RecordedResult): void;
  /** Called when the set of synthetic monitors changed, before their first result is recorded. */
  onMonitorsChanged(): void;
}

const META_KEY = 'inbound_monitors';
const FALLBACK_URL = 'http://inbound.invalid/';
/** Resolved synthetic monitors are forgotten after this long without news. */
const FORGET_AFTER = 30 * 86_400_000;

export function inboundId(source: InboundAlert['source'], key: string): string {
  const safe = key.toLowerCase();
  if (/^[a-z0-9][a-z0-9_-]{0,90}$/.test(safe)) return `${source}-${safe}`;
  return `${source}-${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;
}

export class InboundAlerts {
  private known = new Map<string, Known>();
  private active = new Map<string, MonitorConfig>();

  constructor(private readonly deps: InboundDeps) {}

  async load(): Promise<void> {
    const stored = await getMeta(this.deps.db, META_KEY);
    const list = stored ? (JSON.parse(stored) as Known[]) : [];
    this.known = new Map(list.map((k) => [k.id, k]));
    this.rebuild();
  }

  monitors(): MonitorConfig[] {
    return [...this.active.values()];
  }

  /** Feeds each alert to the pipeline; returns the synthetic monitor ids, in order. */
  async receive(alerts: readonly InboundAlert[]): Promise<string[]> {
    const now = this.deps.clock.now();
    const ids = alerts.map((alert) => inboundId(alert.source, alert.key));
    let changed = false;
    alerts.forEach((alert, index) => {
      const id = ids[index]!;
      const before = this.known.get(id);
      const next: Known = { id, name: alert.name, ...(alert.url && { url: alert.url }), ...(alert.escalation && { escalation: alert.escalation }), seenAt: now };
      if (!before || before.name !== next.name || before.url !== next.url || before.escalation !== next.escalation) changed = true;
      this.known.set(id, next);
    });
    for (const [id, k] of this.known) {
      if (now - k.seenAt <= FORGET_AFTER) continue;
      this.known.delete(id);
      changed = true;
    }
    if (changed) {
      await setMeta(this.deps.db, META_KEY, JSON.stringify([...this.known.values()]));
      this.rebuild();
      this.deps.onMonitorsChanged();
    }
    alerts.forEach((alert, index) => {
      const status: Status = alert.firing ? alert.severity : 'up';
      this.deps.record({ monitorId: ids[index]!, at: now, missed: 0, result: { status, latencyMs: 0, timings: {}, message: alert.message } });
    });
    return ids;
  }

  private rebuild(): void {
    const config = this.deps.config();
    this.active = new Map();
    for (const k of this.known.values()) {
      const monitor = synthetic(k, config);
      if (monitor) this.active.set(k.id, monitor);
      else this.deps.logger.warn({ monitor: k.id }, `inbound alert ${k.id} could not be set up; its alerts are recorded without paging`);
    }
  }
}

/** The external tool already debounced (Alertmanager's `for:`): one result confirms either way. */
function synthetic(k: Known, config: Config): MonitorConfig | undefined {
  const escalation = k.escalation && config.escalations[k.escalation] ? k.escalation : undefined;
  const input = { id: k.id, name: k.name, type: 'http', url: k.url ?? FALLBACK_URL, alert: { down_after: 1, up_after: 1 }, tags: ['inbound'], ...(escalation && { escalation }) };
  const parsed = parseMonitor(input, config.defaults, { escalations: Object.keys(config.escalations) });
  if (parsed.ok) return parsed.monitor;
  // A source link tocsin's URL schema refuses must not lose the alert.
  const retry = parseMonitor({ ...input, url: FALLBACK_URL }, config.defaults, { escalations: Object.keys(config.escalations) });
  return retry.ok ? retry.monitor : undefined;
}
