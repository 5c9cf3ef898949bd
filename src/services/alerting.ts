/**
 * Alerting in the pipeline: every result goes through the alert state machine (after its
 * maintenance and upstream context), and what it decides — the confirmed status, the alert state,
 * the notifications — goes to the writer together, so one transaction stores all of it. Time-driven
 * work is proportional to what is due: escalation steps, reminders, timed windows ending and
 * flapping settling wake each monitor from a timer heap keyed on core nextWake(); a 1 s
 * housekeeping turn (cost: the maintenance windows and the ack queue, not the monitors) opens and
 * closes windows for the monitors they hold and applies queued acks; an upstream's change of
 * status refreshes its dependants at once.
 */
import {
  affectedDependants,
  confirming,
  initialState,
  nextWake,
  sharingNone,
  step,
  type AlertEvent,
  type AlertInput,
  type AlertPolicy,
  type AlertState,
} from '../core/alert/index.js';
import type { ConfirmedStatus } from '../core/types.js';
import { maintenanceAt, type OpenWindow } from '../core/maintenance.js';
import type { RecordedResult } from '../engine/engine.js';
import { NO_CHANGE, type AlertWrite, type ResultWriter } from '../engine/result-writer.js';
import type { StateTracker } from '../engine/state-tracker.js';
import type { Clock } from '../lib/clock.js';
import { DueTimer } from '../engine/due-timer.js';
import { timersOf, type Timers } from '../engine/timers.js';
import type { Logger } from '../lib/logger.js';
import type { Config, MonitorConfig } from '../schema/config.js';
import type { BrokenAlertState, StoredAlertState } from '../store/alert-state.js';
import { outboxId, type OutboxInsert } from '../store/outbox.js';
import { contextInputs, needsTicks, routineChange, sameState, worstOf, type Surroundings } from './alert-context.js';
import { linksFor, type LinkSettings } from './alert-links.js';
import { policyFor, unrouted } from './alert-policy.js';
import type { AckTarget } from './acknowledge.js';
import { AckApplier } from './alert-acks.js';
import { AlertFailures } from './alert-failures.js';
import type { IncidentAuto } from './incident-auto.js';
import { monitorTarget } from './monitor-target.js';
import { acknowledgedRows, outboxRows, type NotifyFacts } from './notifications.js';
import { routeChannel } from './oncall-route.js';
import { ObjectProblems, type ObjectProblem } from './object-problems.js';
import type { Db } from '../store/schema.js';

export interface AlertingDeps {
  /** Timers too (engine/timers.ts) when given; a plain clock gets real timers. */
  clock: Clock | Timers;
  logger: Logger;
  db: Db;
  tracker: StateTracker;
  writer: Pick<ResultWriter, 'add' | 'addAlert' | 'flush'>;
  /** Read when a notification is made: the base URL is only known once the server listens. */
  links(): LinkSettings;
  /** How often windows and queued acks are looked at (default 1 s). */
  tickEvery?: number;
  /** Opens and joins response incidents from the events; the id it returns goes on the notifications. */
  incidents?: Pick<IncidentAuto, 'onAlert'>;
  /** Cluster mode: whether this instance holds the monitor; queued acknowledgements of the others' are left to them. */
  holds?: (monitorId: string) => boolean;
}

export class Alerting {
  private readonly states = new Map<string, AlertState>();
  private monitors = new Map<string, MonitorConfig>();
  private policies = new Map<string, AlertPolicy>();
  private dependsOn: Record<string, string[]> = {};
  private config: Config | undefined;
  private readonly timers: Timers;
  private readonly due: DueTimer;
  private stopHousekeeping: (() => void) | undefined;
  /** Monitors a window started or stopped holding since they were last brought up to date. */
  private readonly windowChanged = new Set<string>();
  private ticking = false;
  private unroutedSaid = '';
  private windows = { second: Number.NaN, open: new Map<string, OpenWindow>() };
  private readonly failing: AlertFailures;
  private readonly messages = new Messages();
  private readonly problems: ObjectProblems;
  readonly acks: AckApplier;

