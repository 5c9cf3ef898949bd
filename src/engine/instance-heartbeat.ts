/**
 * The engine heartbeat in the store: who runs (name, pid, host, version), since when, and how the
 * checking goes, rewritten every few seconds. `tocsin status` reads it to tell a running tocsin from a
 * stopped or crashed one, from any host that reaches the store; a clean stop marks the row stopped.
 */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import { markStopped, recordBeat, registerInstance, type Beat } from '../store/instances.js';
import type { Db } from '../store/schema.js';

/** Well inside the 30 s after which `tocsin status` calls an engine gone. */
export const BEAT_EVERY = 5_000;

export interface InstanceIdentity {
  name: string;
  pid: number;
  host: string;
  version: string;
}

export interface InstanceHeartbeatDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  identity: InstanceIdentity;
  /** The engine's figures now. */
  figures(): Omit<Beat, 'heartbeatAt'>;
  every?: number;
}

export function thisInstance(): InstanceIdentity {
  const host = hostname();
  return { name: host, pid: process.pid, host, version: tocsinVersion() };
}

export class InstanceHeartbeat {
  private timer: NodeJS.Timeout | undefined;
  private writing = false;
  private failing = false;

  constructor(private readonly deps: InstanceHeartbeatDeps) {}

  async start(): Promise<void> {
    const now = this.deps.clock.now();
    await registerInstance(this.deps.db, { ...this.deps.identity, startedAt: now, heartbeatAt: now, stoppedAt: null, ...this.deps.figures() });
    this.timer = setInterval(() => void this.beat(), this.deps.every ?? BEAT_EVERY);
    this.timer.unref();
  }

  /** Marks the row stopped, so `tocsin status` says "stopped" rather than "last seen". */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    try {
      await markStopped(this.deps.db, this.deps.identity.name, this.deps.clock.now());
    } catch (error) {
      this.deps.logger.warn(`could not mark this instance stopped in the store: ${(error as Error).message}`);
    }
  }

  private async beat(): Promise<void> {
    // A write stuck behind a busy store must not pile up others behind it.
    if (this.writing) return;
    this.writing = true;
    try {
      await recordBeat(this.deps.db, this.deps.identity.name, { heartbeatAt: this.deps.clock.now(), ...this.deps.figures() });
      if (this.failing) this.deps.logger.info('engine heartbeat written to the store again');
      this.failing = false;
    } catch (error) {
      // Once per failing spell: /healthz and the self monitors report a store that refuses writes.
      if (!this.failing)
        this.deps.logger.warn(`cannot write the engine heartbeat to the store (tocsin status will call this instance gone): ${(error as Error).message}`);
      this.failing = true;
    } finally {
      this.writing = false;
    }
  }
}

/** package.json sits two levels above this file both in src/engine and in dist/engine. */
function tocsinVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}
