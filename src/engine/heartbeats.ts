/**
 * The heartbeat evaluator: keeps what each heartbeat's pings add up to, judges it with the pure
 * core at once on every ping and when its next deadline comes (a timer heap keyed on deadlines:
 * the work is what falls due, never a walk over every heartbeat), and hands results to the same
 * `record` path as polled checks. A result is recorded when the status or message changes, and at
 * least once per monitor interval so history shows heartbeats too. It is also the ping API's sink:
 * lookups are in memory; a ping costs one insert (and, past the monitor's log budget, dropping its
 * oldest logs) plus one upsert of the heartbeat's state and deadline (store/heartbeat-state.ts).
 * The store is the truth: a restart reads the states back, a deadline re-reads its row first (a
 * ping another instance received counts), and an indexed query finds deadlines set elsewhere.
 */
import { randomBytes } from 'node:crypto';
import { judgeHeartbeat } from '../core/heartbeat/judge.js';
import { applyPing, replayPings, type Ping, type RunsState } from '../core/heartbeat/runs.js';
import type { Status } from '../core/types.js';
import { isHeartbeat, policyOf, resultOf, type HeartbeatMonitor } from '../checks/heartbeat/monitor.js';
import { LogBudget } from '../store/heartbeat-log-budget.js';
import { pingOfReceived, pingOfRow, pingRowId, rowOf } from '../checks/heartbeat/rows.js';
import { DEFAULT_LOG_BUDGET } from '../checks/heartbeat/schema.js';
import type { PingSink, ReceivedPing } from '../checks/heartbeat/sink.js';
import type { Clock } from '../lib/clock.js';
import { DueTimer } from './due-timer.js';
import { timersOf, type Timers } from './timers.js';
import type { Logger } from '../lib/logger.js';
import type { MonitorConfig } from '../schema/config.js';
import { monitorCreatedAt, pruneHeartbeatRuns, recentHeartbeatRuns } from '../store/heartbeats.js';
import { loadHeartbeatStates, overdueHeartbeats, saveHeartbeatState, setAlertAfter, type StoredHeartbeat } from '../store/heartbeat-state.js';
import type { Db } from '../store/schema.js';
import type { RecordedResult } from './engine.js';

export interface HeartbeatEvaluatorDeps {
  db: Db;
  /** Timers too (engine/timers.ts) when given; a plain clock gets real timers. */
  clock: Clock | Timers;
  logger: Logger;
  /** When this tocsin process started: deadlines that fell before it are not held against jobs. */
  startedAt: number;
  record(result: RecordedResult, monitor: MonitorConfig): void;
  /** How long pings are kept (retention.raw). */
  retention(): number;
  /** How often the store is asked for deadlines another instance set (default 5 s). */
  pollMs?: number;
  /** Pings replayed per monitor when the store has no state for it yet (a store from before states were kept). */
  replayLimit?: number;
}

interface Tracked {
  monitor: HeartbeatMonitor;
  runs: RunsState;
  since: number;
  last?: { status: Status; message: string; at: number };
  /** When this instance last changed or read the stored runs. */
  updatedAt: number;
  /** The deadline as stored, so an unchanged one is not written again. */
  storedAlertAfter: number | null;
}

const PRUNE_EVERY = 3_600_000;

export class HeartbeatEvaluator implements PingSink {
  private tracked = new Map<string, Tracked>();
  private byUuid = new Map<string, string>();
  private configured: HeartbeatMonitor[] = [];
  private readonly timers: Timers;
  private readonly due: DueTimer;
  private readonly repeating: Array<() => void> = [];
  private writes: Promise<unknown> = Promise.resolve();
  /** The latest poll or prune, for settled(). */
  private background: Promise<unknown> = Promise.resolve();
  private running = false;
  private readonly failing = new Set<string>();
  private readonly logs: LogBudget;

  constructor(private readonly deps: HeartbeatEvaluatorDeps) {
    this.logs = new LogBudget(deps.db);
    this.timers = timersOf(deps.clock);
    this.due = new DueTimer(this.timers, (ids) => void this.deadlines(ids));
  }

  /** The config's and the API's monitors (others are ignored; monitors pings created are API monitors); keeps what is known about unchanged heartbeats. */
  async setMonitors(monitors: readonly MonitorConfig[]): Promise<void> {
    this.configured = monitors.filter(isHeartbeat);
    await this.rebuild();
  }

