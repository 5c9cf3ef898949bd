/**
 * A probe agent that stops calling in is itself an alert: every location a monitor names (other
 * than local) gets a made-in-code monitor, `tocsin-agent-<location>`, judged and paged like any
 * other. It is down once the location's agent has not been heard from for `missingAfter`
 * (3 × the agents' poll period), and up again at the next contact.
 */
import { LOCAL } from '../core/locations/quorum.js';
import type { Clock } from '../lib/clock.js';
import type { Config, MonitorConfig } from '../schema/config.js';
import type { RecordedResult } from './engine.js';
import { timersOf, type Timers } from './timers.js';

export const AGENT_PREFIX = 'tocsin-agent-';

export interface AgentWatchDeps {
  /** Timers too (engine/timers.ts) when given; a plain clock gets real timers. */
  clock: Clock | Timers;
  config(): Config;
  monitors(): readonly MonitorConfig[];
  record(recorded: RecordedResult): void;
  /** No contact for this long: the agent is missing. */
  missingAfter: number;
  /** When each location's agent was last heard from, as stored (seeds contacts across restarts). */
  lastSeen(): Promise<Map<string, number>>;
  /**
   * Cluster mode: an agent may call in at another instance, so contacts are read back from the store
   * (written at most every 10 s, well inside `missingAfter`) before each judgement.
   */
  shared?: boolean;
}

export class AgentWatch {
  private readonly contacts = new Map<string, number>();
  private readonly timers: Timers;
  private readonly startedAt: number;
  private cancel: (() => void) | undefined;
  private running = false;

  constructor(private readonly deps: AgentWatchDeps) {
    this.timers = timersOf(deps.clock);
    this.startedAt = this.timers.now();
  }

  async load(): Promise<void> {
    for (const [location, at] of await this.deps.lastSeen()) this.contact(location, at);
  }

  contact(location: string, at: number): void {
    const before = this.contacts.get(location);
    if (before === undefined || at > before) this.contacts.set(location, at);
  }

  lastContact(location: string): number | undefined {
    return this.contacts.get(location);
  }

  /** The agent locations the monitors name. */
  locations(): string[] {
    const names = new Set<string>();
    for (const m of this.deps.monitors()) for (const l of m.locations ?? []) if (l !== LOCAL) names.add(l);
    return [...names].sort();
  }

  /** One made-in-code monitor per agent location. */
  watchMonitors(): MonitorConfig[] {
    const { defaults } = this.deps.config();
    return this.locations().map((location) => ({
      id: `${AGENT_PREFIX}${location}`,
      name: `tocsin: probe agent ${location}`,
      type: 'webhook',
      interval: this.deps.missingAfter,
      timeout: defaults.timeout,
      tags: ['self', 'agent'],
      group: 'tocsin',
      depends_on: [],
      paused: false,
      // The missing window already waited: one result confirms either way.
      alert: { ...defaults.alert, down_after: 1, up_after: 1 },
      ...(defaults.escalation !== undefined && { escalation: defaults.escalation }),
      settings: {},
    }));
  }

  /** Judges every agent location now. */
  tick(): void {
    const now = this.timers.now();
    for (const location of this.locations()) {
      const last = this.contacts.get(location);
      const quiet = now - (last ?? this.startedAt);
      const missing = quiet > this.deps.missingAfter;
      const message = missing
        ? last === undefined
          ? `no probe agent for ${location} has called in since tocsin started ${Math.round(quiet / 1000)} s ago`
          : `the probe agent for ${location} has not called in for ${Math.round(quiet / 1000)} s (missing after ${Math.round(this.deps.missingAfter / 1000)} s)`
        : `the probe agent for ${location} called in ${Math.round(quiet / 1000)} s ago`;
      this.deps.record({
        monitorId: `${AGENT_PREFIX}${location}`,
        at: now,
        missed: 0,
        result: { status: missing ? 'down' : 'up', latencyMs: 0, timings: {}, message },
      });
    }
  }

  /** Judges every `everyMs`; in a cluster each turn first reads the contacts back, and the next turn is set once it is done. */
  start(everyMs: number): void {
    this.running = true;
    const arm = () => {
      if (this.running) this.cancel = this.timers.after(everyMs, () => void turn());
    };
    const turn = async () => {
      // Contacts that could not be read back are not judged (another instance may have heard the agent): next turn.
      const read = this.deps.shared
        ? await this.load().then(
            () => true,
            () => false,
          )
        : true;
      if (!this.running) return;
      if (read) this.tick();
      arm();
    };
    arm();
  }

  stop(): void {
    this.running = false;
    this.cancel?.();
    this.cancel = undefined;
  }
}
