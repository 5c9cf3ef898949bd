/**
 * The parent of `tocsin start`: runs the engine as a child, reads its
 * heartbeat from outside the child's event loop, and restarts it — with
 * backoff, logged with the reason, announced as `tocsin.self` — when it
 * falls silent, blocks, bloats, stalls or exits. It opens no database and no
 * socket: there is little in it that can fail. The decision is pure
 * (src/core/watchdog.ts); this file only keeps the facts and acts.
 */
import { signalGroup } from '../lib/process-group.js';
import { SUSPECT_CAUSES, judgeSuspects, nameMonitors } from '../core/quarantine.js';
import { HEALTHY_RUN, describeExit, judgeEngine, restartDelay, type RestartCause, type WatchdogView } from '../core/watchdog.js';
import { RUNNING_REPORT_ENV, type EngineMessage } from '../engine/heartbeat-ipc.js';
import { faultsSurvivingRestart } from '../engine/test-faults.js';
import type { Clock } from '../lib/clock.js';
import { cpuWaitMs } from '../lib/cpu-wait.js';
import type { Logger } from '../lib/logger.js';
import type { ChildExit, EngineChild, SpawnEngine } from './child.js';
import { RESTART_ENV, encodeNotice, type RestartNotice } from '../engine/restart-notice-env.js';

export interface SupervisorDeps {
  spawn: SpawnEngine;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  clock: Clock;
  watchdog(): { stallAfter: number; maxRss: number | undefined; configuredMonitors?: number };
  /** How often the heartbeat facts are judged. */
  checkEvery?: number;
  /** A clean stop: time for results in flight and the outbox before SIGKILL. */
  stopGraceMs?: number;
  /** A restart: the engine is already failing; do not wait long for it. */
  killGraceMs?: number;
  /** How long a process has waited for a CPU so far, ms (src/lib/cpu-wait.ts); undefined where unknown. */
  cpuWait?(pid: number): number | undefined;
  /** Told the count of monitors the engine schedules, at every beat. */
  onScheduled?(scheduled: number): void;
}

type Facts = Omit<WatchdogView, 'now' | 'stallAfter' | 'maxRss' | 'configuredMonitors' | 'waited'> & {
  /** The engine's CPU wait (ms, cumulative) when its last beat, the one before, and its last progress arrived. */
  waitAtBeat: number;
  waitAtBeatBefore: number;
  waitAtProgress: number;
};

/** A supervisor timer this late was itself starved: the engine's beats may be waiting unread in the pipe. */
const LATE_TICK_MS = 1_000;
/** How often a starved engine is reported in the log, at most. */
const STARVED_REPORT_EVERY = 60_000;

export class Supervisor {
  private child: EngineChild | undefined;
  private facts: Facts | undefined;
  private timer: NodeJS.Timeout | undefined;
  private restarting = false;
  private stopping = false;
  private everReady = false;
  private inARow = 0;
  /** Whether the current engine was started by a restart (with a notice), not by `tocsin start`. */
  private relaunched = false;
  private notice: RestartNotice | undefined;
  /** Monitors whose checks the current engine is running, as it reports them. */
  private running = new Set<string>();
  /** Those running at the last restart for a blocked loop or unsettled checks (src/core/quarantine.ts). */
  private suspects: string[] = [];
  /**
   * Set by a restart for a freeze or a stall, cleared by one after a healthy run: the engines started
   * meanwhile report their running checks at every turn of the loop, not once a second, so the
   * check that freezes them is named (src/engine/heartbeat-ipc.ts).
   */
  private watchEachTurn = false;
  private lastWatchAt: number | undefined;
  private starvedReport = { at: 0, waited: 0 };
  private finish: (code: number) => void = () => undefined;
  readonly done = new Promise<number>((resolve) => (this.finish = resolve));

  constructor(private readonly deps: SupervisorDeps) {}

  /** Starts the engine; `done` resolves with the exit code once the supervisor has ended. */
  start(): void {
    this.launch();
    this.timer = setInterval(() => this.watch(), this.deps.checkEvery ?? 250);
  }

  /** SIGTERM to the engine, SIGKILL after the grace; resolves when it is gone. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    clearInterval(this.timer);
    if (this.child) await this.child.end(this.deps.stopGraceMs ?? 10_000);
    this.reapPlugins(this.facts);
    this.finish(0);
  }

  /** SIGHUP: the engine rereads its config, told first how many monitors the file now holds. */
  reload(monitors: number): void {
    this.child?.tell({ type: 'monitors', count: monitors });
    this.child?.signal('SIGHUP');
  }

