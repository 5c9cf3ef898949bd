/**
 * The heartbeat evaluator: keeps what each heartbeat's pings add up to, judges it with the pure
 * core on a one-second timer (only monitors whose next deadline has come) and at once on every
 * ping, and hands results to the same `record` path as polled checks. A result is recorded when
 * the status or message changes, and at least once per monitor interval so history shows
 * heartbeats too. It is also the ping API's sink: lookups are in memory, a ping costs one insert
 * (and, past the monitor's log budget, dropping its oldest logs).
 */
import { randomBytes } from 'node:crypto';
import { judgeHeartbeat } from '../core/heartbeat/judge.js';
import { applyPing, replayPings, type Ping, type RunsState } from '../core/heartbeat/runs.js';
import type { Status } from '../core/types.js';
import { isHeartbeat, policyOf, provisionedMonitor, resultOf, type HeartbeatMonitor } from '../checks/heartbeat/monitor.js';
import { LogBudget } from '../store/heartbeat-log-budget.js';
import { pingOfReceived, pingOfRow, pingRowId, rowOf } from '../checks/heartbeat/rows.js';
import { DEFAULT_LOG_BUDGET } from '../checks/heartbeat/schema.js';
import type { PingSink, ProvisionOutcome, ReceivedPing } from '../checks/heartbeat/sink.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import type { Defaults, MonitorConfig } from '../schema/config.js';
import {
  countAutoCreatedHeartbeats,
  insertProvisionedHeartbeat,
  monitorCreatedAt,
  provisionedHeartbeats,
  pruneHeartbeatRuns,
  recentHeartbeatRuns,
} from '../store/heartbeats.js';
import type { Db } from '../store/schema.js';
import type { RecordedResult } from './engine.js';

export interface HeartbeatEvaluatorDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** When this tocsin process started: deadlines that fell before it are not held against jobs. */
  startedAt: number;
  record(result: RecordedResult, monitor: MonitorConfig): void;
  /** Config defaults, for monitors created by `?create=1`. */
  defaults(): Defaults;
  /** How long pings are kept (retention.raw). */
  retention(): number;
  tickMs?: number;
  /** Pings replayed per monitor at start. */
  replayLimit?: number;
}

interface Tracked {
  monitor: HeartbeatMonitor;
  runs: RunsState;
  since: number;
  last?: { status: Status; message: string; at: number };
  nextCheckAt: number;
}

const PRUNE_EVERY = 3_600_000;

export class HeartbeatEvaluator implements PingSink {
  private tracked = new Map<string, Tracked>();
  private byUuid = new Map<string, string>();
  private readonly provisioned = new Map<string, HeartbeatMonitor>();
  private configured: HeartbeatMonitor[] = [];
  private timer: NodeJS.Timeout | undefined;
  private lastPrune = 0;
  private readonly failing = new Set<string>();
  private provisioning: Promise<unknown> = Promise.resolve();
  private limitSaid = false;
  private readonly logs: LogBudget;

  constructor(private readonly deps: HeartbeatEvaluatorDeps) {
    this.logs = new LogBudget(deps.db);
  }

  /** Loads the monitors earlier pings created; call once before the first setMonitors. */
  async loadProvisioned(): Promise<void> {
    for (const row of await provisionedHeartbeats(this.deps.db)) {
      const monitor = JSON.parse(row.definition) as MonitorConfig;
      if (isHeartbeat(monitor)) this.provisioned.set(monitor.id, monitor);
    }
  }

  /** The config's monitors (others are ignored); keeps what is known about unchanged heartbeats. */
  async setMonitors(monitors: readonly MonitorConfig[]): Promise<void> {
    this.configured = monitors.filter(isHeartbeat);
    await this.rebuild();
  }