  constructor(private readonly deps: AlertingDeps) {
    this.timers = timersOf(deps.clock);
    this.due = new DueTimer(this.timers, (ids, now) => this.wake(ids, now));
    this.acks = new AckApplier(
      deps.db,
      deps.writer,
      (request, now) => this.acknowledge(request, now),
      (id) => this.ackTarget(id),
      deps.holds,
    );
    this.failing = new AlertFailures(deps.logger);
    this.problems = new ObjectProblems(deps.logger);
  }

  /** Start from the stored states, so a restart neither re-announces an outage nor forgets its escalation. */
  seed(stored: Iterable<StoredAlertState>): void {
    for (const { monitorId, state } of stored) {
      this.states.set(monitorId, state);
      // A state that cannot be read is that monitor's failure alone (listed for /healthz).
      this.failing.guard(`tick ${monitorId}`, () => {
        const shared = sharingNone(state);
        this.states.set(monitorId, shared);
        this.scheduleWake(monitorId, shared);
      });
    }
  }

  /**
   * Cluster mode: the stored states of upstreams another instance holds and judges. Read every lease
   * turn, so a dependant here is held back by (or released from) its upstream's current state; a
   * change of status refreshes its dependants at once, as an upstream judged here does.
   */
  upstreamsRead(stored: Iterable<StoredAlertState>): void {
    const now = this.deps.clock.now();
    for (const { monitorId, state } of stored) {
      if (this.monitors.has(monitorId)) continue;
      const before = this.states.get(monitorId)?.status;
      this.states.set(monitorId, state);
      if (before !== state.status) this.refreshDependants(monitorId, now);
    }
  }

  /**
   * Stored states that did not validate: each monitor starts afresh (pending) and is named in
   * /healthz and the log until its state is written again; the other monitors are unaffected.
   */
  reportBrokenStates(broken: readonly BrokenAlertState[]): void {
    const now = this.deps.clock.now();
    for (const { monitorId, problem } of broken) {
      this.failing.failed(`state ${monitorId}`, new Error(`${problem}; starting it afresh`));
      // Episodes name dedup keys: counting on from the clock's seconds keeps the fresh state's pages
      // from colliding with (and being dropped as repeats of) those of the state that was lost.
      this.states.set(monitorId, { ...initialState(), episode: Math.floor(now / 1000) });
    }
  }

  configure(config: Config, active: readonly MonitorConfig[]): void {
    this.config = config;
    this.monitors = new Map(active.map((m) => [m.id, m]));
    this.policies = sharedPolicies(active, config);
    this.dependsOn = Object.fromEntries(active.filter((m) => m.depends_on.length > 0).map((m) => [m.id, m.depends_on]));
    this.windows.second = Number.NaN;
    for (const id of this.states.keys()) if (!this.monitors.has(id)) this.due.unschedule(id);
    // Policies may have changed every wake time (a new escalation step, another reminder interval).
    for (const monitor of active) this.failing.guard(`tick ${monitor.id}`, () => this.scheduleWake(monitor.id, this.current(monitor.id)));
    this.failing.keep(this.monitors);
    // A window added or removed (a silence from the API, a reload) holds or releases its monitors now, not at the next turn.
    if (!this.ticking) this.applyWindows(this.deps.clock.now());
    // Named up to 20: at 100,000 monitors without a policy the whole list was a 700 kB log line.
    const ids = unrouted(config);
    const silent = ids.length > 20 ? `${ids.slice(0, 20).join(', ')} and ${ids.length - 20} more` : ids.join(', ');
    // Said once per change of the list: configure() runs again after every API write.
    if (silent && silent !== this.unroutedSaid)
      this.deps.logger.warn(`no escalation policy routes the alerts of ${silent}: set defaults.escalation or escalation on them`);
    this.unroutedSaid = silent;
  }

  /** The monitor being checked under this id, and what each monitor depends on: for the incident hook. */
  monitorOf(monitorId: string): MonitorConfig | undefined {
    return this.monitors.get(monitorId);
  }