  private launch(): void {
    const env = { ...this.deps.env };
    if (this.watchEachTurn) env[RUNNING_REPORT_ENV] = 'each-turn';
    if (this.notice) {
      env[RESTART_ENV] = encodeNotice(this.notice);
      // An injected fault is one incident to survive, not a crash loop to reproduce; a fault
      // carried by a monitor stays with it, as the bad setting it stands for would.
      const kept = faultsSurvivingRestart(env.TOCSIN_TEST_FAULTS);
      if (kept) env.TOCSIN_TEST_FAULTS = kept;
      else delete env.TOCSIN_TEST_FAULTS;
    }
    this.relaunched = this.notice !== undefined;
    // The last engine's count includes the monitors added since by the API, which the file does not hold.
    const monitors = Math.max(this.deps.watchdog().configuredMonitors ?? 0, this.facts?.lastBeat?.scheduled ?? 0);
    const child = this.deps.spawn(env, monitors);
    this.child = child;
    this.running = new Set();
    this.starvedReport = { at: 0, waited: 0 };
    this.facts = {
      spawnedAt: this.deps.clock.now(),
      readyAt: undefined,
      lastBeatAt: undefined,
      lastBeat: undefined,
      lastProgressAt: undefined,
      waitAtBeat: 0,
      waitAtBeatBefore: 0,
      waitAtProgress: 0,
    };
    this.deps.logger.info({ engine_pid: child.pid }, `engine started (pid ${child.pid})`);
    child.onMessage((message) => this.receive(child, message));
    void child.exited.then((exit) => this.exited(child, exit));
  }

  private receive(child: EngineChild, message: EngineMessage): void {
    const facts = this.facts;
    if (child !== this.child || !facts) return;
    const now = this.deps.clock.now();
    if (message.type === 'ready') {
      facts.readyAt = now;
      const where = { engine_pid: child.pid, address: message.address };
      if (this.notice)
        this.deps.logger.warn({ ...where, reasons: this.notice.reasons }, `engine back after restart ${this.inARow}; listening on ${message.address}`);
      else this.deps.logger.info(where, `engine ready; listening on ${message.address}`);
      this.everReady = true;
      this.notice = undefined;
      return;
    }
    if (message.type === 'running') {
      for (const id of message.started) this.running.add(id);
      for (const id of message.ended) this.running.delete(id);
      return;
    }
    const before = facts.lastBeat;
    // Checks are owed from the moment monitors are scheduled: an engine that had none (a first config,
    // then SIGHUP) was judged against its start-up time and restarted before its first check could end.
    const firstScheduled = message.beat.scheduled > 0 && (before?.scheduled ?? 0) === 0;
    const waited = this.waitOf(child) ?? facts.waitAtBeat;
    if (message.beat.checksCompleted > (before?.checksCompleted ?? 0) || firstScheduled) {
      facts.lastProgressAt = now;
      facts.waitAtProgress = waited;
    }
    facts.lastBeatAt = now;
    facts.lastBeat = message.beat;
    this.deps.onScheduled?.(message.beat.scheduled);
    facts.waitAtBeatBefore = facts.waitAtBeat;
    facts.waitAtBeat = waited;
  }

  private watch(): void {
    if (!this.facts || !this.child || this.restarting || this.stopping) return;
    const now = this.deps.clock.now();
    const late = this.lastWatchAt !== undefined && now - this.lastWatchAt > (this.deps.checkEvery ?? 250) + LATE_TICK_MS;
    this.lastWatchAt = now;
    // Timers run before pending I/O in a turn of the loop: judge after the beats that queued meanwhile are read.
    if (late) return;
    const facts = this.facts;
    const settings = this.deps.watchdog();
    // Waiting only ever spares an engine: read the threads' counters when a verdict or the minute's report needs them.
    if (!judgeEngine({ ...facts, now, ...settings }).restart && now - this.starvedReport.at < STARVED_REPORT_EVERY) return;
    const waitedNow = this.waitOf(this.child);
    const waited =
      waitedNow === undefined
        ? undefined
        : {
            // A thread that ended takes its count with it: never a negative wait.
            sinceBeat: Math.max(0, waitedNow - facts.waitAtBeat),
            sinceProgress: Math.max(0, waitedNow - facts.waitAtProgress),
            beforeBeat: Math.max(0, facts.waitAtBeat - facts.waitAtBeatBefore),
          };
    if (waitedNow !== undefined) this.reportStarved(now, waitedNow);
    const verdict = judgeEngine({ ...facts, now, ...settings, ...(waited && { waited }) });
    if (verdict.restart) void this.restart(verdict.reason, verdict.cause);
  }