  start(): void {
    const tick = this.deps.tickMs ?? 1000;
    this.timer = setInterval(() => this.tick(), tick);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Number of heartbeat monitors evaluated. */
  get size(): number {
    return this.tracked.size;
  }

  findByUuid(uuid: string): string | undefined {
    return this.byUuid.get(uuid.toLowerCase());
  }

  findById(id: string): string | undefined {
    return this.tracked.has(id) ? id : undefined;
  }

  pauseOf(monitorId: string): { paused: boolean; manualResume: boolean } {
    const monitor = this.tracked.get(monitorId)?.monitor;
    return { paused: monitor?.paused ?? false, manualResume: monitor?.settings.manual_resume ?? false };
  }

  /** Persists the ping within the monitor's log budget, then judges the monitor at once. */
  async receive(monitorId: string, received: ReceivedPing): Promise<void> {
    const tracked = this.tracked.get(monitorId);
    if (!tracked) throw new Error(`no heartbeat monitor "${monitorId}"`);
    const now = this.deps.clock.now();
    const ping: Ping = pingOfReceived(received, now);
    const { startedAt } = applyPing(tracked.runs, ping);
    await this.logs.store(rowOf(monitorId, received, ping, startedAt, pingRowId(now, randomBytes)), tracked.monitor.settings.log_budget ?? DEFAULT_LOG_BUDGET);
    // Another ping may have landed during the insert: apply to the state as it is now.
    const current = this.tracked.get(monitorId) ?? tracked;
    current.runs = applyPing(current.runs, ping).state;
    this.evaluate(current, now);
  }

  /** One at a time, so concurrent pings cannot count the same free place twice. */
  provision(id: string, limit: number): Promise<ProvisionOutcome> {
    const run = this.provisioning.then(() => this.provisionNow(id, limit));
    this.provisioning = run.catch(() => undefined);
    return run;
  }

  private async provisionNow(id: string, limit: number): Promise<ProvisionOutcome> {
    if (this.tracked.has(id)) return 'exists';
    if ((await countAutoCreatedHeartbeats(this.deps.db)) >= limit) {
      // Said once until a creation succeeds again: a script looping over new ids must not flood the log.
      if (!this.limitSaid) this.deps.logger.warn({ monitor: id, limit }, `not creating heartbeat monitor ${id}: pings already created ${limit}, the limit (server.ping_auto_create_limit)`);
      this.limitSaid = true;
      return 'limit';
    }
    const monitor = provisionedMonitor(id, this.deps.defaults());
    const now = this.deps.clock.now();
    const inserted = await insertProvisionedHeartbeat(this.deps.db, { id, name: id, definition: JSON.stringify(monitor) }, now);
    if (!inserted) return this.tracked.has(id) ? 'exists' : 'conflict';
    this.limitSaid = false;
    this.provisioned.set(id, monitor);
    await this.rebuild();
    this.deps.logger.info({ monitor: id }, `created heartbeat monitor ${id} from its first ping (period 1d, grace 1h)`);
    return 'created';
  }

  /** Judges every monitor whose next deadline has come; exposed for tests. */
  tick(): void {
    const now = this.deps.clock.now();
    for (const tracked of this.tracked.values()) if (now >= tracked.nextCheckAt) this.evaluate(tracked, now);
    if (now - this.lastPrune >= PRUNE_EVERY) {
      this.lastPrune = now;
      pruneHeartbeatRuns(this.deps.db, now - this.deps.retention()).then(
        () => this.logs.forgetTotals(),
        (error: Error) => this.deps.logger.error({ err: error.message }, `pruning old heartbeat pings failed: ${error.message}`),
      );
    }
  }

  private async rebuild(): Promise<void> {
    const wanted = new Map<string, HeartbeatMonitor>();
    for (const monitor of this.provisioned.values()) wanted.set(monitor.id, monitor);
    // A config monitor with the same id replaces the one a ping created.
    for (const monitor of this.configured) wanted.set(monitor.id, monitor);
    const fresh = [...wanted.keys()].filter((id) => !this.tracked.has(id));
    const created = await monitorCreatedAt(this.deps.db, fresh);
    const now = this.deps.clock.now();
    const next = new Map<string, Tracked>();
    for (const [id, monitor] of wanted) {
      const known = this.tracked.get(id);
      if (known) {
        next.set(id, { ...known, monitor, nextCheckAt: now });
        continue;
      }
      const rows = await recentHeartbeatRuns(this.deps.db, id, this.deps.replayLimit ?? 200);
      const runs = replayPings(rows.map(pingOfRow));
      const since = Math.max(created.get(id) ?? now, this.deps.startedAt);
      next.set(id, { monitor, runs, since, nextCheckAt: now });
    }
    this.tracked = next;
    this.byUuid = new Map([...wanted.values()].filter((m) => m.settings.uuid).map((m) => [m.settings.uuid!.toLowerCase(), m.id]));
  }

  private evaluate(tracked: Tracked, now: number): void {
    const { monitor } = tracked;
    if (monitor.paused) {
      // Pings are kept while paused; judging resumes when the config unpauses it.
      tracked.nextCheckAt = Infinity;
      return;
    }
    let verdict;
    try {
      verdict = judgeHeartbeat(policyOf(monitor), { runs: tracked.runs, since: tracked.since }, now);
      this.failing.delete(monitor.id);
    } catch (error) {
      if (!this.failing.has(monitor.id)) this.deps.logger.error({ monitor: monitor.id }, `cannot judge heartbeat ${monitor.id}: ${(error as Error).message}`);
      this.failing.add(monitor.id);
      tracked.nextCheckAt = now + monitor.interval;
      return;
    }
    const status = verdict.status;
    if (status === undefined) {
      tracked.nextCheckAt = verdict.recheckAt !== undefined ? verdict.recheckAt + 1 : now + monitor.interval;
      return;
    }
    const last = tracked.last;
    if (!last || last.status !== status || last.message !== verdict.message || now - last.at >= monitor.interval) {
      const result = resultOf({ ...verdict, status }, tracked.runs);
      this.deps.record({ monitorId: monitor.id, at: now, result, missed: 0 }, monitor);
      tracked.last = { status, message: verdict.message, at: now };
    }
    const due = verdict.recheckAt !== undefined ? verdict.recheckAt + 1 : Infinity;
    tracked.nextCheckAt = Math.min(due, tracked.last!.at + monitor.interval);
  }
}
