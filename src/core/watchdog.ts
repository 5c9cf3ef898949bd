/**
 * The supervisor's decision: restart the engine or leave it alone. Pure: the
 * supervisor gathers the heartbeats and the clock; this judges. It mirrors
 * /healthz on purpose — the Gluster Nagios answered its port while checking
 * nothing for two weeks — but runs outside the engine's event loop, so a
 * frozen engine cannot vouch for itself.
 */

/** What the engine tells its supervisor every second. */
export interface EngineBeat {
  /** When the engine sent it (epoch ms). */
  at: number;
  checksCompleted: number;
  lastResultAt: number | undefined;
  /** Polled monitors scheduled; with none, silence from the checks is no stall. */
  scheduled: number;
  /** The shortest interval + timeout among them: a result is due at least this often. */
  resultEvery: number;
  /** Longest event-loop delay since the previous beat, ms. */
  loopDelayMaxMs: number;
  rssBytes: number;
  /** Notifications not yet delivered; undefined until the outbox reports. */
  outboxBacklog: number | undefined;
  /** Process groups of plugins still running: the supervisor ends them if the engine dies. */
  pluginGroups?: number[];
}

export interface WatchdogView {
  now: number;
  /** When the current engine process was started. */
  spawnedAt: number;
  /** When it reported its startup done; undefined while it starts. */
  readyAt: number | undefined;
  /** When the latest beat arrived, on the supervisor's clock. */
  lastBeatAt: number | undefined;
  lastBeat: EngineBeat | undefined;
  /** When checksCompleted last grew, on the supervisor's clock. */
  lastProgressAt: number | undefined;
  stallAfter: number;
  /** watchdog.max_rss when set; undefined derives the limit from the monitor count (memoryLimit). */
  maxRss: number | undefined;
  /** Monitors in the config as the supervisor last read it: right after a reload that adds many, ahead of the engine's count. */
  configuredMonitors?: number;
  /**
   * How long the engine's threads waited for a CPU — runnable, not running (Linux schedstat) —
   * since its last beat (or its start, before any), since its last progress, and between its last two
   * beats. Absent where the system does not say: every silence then counts in full.
   */
  waited?: { sinceBeat: number; sinceProgress: number; beforeBeat: number };
}

export type RestartCause = 'silent' | 'blocked' | 'stalled' | 'memory' | 'exited';

export type Verdict = { restart: false } | { restart: true; cause: RestartCause; reason: string };

/** Loading modules and migrating may take a while before the first beat, even with a short stall_after. */
export const STARTUP_GRACE = 10_000;

/**
 * Time the engine spent waiting for a CPU is the machine's, not the engine's: a starved engine is
 * slow, not stuck, and a restart would only add the cost of loading every monitor again to a machine
 * already short of CPU (100,000 monitors beside eight test suites restarted twice in 5 minutes). A
 * silence counts only for the time the engine ran, and up to this many times stall_after in all, so a
 * loop that spins forever on a starved machine is still ended.
 */
export const STARVED_SILENCE_FACTOR = 4;

const KEEP: Verdict = { restart: false };

export function judgeEngine(v: WatchdogView): Verdict {
  return silent(v) ?? blocked(v) ?? memory(v) ?? stalled(v) ?? KEEP;
}

function silent(v: WatchdogView): Verdict | undefined {
  const waited = v.waited?.sinceBeat ?? 0;
  if (v.lastBeatAt === undefined) {
    const since = v.now - v.spawnedAt;
    const grace = Math.max(v.stallAfter, STARTUP_GRACE);
    if (!overdue(since, waited, grace)) return undefined;
    return { restart: true, cause: 'silent', reason: `the engine sent no heartbeat within ${seconds(since)} of starting${waiting(since, waited)}` };
  }
  const quiet = v.now - v.lastBeatAt;
  if (!overdue(quiet, waited, v.stallAfter)) return undefined;
  const ran = Math.max(0, quiet - waited);
  const capped = ran <= v.stallAfter ? `, and no silence may pass ${seconds(STARVED_SILENCE_FACTOR * v.stallAfter)}` : '';
  const how = waited > 0 ? `, ${seconds(ran)} of it running (${seconds(Math.min(waited, quiet))} waiting for a CPU; ` : ' (';
  return {
    restart: true,
    cause: 'silent',
    reason: `event loop blocked for ${seconds(quiet)}${how}no heartbeat; watchdog.stall_after is ${seconds(v.stallAfter)}${capped})`,
  };
}