  private waitOf(child: EngineChild): number | undefined {
    return child.pid === undefined ? undefined : (this.deps.cpuWait ?? cpuWaitMs)(child.pid);
  }

  /** Says so, once a minute at most, when the engine spent over half the last minute waiting for a CPU. */
  private reportStarved(now: number, waited: number): void {
    const report = this.starvedReport;
    if (now - report.at < STARVED_REPORT_EVERY) return;
    const share = (waited - report.waited) / (now - report.at);
    if (report.at > 0 && share > 0.5) {
      this.deps.logger.warn(
        { waited_ms: Math.round(waited - report.waited), over_ms: now - report.at },
        `the engine waited for a CPU ${Math.round(Math.min(1, share) * 100)} % of the last ${Math.round((now - report.at) / 1000)} s: the machine is overloaded, so checks start late; not restarting it for that`,
      );
    }
    this.starvedReport = { at: now, waited };
  }

  private exited(child: EngineChild, exit: ChildExit): void {
    if (child !== this.child || this.restarting || this.stopping) return;
    if (!this.everReady) {
      // The first engine never came up (bad config, unreachable database): a restart would not fix it.
      this.deps.logger.error(`${describeExit(exit.code, exit.signal)} before it was ready; not restarting`);
      clearInterval(this.timer);
      this.finish(exit.code ?? 1);
      return;
    }
    void this.restart(describeExit(exit.code, exit.signal), 'exited');
  }

  private async restart(why: string, cause: RestartCause): Promise<void> {
    const facts = this.facts!;
    const now = this.deps.clock.now();
    this.restarting = true;
    const ranWell = facts.readyAt !== undefined && now - facts.readyAt > HEALTHY_RUN;
    this.inARow = ranWell ? 1 : this.inARow + 1;
    if (SUSPECT_CAUSES.has(cause)) this.watchEachTurn = true;
    else if (ranWell) this.watchEachTurn = false;
    const downSince = this.notice?.downSince ?? downSinceOf(cause, facts, now);
    const { accused, quarantine, next } = judgeSuspects(cause, this.suspects, this.running);
    this.suspects = next;
    const reason = accused.length > 0 ? `${why} while checking ${nameMonitors(accused)}` : why;
    // A restarted engine that came up and died within a healthy minute: the outage goes on, and it had its digest.
    const cameBack = !ranWell && ((facts.readyAt !== undefined && this.relaunched) || this.notice?.cameBack === true);
    this.notice = {
      reasons: [...(this.notice?.reasons ?? []), reason],
      downSince,
      restarts: this.inARow,
      quarantine: [...new Set([...(this.notice?.quarantine ?? []), ...quarantine])],
      ...(cameBack ? { cameBack } : {}),
    };
    this.deps.logger.error({ reason, cause, restarts: this.inARow, quarantine }, `engine restarted: ${reason}`);
    // A silent engine cannot run its SIGTERM handler; waiting long for it only lengthens the outage.
    await this.child?.end(cause === 'silent' ? Math.min(500, this.deps.killGraceMs ?? 500) : (this.deps.killGraceMs ?? 2000));
    this.reapPlugins(facts);
    const delay = restartDelay(this.inARow);
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    if (!this.stopping) this.launch();
    this.restarting = false;
  }

  /**
   * Plugins run in their own process groups, so a SIGKILLed or frozen engine leaves them running
   * unwatched. The engine's last heartbeat named them (at most a second old): end them now.
   */
  private reapPlugins(facts: Facts | undefined): void {
    const groups = (facts?.lastBeat?.pluginGroups ?? []).filter((pgid) => Number.isInteger(pgid) && pgid > 1);
    const ended = groups.filter((pgid) => signalGroup(pgid, 'SIGKILL'));
    if (ended.length > 0)
      this.deps.logger.warn(
        { groups: ended },
        `killed ${ended.length} plugin process group${ended.length === 1 ? '' : 's'} the engine left behind (${ended.join(', ')})`,
      );
  }
}

/** When the engine stopped doing its job, for "tocsin was down from … to …". */
function downSinceOf(cause: RestartCause, facts: Facts, now: number): number {
  if (cause === 'silent') return facts.lastBeatAt ?? facts.spawnedAt;
  if (cause === 'stalled') return facts.lastProgressAt ?? facts.readyAt ?? facts.spawnedAt;
  if (cause === 'blocked') return now - (facts.lastBeat?.loopDelayMaxMs ?? 0);
  return now;
}