  dependencies(): Readonly<Record<string, readonly string[]>> {
    return this.dependsOn;
  }

  stateOf(monitorId: string): AlertState | undefined {
    return this.states.get(monitorId);
  }

  /** A monitor being checked, with its alert state: what an acknowledgement would act on. */
  ackTarget(monitorId: string): AckTarget | undefined {
    const monitor = this.monitors.get(monitorId);
    return monitor && { id: monitor.id, name: monitor.name, state: this.current(monitorId) };
  }

  record(recorded: RecordedResult): void {
    const { monitorId } = recorded;
    if (!this.monitors.has(monitorId)) return this.deps.writer.add(recorded, this.deps.tracker.apply(recorded));
    const now = this.deps.clock.now();
    let changed = false;
    const judged = this.failing.guard(`result ${monitorId}`, () => {
      const before = this.current(monitorId);
      const input: AlertInput = { kind: 'result', status: recorded.result.status, message: this.messages.intern(recorded.result.message), at: recorded.at };
      const { state, events } = this.advance(monitorId, [...contextInputs(monitorId, before, this.around(now)), input], now);
      const marker = confirming(state, this.policy(monitorId));
      const confirmed = this.deps.tracker.apply(recorded, { status: state.status, since: state.since, message: state.message, confirming: marker });
      // Uptime counts what was judged against a confirmed monitor outside maintenance (docs/states.md).
      const excluded = state.status === 'pending' || state.maintenance !== null;
      const write = this.commit(monitorId, state, events, now);
      // A steady monitor's result changes nothing the stored row judges by: not rewritten (alert-context.ts).
      const kept = events.length === 0 && routineChange(before, state, this.policy(monitorId)) ? NO_CHANGE : write;
      this.deps.writer.add(excluded ? { ...recorded, excluded } : recorded, confirmed, kept);
      changed = before.status !== state.status;
    });
    // Never thrown into the engine, and the result is kept; the next result or tick tries again.
    if (!judged) this.deps.writer.add(recorded, this.deps.tracker.apply(recorded));
    else if (changed) this.refreshDependants(monitorId, now);
  }

  /** API resources the merge had to leave out: each is told about once, as a window that cannot be evaluated is. */
  reportStoredProblems(problems: readonly ObjectProblem[]): void {
    this.tell('stored', problems, this.deps.clock.now());
  }

  /** What threw on its latest attempt and has not worked since: /healthz is unhealthy while this is not empty. */
  failures(): Array<{ what: string; error: string }> {
    return this.failing.list();
  }

  start(): void {
    this.due.start();
    const every = this.deps.tickEvery ?? 1000;
    const arm = () => {
      this.stopHousekeeping = this.timers.after(every, () => void this.housekeep().finally(() => this.stopHousekeeping && arm()));
    };
    arm();
  }

  stop(): void {
    this.due.stop();
    const cancel = this.stopHousekeeping;
    this.stopHousekeeping = undefined;
    cancel?.();
  }

  /** The housekeeping turn, then every monitor whose wake time has come; the timers call these, tests may call this. */
  async tick(): Promise<void> {
    await this.housekeep();
    this.due.fire();
  }

  /** When a monitor's alert state next needs time to pass (for tests and status displays). */
  wakeOf(monitorId: string): number | undefined {
    return this.due.dueOf(monitorId);
  }

