/**
 * Faults the test suite injects into a real engine process, so the supervisor
 * and the dead man's switch are proven against the failures they exist for.
 * TOCSIN_TEST_FAULTS="block-loop:9s@1s,leak:50MB/s,stop-checks@2s,ping-every:500ms,block-check:slow=9s,crash-loop@5s".
 * Refused unless TOCSIN_ALLOW_TEST_FAULTS=1 is also set, and always under
 * NODE_ENV=production: a stray variable must never freeze a real monitor.
 */
import { parseDuration, parseSize } from '../lib/duration.js';
import { TocsinError } from '../lib/errors.js';
import type { RunningChecks } from './heartbeat-ipc.js';
import { systemTimers, type Timers } from './timers.js';

export interface TestFaults {
  /** Hold the event loop once, for `forMs`, `afterMs` after the engine is ready. */
  blockLoop?: { forMs: number; afterMs: number };
  /** Keep allocating and holding memory at this rate. */
  leak?: { bytesPerSecond: number };
  /** Stop the scheduler `afterMs` after ready: the process lives, no check runs. */
  stopChecks?: { afterMs: number };
  /** Ping the dead man's switch this often instead of every minute. */
  pingEvery?: number;
  /** Hold the event loop for `forMs` each time a check of `monitorId` settles, as a runaway judge would. */
  blockCheck?: { monitorId: string; forMs: number };
  /** Exit with code 70 `afterMs` after ready, in every engine: a crash loop (kept across restarts). */
  crashLoop?: { afterMs: number };
}

const DEFAULT_AFTER = 1000;

export function parseTestFaults(env: NodeJS.ProcessEnv): TestFaults | undefined {
  const spec = env.TOCSIN_TEST_FAULTS?.trim();
  if (!spec) return undefined;
  if (env.NODE_ENV === 'production') {
    throw new TocsinError(
      'config_invalid',
      'TOCSIN_TEST_FAULTS is set but NODE_ENV is production: test faults are never injected into a production engine; unset TOCSIN_TEST_FAULTS',
    );
  }
  if (env.TOCSIN_ALLOW_TEST_FAULTS !== '1') {
    throw new TocsinError(
      'config_invalid',
      'TOCSIN_TEST_FAULTS is set without TOCSIN_ALLOW_TEST_FAULTS=1: refusing to inject test faults; unset TOCSIN_TEST_FAULTS',
    );
  }
  const faults: TestFaults = {};
  for (const item of spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean))
    addFault(faults, item);
  return faults;
}

function addFault(faults: TestFaults, item: string): void {
  const [head = '', after] = item.split('@');
  const [name, value] = head.split(':');
  const afterMs = after === undefined ? DEFAULT_AFTER : msOf(after, item);
  if (name === 'block-loop') faults.blockLoop = { forMs: msOf(value, item), afterMs };
  else if (name === 'leak') faults.leak = { bytesPerSecond: rateOf(value, item) };
  else if (name === 'stop-checks') faults.stopChecks = { afterMs };
  else if (name === 'ping-every') faults.pingEvery = msOf(value, item);
  else if (name === 'block-check') faults.blockCheck = blockCheckOf(value, item);
  else if (name === 'crash-loop') faults.crashLoop = { afterMs };
  else throw bad(item, 'expected block-loop, leak, stop-checks, ping-every, block-check or crash-loop');
}

/** "slow=9s": the monitor id, then how long each of its checks holds the loop. */
function blockCheckOf(value: string | undefined, item: string): { monitorId: string; forMs: number } {
  const [monitorId, duration] = (value ?? '').split('=');
  if (!monitorId || duration === undefined) throw bad(item, 'expected block-check:<monitor-id>=<duration>');
  return { monitorId, forMs: msOf(duration, item) };
}

/**
 * The faults a restart does not cure: block-check belongs to a monitor, as the bad setting it stands
 * for would, so the next engine meets it again (and quarantines the monitor). Undefined when none.
 */
export function faultsSurvivingRestart(spec: string | undefined): string | undefined {
  const kept = (spec ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.startsWith('block-check:') || item.startsWith('crash-loop'));
  return kept.length > 0 ? kept.join(',') : undefined;
}

/** The block-check fault around the engine's reports: the loop is held as the monitor's check settles, while it still counts as running. */
export function withBlockingCheck(
  running: RunningChecks | undefined,
  fault: { monitorId: string; forMs: number },
  /** The clock the hold spins on (tests count its reads). */
  now: () => number = Date.now,
): RunningChecks {
  return {
    started: (id) => running?.started(id),
    ended(id) {
      if (id === fault.monitorId) holdLoop(fault.forMs, now);
      running?.ended(id);
    },
  };
}

/** "9000" (ms) or a duration such as "9s". */
function msOf(text: string | undefined, item: string): number {
  const ms = text === undefined ? undefined : /^\d+$/.test(text) ? Number(text) : parseDuration(text);
  if (ms === undefined) throw bad(item, 'expected milliseconds or a duration such as 9s');
  return ms;
}

function rateOf(text: string | undefined, item: string): number {
  const bytes = text?.endsWith('/s') ? parseSize(text.slice(0, -2)) : undefined;
  if (bytes === undefined) throw bad(item, 'expected a rate such as 50MB/s');
  return bytes;
}

function bad(item: string, expected: string): TocsinError {
  return new TocsinError('config_invalid', `TOCSIN_TEST_FAULTS: cannot read "${item}": ${expected}`);
}

/** How often the leak fault allocates: a tenth of its rate each time. */
const LEAK_EVERY = 100;

/** Starts the faults once the engine is ready, on `timers` (real time unless a test moves a virtual clock); returns a function that stops them. */
export function armTestFaults(
  faults: TestFaults,
  hooks: {
    stopChecks(): void;
    /** After each allocation of the leak fault, with the bytes it holds. */
    leaked?(bytes: number): void;
    /** After the block-loop fault, with when the hold started and ended (epoch ms). */
    held?(from: number, to: number): void;
  },
  timers: Timers = systemTimers,
): () => void {
  const cancels: Array<() => void> = [];
  const held: Buffer[] = [];
  const { blockLoop, leak, stopChecks, crashLoop } = faults;
  if (blockLoop) {
    cancels.push(
      timers.after(blockLoop.afterMs, () => {
        const from = Date.now();
        holdLoop(blockLoop.forMs);
        hooks.held?.(from, Date.now());
      }),
    );
  }
  if (crashLoop) cancels.push(timers.after(crashLoop.afterMs, () => process.exit(70)));
  if (stopChecks) cancels.push(timers.after(stopChecks.afterMs, () => hooks.stopChecks()));
  if (leak) {
    let stopped = false;
    let cancel = () => {};
    const allocate = () => {
      // Filled buffers, not just reserved ones: untouched pages would not count in RSS.
      held.push(Buffer.alloc(Math.ceil(leak.bytesPerSecond / (1000 / LEAK_EVERY)), 1));
      hooks.leaked?.(held.reduce((sum, buffer) => sum + buffer.length, 0));
      if (!stopped) cancel = timers.after(LEAK_EVERY, allocate);
    };
    cancel = timers.after(LEAK_EVERY, allocate);
    cancels.push(() => {
      stopped = true;
      cancel();
    });
  }
  return () => {
    for (const cancel of cancels) cancel();
    held.length = 0;
  };
}

function holdLoop(forMs: number, now: () => number = Date.now): void {
  const until = now() + forMs;
  while (now() < until) {
    // The injected fault: a synchronous call that never yields, like a hung native lock.
  }
}