/** Whether a span of `span` ms, `waited` of them waiting for a CPU, is past `limit`: the time run past it, or the whole span past the cap. */
function overdue(span: number, waited: number, limit: number): boolean {
  if (span <= limit) return false;
  return span - waited > limit || span > STARVED_SILENCE_FACTOR * limit;
}

function waiting(span: number, waited: number): string {
  return waited > 0 ? ` (${seconds(Math.min(waited, span))} of it waiting for a CPU)` : '';
}

/** A block that ended just before we noticed the silence still counts. */
function blocked(v: WatchdogView): Verdict | undefined {
  const delay = v.lastBeat?.loopDelayMaxMs ?? 0;
  if (!overdue(delay, v.waited?.beforeBeat ?? 0, v.stallAfter)) return undefined;
  return { restart: true, cause: 'blocked', reason: `event loop blocked for ${seconds(delay)} (watchdog.stall_after is ${seconds(v.stallAfter)})` };
}

function memory(v: WatchdogView): Verdict | undefined {
  const rss = v.lastBeat?.rssBytes ?? 0;
  const limit = memoryLimit(v.maxRss, Math.max(v.lastBeat?.scheduled ?? 0, v.configuredMonitors ?? 0));
  if (rss <= limit.bytes) return undefined;
  return { restart: true, cause: 'memory', reason: `memory grew to ${megabytes(rss)} resident, above ${limit.text}` };
}

/**
 * What an engine may legitimately hold: a base for the runtime, the HTTP server and the caches, plus
 * a share per monitor (results in flight, schedule and alert state, /metrics lines). Generous on
 * purpose: size alone must never restart a healthy engine (a fixed 512 MB restarted one holding
 * 60,000 monitors nine times in 150 s); only growth past what the count explains does. Measured
 * (BENCHMARKS.md, 2026-12-06): an idle engine needs about 3.4 KB a monitor over its 135 MiB base
 * (467 MiB at 100,000), one checking on schedule with /metrics scraped every 5 s about 6 KiB (688
 * MiB); the limit there is 1,946 MiB.
 */
export const RSS_BASE = 384 * 1024 * 1024;
export const RSS_PER_MONITOR = 16 * 1024;

export interface MemoryLimit {
  bytes: number;
  /** Says where the figure comes from, for the restart reason and the log. */
  text: string;
}

export function memoryLimit(configured: number | undefined, monitors: number): MemoryLimit {
  if (configured !== undefined) return { bytes: configured, text: `watchdog.max_rss ${megabytes(configured)}` };
  const bytes = RSS_BASE + RSS_PER_MONITOR * monitors;
  return { bytes, text: `the memory limit ${megabytes(bytes)} (384 MiB + 16 KiB for each of ${monitors} monitors; set watchdog.max_rss to choose one)` };
}

function stalled(v: WatchdogView): Verdict | undefined {
  const beat = v.lastBeat;
  if (v.readyAt === undefined || !beat || beat.scheduled === 0) return undefined;
  const since = Math.max(v.lastProgressAt ?? v.readyAt, v.readyAt);
  const quiet = v.now - since;
  if (!overdue(quiet, v.waited?.sinceProgress ?? 0, beat.resultEvery + v.stallAfter)) return undefined;
  return {
    restart: true,
    cause: 'stalled',
    reason: `no check completed for ${seconds(quiet)} while ${beat.scheduled} monitors are due at least every ${seconds(beat.resultEvery)}`,
  };
}

/** "exited with code 1", "was killed by SIGKILL": the exit event, worded. */
export function describeExit(code: number | null, signal: string | null): string {
  if (signal) return `the engine was killed by ${signal}`;
  return `the engine exited with code ${code ?? 'unknown'}`;
}

/**
 * Delay before the next start: immediate for a one-off failure, doubling for
 * each restart in a row up to 30 s, so a crash loop does not spin two cores.
 * `inARow` counts restarts without a healthy minute between them.
 */
export function restartDelay(inARow: number): number {
  if (inARow <= 1) return 0;
  return Math.min(30_000, 500 * 2 ** (inARow - 2));
}

/** A child that stays up this long resets the backoff. */
export const HEALTHY_RUN = 60_000;

export function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

function megabytes(bytes: number): string {
  return `${Math.round(bytes / 1_000_000)} MB`;
}
