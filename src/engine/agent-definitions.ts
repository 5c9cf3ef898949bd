/**
 * What each probe agent runs: the polled, unpaused monitors naming its location, reduced to what a
 * check needs (type, deadlines, settings — the secrets a check uses travel, nothing else: no
 * alert policy, runbook, escalation or channel). Agents long-poll: a request naming the version
 * it has waits until the definitions change or the poll period ends.
 */
import { createHash } from 'node:crypto';
import { isPolled } from '../checks/registry.js';
import type { MonitorConfig } from '../schema/config.js';
import { systemTimers, type Timers } from './timers.js';

export interface AgentMonitor {
  id: string;
  name: string;
  type: string;
  interval: number;
  timeout: number;
  settings: unknown;
}

export interface AgentDefinitionSet {
  version: string;
  monitors: AgentMonitor[];
  /** How long the agent's next long poll may wait; it is missing after 3 of them without a call. */
  poll_ms: number;
}

/** A long poll waits at most this many at once; more are answered at once (they poll again). */
const MAX_WAITERS = 1000;

export class AgentDefinitions {
  private waiters = new Set<() => void>();

  constructor(
    private readonly monitors: () => readonly MonitorConfig[],
    readonly pollMs: number,
    private readonly timers: Timers = systemTimers,
  ) {}

  forLocation(location: string): AgentDefinitionSet {
    const monitors = this.monitors()
      .filter((m) => !m.paused && isPolled(m) && (m.locations ?? []).includes(location))
      .map((m) => ({ id: m.id, name: m.name, type: m.type, interval: m.interval, timeout: m.timeout, settings: m.settings }));
    const version = createHash('sha256').update(JSON.stringify(monitors)).digest('hex').slice(0, 16);
    return { version, monitors, poll_ms: this.pollMs };
  }

  /** The location's definitions once they differ from `version`, or as they are after the poll period. */
  async next(location: string, version: string | undefined, waitMs = this.pollMs): Promise<AgentDefinitionSet> {
    const now = this.forLocation(location);
    if (version === undefined || version !== now.version || this.waiters.size >= MAX_WAITERS) return now;
    await new Promise<void>((resolve) => {
      const done = () => {
        cancel();
        this.waiters.delete(done);
        resolve();
      };
      const cancel = this.timers.after(waitMs, done);
      this.waiters.add(done);
    });
    return this.forLocation(location);
  }

  /** The monitors changed: every waiting poll answers now. */
  changed(): void {
    for (const wake of [...this.waiters]) wake();
  }

  /** Shutting down: no poll holds the server open. */
  close(): void {
    this.changed();
  }
}
