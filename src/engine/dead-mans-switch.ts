/**
 * The outward dead man's switch: GET watchdog.ping_url every minute, but only
 * while /healthz would say healthy. An outside service (Healthchecks, or a
 * peer tocsin's heartbeat monitor) expects the pings, so a tocsin that dies,
 * freezes or stops checking is reported by someone else — silence is the alarm.
 * The request goes through the channels' sender: c-ares resolution (never
 * dns.lookup), a fresh connection, one deadline over the whole attempt.
 */
import { sendHttp } from '../channels/http-send.js';
import type { Health } from '../core/health.js';
import type { Logger } from '../lib/logger.js';
import { systemTimers, type Timers } from './timers.js';

export interface DeadMansSwitchDeps {
  url: string;
  health(): Health;
  logger: Logger;
  /** Default one minute; the test suite accelerates it. */
  every?: number;
  timeoutMs?: number;
  /** When pings fall due and when one gives up waiting; real time unless a test moves a virtual clock. */
  timers?: Timers;
}

export type PingOutcome = 'pinged' | 'unhealthy' | 'failed' | 'busy';

/** The ping URL's path is its secret (a Healthchecks UUID): logs name the host only. */
const LABEL = 'watchdog.ping_url';

export class DeadMansSwitch {
  private cancel: (() => void) | undefined;
  private inFlight = false;
  private current: Promise<PingOutcome> | undefined;
  /** Logs say when pinging stops and resumes, not every minute. */
  private lastOutcome: PingOutcome | undefined;

  constructor(private readonly deps: DeadMansSwitchDeps) {}

  /** Pings now, then every `every` (as setInterval did: a machine that slept does not catch up with a burst). */
  start(): void {
    const timers = this.deps.timers ?? systemTimers;
    const every = this.deps.every ?? 60_000;
    const arm = () => {
      this.cancel = timers.after(every, () => {
        this.startTick();
        arm();
      });
    };
    this.stop();
    this.startTick();
    arm();
  }

  stop(): void {
    this.cancel?.();
    this.cancel = undefined;
  }

  /** The ping in progress, if any, once it has settled. */
  async settled(): Promise<void> {
    await this.current;
  }

  private startTick(): void {
    const tick = this.tick();
    this.current = tick;
    void tick
      .finally(() => {
        if (this.current === tick) this.current = undefined;
      })
      .catch((error: unknown) =>
        // The error's text may carry the URL, whose path is the secret: its kind only.
        this.deps.logger.error({ component: 'dead-mans-switch' }, `pinging ${LABEL} threw ${error instanceof Error ? error.name : typeof error}`),
      );
  }

  async tick(): Promise<PingOutcome> {
    // A slow receiver must not pile up requests; the deadline ends this one soon enough.
    if (this.inFlight) return 'busy';
    const health = this.deps.health();
    if (!health.healthy) return this.note('unhealthy', unhealthyReason(health));
    this.inFlight = true;
    // The deadline runs on the switch's timers (a test moves it on a virtual clock); the sender's own, the same, stays as a backstop.
    const timeoutMs = this.deps.timeoutMs ?? 10_000;
    const deadline = new AbortController();
    const cancel = (this.deps.timers ?? systemTimers).after(timeoutMs, () => deadline.abort());
    try {
      const outcome = await sendHttp({ method: 'GET', url: this.deps.url, headers: {}, body: '' }, { channel: LABEL, timeoutMs, signal: deadline.signal });
      if (outcome.ok) return this.note('pinged', 'pinging watchdog.ping_url');
      return this.note('failed', failure(deadline.signal.aborted ? `${LABEL}: no answer within ${timeoutMs} ms` : outcome.error));
    } finally {
      cancel();
      this.inFlight = false;
    }
  }

  private note(outcome: PingOutcome, text: string): PingOutcome {
    if (outcome !== this.lastOutcome) {
      const level = outcome === 'pinged' ? 'info' : 'warn';
      const host = new URL(this.deps.url).host;
      this.deps.logger[level]({ component: 'dead-mans-switch', host }, outcome === 'pinged' ? `${text} at ${host} while healthy` : text);
    }
    this.lastOutcome = outcome;
    return outcome;
  }
}

function unhealthyReason(health: Health): string {
  const failed = health.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`);
  return `not pinging watchdog.ping_url while unhealthy (${failed.join('; ')}); the outside service will alert on the silence`;
}

function failure(error: string): string {
  return `pinging the dead man's switch failed: ${error}; the outside service may alert although tocsin is healthy`;
}