  /** Windows opening and closing, queued acks. Costs the windows and the queue, never a walk over the monitors. */
  private async housekeep(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      const now = this.deps.clock.now();
      this.applyWindows(now);
      await this.acks.applyQueued(now);
      this.failing.succeeded('tick');
    } catch (error) {
      this.failing.failed('tick', error);
    } finally {
      this.ticking = false;
    }
  }

  /** Brings the monitors whose holding window opened, closed or changed up to date with it. */
  private applyWindows(now: number): void {
    this.around(now);
    const changed = [...this.windowChanged];
    this.windowChanged.clear();
    // One monitor's step that throws must not keep the others from theirs.
    for (const id of changed) if (this.monitors.get(id)?.paused === false) this.failing.guard(`tick ${id}`, () => this.update(id, [], now));
  }

  /** Monitors whose wake time came: escalation steps, reminders, a timed window's end, flapping settling. */
  private wake(ids: string[], now: number): void {
    for (const id of ids) if (this.monitors.get(id)?.paused === false) this.failing.guard(`tick ${id}`, () => this.update(id, [{ kind: 'tick' }], now));
  }

  private scheduleWake(monitorId: string, state: AlertState): void {
    const monitor = this.monitors.get(monitorId);
    if (!monitor || monitor.paused) return this.due.unschedule(monitorId);
    this.due.schedule(monitorId, nextWake(state, this.policy(monitorId)) ?? Infinity);
  }

  /** Brings one monitor up to date with its context (plus `extra` inputs); writes only what changed. */
  private update(monitorId: string, extra: AlertInput[], now: number): void {
    const before = this.current(monitorId);
    const context = contextInputs(monitorId, before, this.around(now));
    if (context.length === 0 && !needsStep(before, extra)) return;
    const { state, events } = this.advance(monitorId, [...context, ...extra], now);
    this.scheduleWake(monitorId, state);
    if (events.length === 0 && sameState(before, state)) return;
    this.deps.writer.addAlert(this.commit(monitorId, state, events, now));
  }

  /** An upstream's confirmed status changed: its dependants are held back or released now, not at the next tick. */
  private refreshDependants(monitorId: string, now: number): void {
    for (const [id, upstreams] of Object.entries(this.dependsOn))
      if (upstreams.includes(monitorId)) this.failing.guard(`tick ${id}`, () => this.update(id, [], now));
  }

  private tell(source: 'stored' | 'evaluated', problems: readonly ObjectProblem[], now: number): void {
    const notifications = this.problems.update(source, problems, this.config?.fallback ?? [], now);
    if (notifications.length > 0) this.deps.writer.addAlert({ notifications });
  }

  private acknowledge(request: { monitorId: string; by: string }, now: number): AlertWrite {
    const { state, events } = this.advance(request.monitorId, [{ kind: 'ack', by: request.by }], now);
    const write = this.commit(request.monitorId, state, events, now);
    const facts = this.facts(request.monitorId, state, now);
    const told = facts ? acknowledgedRows(facts, request.by, () => outboxId(now)) : [];
    return { ...write, notifications: [...(write.notifications ?? []), ...told] };
  }

  private current(monitorId: string): AlertState {
    return this.states.get(monitorId) ?? initialState();
  }

  private policy(monitorId: string): AlertPolicy {
    return this.policies.get(monitorId) ?? { down_after: 1, up_after: 1, escalation: [] };
  }

  private advance(monitorId: string, inputs: AlertInput[], now: number): { state: AlertState; events: AlertEvent[] } {
    const policy = this.policy(monitorId);
    let state = this.current(monitorId);
    const events: AlertEvent[] = [];
    for (const input of inputs) {
      const outcome = step(state, input, policy, now);
      state = outcome.state;
      events.push(...outcome.events);
    }
    this.states.set(monitorId, state);
    return { state, events };
  }

  private commit(monitorId: string, state: AlertState, events: AlertEvent[], now: number): AlertWrite {
    this.scheduleWake(monitorId, state);
    this.failing.succeeded(`state ${monitorId}`);
    const facts = events.length > 0 ? this.facts(monitorId, state, now) : undefined;
    const incidentId = events.length > 0 ? this.deps.incidents?.onAlert(monitorId, events, now) : undefined;
    const notifications = facts ? events.flatMap((event) => outboxRows(event, facts, () => outboxId(now))).map((row) => withIncident(row, incidentId)) : [];
    for (const event of events) {
      this.deps.logger.info(
        { monitor: monitorId, event: event.type, channels: event.channels },
        `${monitorId}: ${event.type} to ${event.channels.join(', ')}: ${event.message}`,
      );
    }
    return { alert: { monitorId, state, updatedAt: now }, notifications };
  }

  private facts(monitorId: string, state: AlertState, now: number): NotifyFacts | undefined {
    const monitor = this.monitors.get(monitorId);
    const config = this.config;
    if (!monitor || !config) return undefined;
    const links = linksFor(monitor, config, this.deps.links(), now);
    return {
      monitor: { id: monitor.id, name: monitor.name, type: monitor.type, target: monitorTarget(monitor) },
      state,
      now,
      runbookUrl: links.runbookUrl,
      ackUrl: links.ackUrl,
      statusPageUrl: links.statusPageUrl,
      dependants: affectedDependants(monitorId, this.dependsOn, this.statusView()),
      route: (channel) => routeChannel(channel, config, now),
    };
  }

  /**
   * Confirmed statuses, worsened by the latest raw result: for naming the dependants an outage takes
   * down. Only monitors that depend on another can be such a dependant; reading every monitor here,
   * once per notification, made a 5,000-alert Alertmanager group quadratic.
   */
  private statusView(): Record<string, { status: ConfirmedStatus }> {
    const view: Record<string, { status: ConfirmedStatus }> = {};
    for (const id of Object.keys(this.dependsOn)) view[id] = { status: worstOf(this.current(id).status, this.deps.tracker.get(id)?.lastStatus) };
    return view;
  }

  /** Open windows are recomputed once a second at most: croner's calendar walk is not free. */
  private around(now: number): Surroundings {
    const second = Math.floor(now / 1000);
    if (this.windows.second !== second) {
      const { held, broken } = maintenanceAt(this.config?.maintenance ?? [], now);
      noteChanges(this.windows.open, held, this.windowChanged);
      this.windows = { second, open: held };
      this.tell(
        'evaluated',
        broken.map((w) => ({ kind: 'maintenance window', id: w.name, problem: w.problem })),
        now,
      );
    }
    return { maintenance: this.windows.open, dependsOn: this.dependsOn, statusOf: (id) => this.states.get(id) };
  }
}

