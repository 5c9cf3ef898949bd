/**
 * Alerts raised by other tools (Alertmanager, CI systems, scripts) become results of a synthetic
 * monitor per alert key, fed to the same alerting pipeline as checks: thresholds, escalation, dedup,
 * acknowledgements and the outbox all apply unchanged. Synthetic monitors are never scheduled; their
 * type says where they come from (`alertmanager`, `webhook`) and their target is the alert's own
 * source link, when it sent one. Ids: `am-<fingerprint>` for Alertmanager, `hook-<key>` (or
 * `hook-<hash>`) for the generic webhook. They are kept in the store's meta table, so a restart
 * still knows them, and forgotten 30 days after their last alert.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Status } from '../core/types.js';
import type { RecordedResult } from '../engine/engine.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import type { Config, MonitorConfig } from '../schema/config.js';
import { getMeta, setMeta } from '../store/meta.js';
import type { Db } from '../store/schema.js';
import { decodeStoredJson } from '../store/stored-json.js';
import { inboundName, mergeKeys, type Labels } from './inbound-names.js';

export interface InboundAlert {
  source: 'am' | 'hook';
  key: string;
  /** The alert's own name (Alertmanager's alertname, the webhook's name). */
  title: string;
  /** The alert's labels, and the names of those that tell it apart from the others sent with it. */
  labels?: Labels;
  distinguishing?: readonly string[];
  firing: boolean;
  severity: Status;
  /** The result's message, given the monitor's name. */
  message(name: string): string;
  /** Where a person can see the alert at its source. */
  url?: string;
  escalation?: string;
}

interface Known {
  id: string;
  name: string;
  /** The label names its name shows; they only ever grow, so the name stays put. */
  keys?: string[];
  url?: string;
  escalation?: string;
  seenAt: number;
}

const knownSchema = z
  .array(
    z.object({
      id: z.string(),
      name: z.string(),
      keys: z.array(z.string()).optional(),
      url: z.string().optional(),
      escalation: z.string().optional(),
      seenAt: z.number(),
    }),
  )
  .max(100_000);

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
/** Alerts recorded between two turns of the event loop. */
const RECORD_SLICE = 100;
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
    const decoded = stored ? decodeStoredJson(knownSchema, stored) : { ok: true as const, value: [] };
    // A damaged list only forgets the alerts received so far: the next push of each brings it back.
    if (!decoded.ok) this.deps.logger.warn(`inbound alerts: the stored list of received alerts cannot be read (${decoded.problem}); starting without it`);
    const list: Known[] = decoded.ok ? decoded.value : [];
    this.known = new Map(list.map((k) => [k.id, k]));
    this.rebuild();
  }

  monitors(): MonitorConfig[] {
    return [...this.active.values()];
  }

  /** Feeds each alert to the pipeline; returns the synthetic monitor ids, in order. */
  async receive(alerts: readonly InboundAlert[]): Promise<string[]> {
    const now = this.deps.clock.now();
    const seen = alerts.map((alert) => this.note(alert, now));
    let changed = seen.some((s) => s.changed);
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
    for (let index = 0; index < alerts.length; index++) {
      // A group of thousands is judged in slices, so checks, pings and timers run in between.
      if (index > 0 && index % RECORD_SLICE === 0) await new Promise((resolve) => setImmediate(resolve));
      const alert = alerts[index]!;
      const { id, name } = seen[index]!.known;
      const status: Status = alert.firing ? alert.severity : 'up';
      this.deps.record({ monitorId: id, at: now, missed: 0, result: { status, latencyMs: 0, timings: {}, message: alert.message(name) } });
    }
    return seen.map((s) => s.known.id);
  }

  /** Remembers the alert's monitor, named by its distinguishing labels; says whether it is new or renamed. */
  private note(alert: InboundAlert, now: number): { known: Known; changed: boolean } {
    const id = inboundId(alert.source, alert.key);
    const before = this.known.get(id);
    const keys = alert.labels ? mergeKeys(before?.keys, alert.distinguishing ?? []) : undefined;
    const known: Known = {
      id,
      name: keys ? inboundName(alert.title, alert.labels!, keys) : alert.title,
      ...(keys && keys.length > 0 && { keys }),
      ...(alert.url && { url: alert.url }),
      ...(alert.escalation && { escalation: alert.escalation }),
      seenAt: now,
    };
    this.known.set(id, known);
    const changed = !before || before.name !== known.name || before.url !== known.url || before.escalation !== known.escalation;
    return { known, changed };
  }

  private rebuild(): void {
    const config = this.deps.config();
    this.active = new Map([...this.known.values()].map((k) => [k.id, synthetic(k, config)]));
  }
}

/** The external tool already debounced (Alertmanager's `for:`): one result confirms either way. */
function synthetic(k: Known, config: Config): MonitorConfig {
  const { defaults } = config;
  // A policy named by the alert that tocsin does not have falls back to the default, as for any monitor.
  const escalation = k.escalation && config.escalations[k.escalation] ? k.escalation : defaults.escalation;
  return {
    id: k.id,
    name: k.name,
    type: k.id.startsWith('am-') ? 'alertmanager' : 'webhook',
    interval: defaults.interval,
    timeout: defaults.timeout,
    tags: ['inbound'],
    depends_on: [],
    paused: false,
    alert: { ...defaults.alert, down_after: 1, up_after: 1 },
    ...(escalation !== undefined && { escalation }),
    settings: k.url !== undefined ? { source: k.url } : {},
  };
}