  start(): void {
    this.running = true;
    this.due.start();
    this.every(PRUNE_EVERY, () => this.prune());
    this.every(this.deps.pollMs ?? 5000, () => this.pollStore());
  }

  stop(): void {
    this.running = false;
    this.due.stop();
    for (const cancel of this.repeating.splice(0)) cancel();
  }

  /** When the monitor is next judged (its deadline, or its next periodic record); for tests and status. */
  nextCheckAt(id: string): number | undefined {
    return this.due.dueOf(id);
  }

  /** Resolves once the judgements and state writes started so far have finished (tests; a clean stop). */
  async settled(): Promise<void> {
    await this.background;
    await this.pending;
    await this.writes;
  }

  /** Runs `fn` every `ms` after the previous run finished, until stop(). */
  private every(ms: number, fn: () => Promise<void>): void {
    const slot = this.repeating.length;
    const arm = () => {
      if (!this.running) return;
      this.repeating[slot] = this.timers.after(ms, () => {
        const run = fn().finally(arm);
        this.background = run;
      });
    };
    this.repeating.push(() => undefined);
    arm();
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
    current.updatedAt = now;
    const alertAfter = this.evaluate(current, now);
    current.storedAlertAfter = alertAfter;
    await this.write(() => saveHeartbeatState(this.deps.db, { monitorId, runs: current.runs, alertAfter, updatedAt: now }));
  }

  /** Judges every monitor whose deadline has come; the timer calls this, and tests may. */
  async tick(): Promise<void> {
    this.due.fire();
    await this.pending;
  }

  private pending: Promise<void> = Promise.resolve();

  /**
   * Deadlines that came: re-read their rows first, so a ping another instance received since is
   * counted rather than paged as missing, then judge each.
   */
  private deadlines(ids: string[]): Promise<void> {
    const run = this.pending.then(async () => {
      try {
        const { states } = await loadHeartbeatStates(this.deps.db, ids);
        this.adopt(states);
      } catch (error) {
        // The store being unreadable must not stop judging: the state in memory is the latest this instance saw.
        this.deps.logger.error({ err: (error as Error).message }, `reading heartbeat states failed: ${(error as Error).message}`);
      }
      const now = this.timers.now();
      for (const id of ids) {
        const tracked = this.tracked.get(id);
        if (tracked) this.judgeAndStore(tracked, now);
      }
    });
    this.pending = run.catch(() => undefined);
    return run;
  }

  /** Rows written by another instance after what this one knows replace its runs. */
  private adopt(states: Map<string, StoredHeartbeat>): void {
    for (const [id, stored] of states) {
      const tracked = this.tracked.get(id);
      if (!tracked || stored.updatedAt <= tracked.updatedAt) continue;
      tracked.runs = stored.runs;
      tracked.updatedAt = stored.updatedAt;
      tracked.storedAlertAfter = stored.alertAfter;
    }
  }

  /** Deadlines set by another instance (or missed by this one's timer) that have passed. */
  private async pollStore(): Promise<void> {
    try {
      const found = await overdueHeartbeats(this.deps.db, this.timers.now());
      // Rows of heartbeats no longer configured would fill every answer: their deadlines are cleared.
      for (const id of found.filter((id) => !this.tracked.has(id))) void this.write(() => setAlertAfter(this.deps.db, id, null));
      const overdue = found.filter((id) => this.tracked.has(id));
      if (overdue.length > 0) await this.deadlines(overdue);
    } catch (error) {
      this.deps.logger.error({ err: (error as Error).message }, `looking for overdue heartbeats failed: ${(error as Error).message}`);
    }
  }

  /** Deletes pings older than the retention; hourly from start(), exposed for tests. */
  async prune(): Promise<void> {
    try {
      await pruneHeartbeatRuns(this.deps.db, this.timers.now() - this.deps.retention());
      this.logs.forgetTotals();
    } catch (error) {
      this.deps.logger.error({ err: (error as Error).message }, `pruning old heartbeat pings failed: ${(error as Error).message}`);
    }
  }