/** Monitors whose holding window appeared, went or changed between two readings of the windows. */
function noteChanges(before: ReadonlyMap<string, OpenWindow>, after: ReadonlyMap<string, OpenWindow>, into: Set<string>): void {
  for (const [id, window] of after) {
    const was = before.get(id);
    if (!was || was.end !== window.end || Boolean(was.silence) !== Boolean(window.silence)) into.add(id);
  }
  for (const id of before.keys()) if (!after.has(id)) into.add(id);
}

/**
 * Results repeat their messages ("HTTP 200 in 3 ms"): states keep one copy of each instead of a
 * string built per result and monitor (80–120 bytes a monitor, issue 14). Bounded: forgets all when full.
 */
class Messages {
  private readonly seen = new Map<string, string>();

  intern(message: string): string {
    const same = this.seen.get(message);
    if (same !== undefined) return same;
    if (this.seen.size >= 10_000) this.seen.clear();
    this.seen.set(message, message);
    return message;
  }
}

/** Monitors with equal policies share one: most take the defaults, and a copy each cost about 200 bytes a monitor (issue 14). */
function sharedPolicies(active: readonly MonitorConfig[], config: Config): Map<string, AlertPolicy> {
  const shared = new Map<string, AlertPolicy>();
  const policies = new Map<string, AlertPolicy>();
  for (const monitor of active) {
    const policy = policyFor(monitor, config);
    const key = JSON.stringify(policy);
    const same = shared.get(key);
    if (same === undefined) shared.set(key, policy);
    policies.set(monitor.id, same ?? policy);
  }
  return policies;
}

function withIncident(row: OutboxInsert, incidentId: string | undefined): OutboxInsert {
  return incidentId === undefined ? row : { ...row, notification: { ...row.notification, incident_id: incidentId } };
}

function needsStep(state: AlertState, extra: AlertInput[]): boolean {
  return extra.some((input) => input.kind !== 'tick') || needsTicks(state);
}
