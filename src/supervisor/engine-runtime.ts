/**
 * The engine process around startTocsin: the heartbeat to the supervisor, the
 * dead man's switch, the restart notice, test faults, and signals. Used by the
 * supervised child and by `tocsin start --no-supervisor` alike.
 */
import { livePluginGroups } from '../lib/process-group.js';
import { isPolled } from '../checks/registry.js';
import { compilersOnceLarge, isMonitorsMessage } from '../engine/compilers.js';
import { DeadMansSwitch } from '../engine/dead-mans-switch.js';
import { runningReportOf, runningReporter, startHeartbeat, type Progress, type Send } from '../engine/heartbeat-ipc.js';
import { armTestFaults, parseTestFaults, withBlockingCheck } from '../engine/test-faults.js';
import type { Logger } from '../lib/logger.js';
import { startTocsin, type Tocsin } from '../main.js';
import { pendingSummary } from '../store/outbox.js';
import { recordMissedRuns } from './missed-runs.js';
import { decodeNotice, enqueueRestartNotice, type RestartNotice } from '../engine/restart-notice.js';

export interface EngineOptions {
  configPath: string;
  listen?: string;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  /** The supervisor link; undefined when running alone. */
  send?: Send;
  /** Started without V8's optimizing compilers for a small install (src/engine/compilers.ts). */
  smallInstall?: boolean;
}

export interface RunningEngine {
  tocsin: Tocsin;
  stop(): Promise<void>;
}

export async function runEngine(options: EngineOptions): Promise<RunningEngine> {
  const { env, logger, send } = options;
  // Beat from the first moment: a start that hangs (a locked database) is a stall too.
  const heartbeat = send ? startHeartbeat(send) : undefined;
  try {
    const faults = parseTestFaults(env);
    const reporter = send ? runningReporter(send, runningReportOf(env)) : undefined;
    const running = faults?.blockCheck ? withBlockingCheck(reporter, faults.blockCheck) : reporter;
    const quarantine = quarantineOf(decodeNotice(env));
    const grown = options.smallInstall ? compilersOnceLarge(logger) : undefined;
    if (grown) process.on('message', (message) => isMonitorsMessage(message) && grown(message.count));
    const tocsin = await startTocsin({ configPath: options.configPath, env, logger, listen: options.listen, running, quarantine });
    const backlog = watchBacklog(tocsin);
    const resultEvery = resultEveryOf(tocsin);
    heartbeat?.setProgress(() => {
      const progress = progressOf(tocsin, resultEvery, backlog.value());
      grown?.(progress.scheduled);
      return progress;
    });
    const url = tocsin.config().watchdog.ping_url;
    const deadMansSwitch = url
      ? new DeadMansSwitch({ url, health: tocsin.health, logger, ...(faults?.pingEvery ? { every: faults.pingEvery } : {}) })
      : undefined;
    deadMansSwitch?.start();
    const disarm = faults
      ? armTestFaults(faults, {
          stopChecks: () => tocsin.engine.stop(),
          held: (from, to) => logger.warn({ from, to }, `test fault: held the event loop for ${to - from} ms`),
        })
      : () => undefined;
    if (faults) logger.warn({ faults }, 'TEST FAULTS ARE ACTIVE in this engine (TOCSIN_TEST_FAULTS)');
    await announceRestart(tocsin, env, logger);
    send?.({ type: 'ready', address: tocsin.address });
    return {
      tocsin,
      async stop() {
        disarm();
        deadMansSwitch?.stop();
        backlog.stop();
        await tocsin.stop();
        reporter?.stop();
        heartbeat?.stop();
      },
    };
  } catch (error) {
    heartbeat?.stop();
    throw error;
  }
}

/** What the supervisor asks the new engine to hold back, and why. */
function quarantineOf(notice: RestartNotice | undefined): { ids: string[]; reason: string } | undefined {
  if (!notice?.quarantine?.length) return undefined;
  return { ids: notice.quarantine, reason: notice.reasons.join('; then ') };
}

/**
 * The shortest interval + timeout among the monitors the engine schedules (a paused or quarantined
 * monitor owes no result). Recomputed only when the config or the scheduled count changes: the beat
 * runs every second, and a pass over 100,000 monitors each time is work nobody asked for.
 */
function resultEveryOf(tocsin: Tocsin): (scheduled: number) => number {
  let seen: { monitors: unknown; scheduled: number; value: number } | undefined;
  return (scheduled) => {
    const monitors = tocsin.config().monitors;
    if (seen?.monitors === monitors && seen.scheduled === scheduled) return seen.value;
    let shortest = Infinity;
    for (const m of monitors) if (isPolled(m) && tocsin.engine.nextDue(m.id) !== undefined) shortest = Math.min(shortest, m.interval + m.timeout);
    seen = { monitors, scheduled, value: Number.isFinite(shortest) ? shortest : 0 };
    return seen.value;
  };
}

function progressOf(tocsin: Tocsin, resultEvery: (scheduled: number) => number, outboxBacklog: number | undefined): Progress {
  const stats = tocsin.engine.stats();
  return {
    checksCompleted: stats.checksCompleted,
    lastResultAt: stats.lastResultAt,
    scheduled: stats.scheduled,
    resultEvery: resultEvery(stats.scheduled),
    outboxBacklog,
    pluginGroups: livePluginGroups(),
  };
}

/** A COUNT every few seconds, not every beat: the heartbeat must stay cheap. */
function watchBacklog(tocsin: Tocsin): { value(): number | undefined; stop(): void } {
  let value: number | undefined;
  const read = () =>
    pendingSummary(tocsin.store.db).then(
      (s) => (value = s.pending),
      () => (value = undefined),
    );
  void read();
  const timer = setInterval(() => void read(), 5000);
  timer.unref();
  return { value: () => value, stop: () => clearInterval(timer) };
}

async function announceRestart(tocsin: Tocsin, env: NodeJS.ProcessEnv, logger: Logger): Promise<void> {
  const notice = decodeNotice(env);
  if (!notice) return;
  const config = tocsin.config();
  const backAt = Date.now();
  try {
    const count = await enqueueRestartNotice(tocsin.store.db, notice, Object.keys(config.channels), backAt, tocsin.address);
    logger.warn({ reasons: notice.reasons, channels: count }, `tocsin.self: engine restarted (${notice.reasons.join('; ')}); told ${count} channels`);
    // In a cluster, only the monitors this instance now holds: the others' were checked by their holders meanwhile.
    const polled = config.monitors.filter((m) => isPolled(m) && !m.paused && (tocsin.cluster?.holds(m.id) ?? true));
    const missed = await recordMissedRuns(tocsin.store.db, polled, notice, backAt);
    if (missed > 0) logger.warn(`recorded missed runs of ${missed} monitors for the time the engine was down`);
  } catch (error) {
    logger.error({ err: (error as Error).message }, `could not record the restart: ${(error as Error).message}`);
  }
}