  /** Judges and, when the deadline moved, stores it. */
  private judgeAndStore(tracked: Tracked, now: number): void {
    const alertAfter = this.evaluate(tracked, now);
    if (alertAfter === tracked.storedAlertAfter) return;
    tracked.storedAlertAfter = alertAfter;
    const id = tracked.monitor.id;
    void this.write(() => setAlertAfter(this.deps.db, id, alertAfter));
  }

  /** State writes go one after another, so an older state never lands after a newer one. */
  private write(fn: () => Promise<void>): Promise<void> {
    const run = this.writes.then(fn).catch((error: Error) => {
      this.deps.logger.error({ err: error.message }, `saving heartbeat state failed: ${error.message}`);
    });
    this.writes = run;
    return run;
  }

  private async rebuild(): Promise<void> {
    const wanted = new Map(this.configured.map((monitor) => [monitor.id, monitor]));
    const fresh = [...wanted.keys()].filter((id) => !this.tracked.has(id));
    const created = await monitorCreatedAt(this.deps.db, fresh);
    const { states, broken } = await loadHeartbeatStates(this.deps.db, fresh);
    for (const { monitorId, problem } of broken)
      this.deps.logger.error({ monitor: monitorId }, `${monitorId}: ${problem}; rebuilding it from the stored pings`);
    const now = this.timers.now();
    const next = new Map<string, Tracked>();
    for (const [id, monitor] of wanted) {
      const known = this.tracked.get(id);
      if (known) {
        next.set(id, { ...known, monitor });
        continue;
      }
      const stored = states.get(id);
      const since = Math.max(created.get(id) ?? now, this.deps.startedAt);
      if (stored) {
        next.set(id, { monitor, runs: stored.runs, since, updatedAt: stored.updatedAt, storedAlertAfter: stored.alertAfter });
        continue;
      }
      // A store kept by an older tocsin has no state yet: replay its pings once, then keep the state.
      const rows = await recentHeartbeatRuns(this.deps.db, id, this.deps.replayLimit ?? 200);
      const runs = replayPings(rows.map(pingOfRow));
      next.set(id, { monitor, runs, since, updatedAt: now, storedAlertAfter: null });
      if (rows.length > 0) void this.write(() => saveHeartbeatState(this.deps.db, { monitorId: id, runs, alertAfter: null, updatedAt: now }));
    }
    for (const id of this.tracked.keys()) if (!next.has(id)) this.due.unschedule(id);
    this.tracked = next;
    this.byUuid = new Map([...wanted.values()].filter((m) => m.settings.uuid).map((m) => [m.settings.uuid!.toLowerCase(), m.id]));
    // Judged on the next turn of the timer, as a reload's changed settings may move every deadline.
    for (const id of next.keys()) this.due.schedule(id, now);
  }

  /**
   * Judges the monitor, records what changed, schedules its next judgement and returns its
   * deadline for the store: when time alone next changes the verdict, or null.
   */
  private evaluate(tracked: Tracked, now: number): number | null {
    const { monitor } = tracked;
    const id = monitor.id;
    if (monitor.paused) {
      // Pings are kept while paused; judging resumes when the config unpauses it.
      this.due.unschedule(id);
      return null;
    }
    let verdict;
    try {
      verdict = judgeHeartbeat(policyOf(monitor), { runs: tracked.runs, since: tracked.since }, now);
      this.failing.delete(id);
    } catch (error) {
      if (!this.failing.has(id)) this.deps.logger.error({ monitor: id }, `cannot judge heartbeat ${id}: ${(error as Error).message}`);
      this.failing.add(id);
      this.due.schedule(id, now + monitor.interval);
      return tracked.storedAlertAfter;
    }
    // The verdict changes just after recheckAt (the core compares with `>`).
    const alertAfter = verdict.recheckAt !== undefined ? verdict.recheckAt + 1 : null;
    const status = verdict.status;
    if (status === undefined) {
      this.due.schedule(id, alertAfter ?? now + monitor.interval);
      return alertAfter;
    }
    const last = tracked.last;
    if (!last || last.status !== status || last.message !== verdict.message || now - last.at >= monitor.interval) {
      const result = resultOf({ ...verdict, status }, tracked.runs);
      this.deps.record({ monitorId: id, at: now, result, missed: 0 }, monitor);
      tracked.last = { status, message: verdict.message, at: now };
    }
    this.due.schedule(id, Math.min(alertAfter ?? Infinity, tracked.last!.at + monitor.interval));
    return alertAfter;
  }
}
