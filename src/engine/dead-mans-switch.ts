/**
 * The outward dead man's switch: GET watchdog.ping_url every minute, but only
 * while /healthz would say healthy. An outside service (Healthchecks, or a
 * peer tocsin's heartbeat monitor) expects the pings, so a tocsin that dies,
 * freezes or stops checking is reported by someone else — silence is the alarm.
 * The request goes through the channels' sender: c-ares resolution (never
 * dns.lookup), a fresh connection, one deadline over the whole attempt.
 */
import { sendHttp } from '../channels/http-send.js';
import type { SendOutcome } from '../channels/types.js';
import type { Health } from '../core/health.js';
import type { Logger } from '../lib/logger.js';

export interface DeadMansSwitchDeps {
  url: string;
  health(): Health;
  logger: Logger;
  /** Default one minute; the test suite accelerates it. */
  every?: number;
  timeoutMs?: number;
}

export type PingOutcome = 'pinged' | 'unhealthy' | 'failed' | 'busy';

/** The ping URL's path is its secret (a Healthchecks UUID): logs name the host only. */
const LABEL = 'watchdog.ping_url';

export class DeadMansSwitch {
  private timer: NodeJS.Timeout | undefined;
  private inFlight = false;
  /** Logs say when pinging stops and resumes, not every minute. */
  private lastOutcome: PingOutcome | undefined;

  constructor(private readonly deps: DeadMansSwitchDeps) {}

  start(): void {
    void this.tick();
    this.timer = setInterval(() => void this.tick(), this.deps.every ?? 60_000);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  async tick(): Promise<PingOutcome> {
    // A slow receiver must not pile up requests; the deadline ends this one soon enough.
    if (this.inFlight) return 'busy';
    const health = this.deps.health();
    if (!health.healthy) return this.note('unhealthy', unhealthyReason(health));
    this.inFlight = true;
    try {
      const outcome = await sendHttp(
        { method: 'GET', url: this.deps.url, headers: {}, body: '' },
        { channel: LABEL, timeoutMs: this.deps.timeoutMs ?? 10_000 },
      );
      return outcome.ok ? this.note('pinged', 'pinging watchdog.ping_url') : this.note('failed', failure(outcome));
    } finally {
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

function failure(outcome: Extract<SendOutcome, { ok: false }>): string {
  return `pinging the dead man's switch failed: ${outcome.error}; the outside service may alert although tocsin is healthy`;
}
