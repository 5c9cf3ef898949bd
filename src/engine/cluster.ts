/**
 * Cluster membership: several instances on one PostgreSQL database share the monitors through
 * leases in it (store/leases.ts). Every turn (renew_every) this instance renews what it holds, hands
 * back what is over an even share of the live instances, claims free or lapsed monitors up to that
 * share, and tells the pipeline what it now holds. One lease that is not a monitor ("~housekeeping")
 * names the instance that runs retention and roll-ups.
 *
 * Leases are written to lapse 1.5 × `renew_every` before lease_ttl: the others look once per turn,
 * so a dead instance's monitors are claimed within lease_ttl − renew_every / 2 of its last renewal,
 * which leaves the new holder half a turn to start them within lease_ttl.
 */
import { planLeaseTurn } from '../core/cluster/lease-turn.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import { JOB_PREFIX, liveInstanceNames, PRESENCE_PREFIX } from '../store/cluster.js';
import { claimLeases, releaseLeases, renewLeases } from '../store/leases.js';
import type { Db } from '../store/schema.js';

export const HOUSEKEEPING_JOB = `${JOB_PREFIX}housekeeping`;

export interface ClusterDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** This instance's name: the leases' holder. */
  name: string;
  leaseTtlMs: number;
  renewEveryMs: number;
  /** Every monitor id to share now. */
  monitors(): readonly string[];
  /** The held set changed: run what was gained (its state read from the store), stop what was lost. */
  onHeld(held: ReadonlySet<string>, gained: readonly string[], lost: readonly string[]): Promise<void>;
}

export interface ClusterView {
  name: string;
  leaseTtlMs: number;
  renewEveryMs: number;
  held: number;
  housekeeping: boolean;
  liveInstances: number;
  lastTurnAt: number | null;
  lastError: string | null;
}

export class ClusterMembership {
  private held = new Set<string>();
  private leading = false;
  private live = 1;
  private timer: NodeJS.Timeout | undefined;
  private turning: Promise<void> | undefined;
  private stopped = false;
  private lastRenewedAt: number | undefined;
  private lastTurnAt: number | null = null;
  private lastError: string | null = null;

  constructor(private readonly deps: ClusterDeps) {}

  /** This instance's presence lease: the others count it live while it holds this. */
  private get presence(): string {
    return `${PRESENCE_PREFIX}${this.deps.name}`;
  }

  /** How long a written lease lasts: short enough that the others' next look, and the start of the checks, fall within lease_ttl. */
  get writtenTtl(): number {
    return this.deps.leaseTtlMs - Math.ceil(1.5 * this.deps.renewEveryMs);
  }

  /** The first turn (this instance's share, or all of it when alone), then one every renew_every. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.turn();
    this.timer = setInterval(() => void this.turn(), this.deps.renewEveryMs);
    this.timer.unref();
  }

  /** Hands every lease back, so the others take over at their next turn rather than after lease_ttl. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.turning;
    const all = [...this.held, ...(this.leading ? [HOUSEKEEPING_JOB] : []), this.presence];
    this.held = new Set();
    this.leading = false;
    try {
      await releaseLeases(this.deps.db, this.deps.name, all);
    } catch (error) {
      this.deps.logger.warn(`could not hand leases back (they lapse within lease_ttl): ${(error as Error).message}`);
    }
  }

  holds(id: string): boolean {
    return this.held.has(id);
  }

  heldIds(): ReadonlySet<string> {
    return this.held;
  }

  /** Whether this instance runs the one-per-cluster jobs (housekeeping) now. */
  leads(): boolean {
    return this.leading;
  }

  view(): ClusterView {
    return {
      name: this.deps.name,
      leaseTtlMs: this.deps.leaseTtlMs,
      renewEveryMs: this.deps.renewEveryMs,
      held: this.held.size,
      housekeeping: this.leading,
      liveInstances: this.live,
      lastTurnAt: this.lastTurnAt,
      lastError: this.lastError,
    };
  }

  /** One turn; a turn still running when the next is due is not doubled. Tests call it directly. */
  turn(): Promise<void> {
    if (this.turning) return this.turning;
    this.turning = this.step().finally(() => (this.turning = undefined));
    return this.turning;
  }

  private async step(): Promise<void> {
    if (this.stopped) return;
    const { db, clock, logger, name } = this.deps;
    const now = clock.now();
    const terms = { holder: name, now, ttlMs: this.writtenTtl };
    let next: Set<string>;
    try {
      const monitors = this.deps.monitors();
      const renewed = await renewLeases(db, terms);
      this.lastRenewedAt = now;
      const renewedSet = new Set(renewed);
      // Present first, so the others count this instance in their share from their next turn.
      if (!renewedSet.has(this.presence)) await claimLeases(db, terms, [this.presence], 1);
      const live = await liveInstanceNames(db, now);
      this.live = Math.max(1, live.length + (live.includes(name) ? 0 : 1));
      const plan = planLeaseTurn({ holder: name, monitors, held: renewed.filter((id) => !id.startsWith(JOB_PREFIX)), liveInstances: this.live });
      if (plan.release.length > 0) await releaseLeases(db, name, plan.release);
      const got = await claimLeases(db, terms, plan.claimOrder, plan.claimLimit);
      this.leading = renewedSet.has(HOUSEKEEPING_JOB) || (await claimLeases(db, terms, [HOUSEKEEPING_JOB], 1)).length > 0;
      const released = new Set(plan.release);
      next = new Set([...renewed.filter((id) => !id.startsWith(JOB_PREFIX) && !released.has(id)), ...got]);
      if (this.lastError) logger.info('cluster leases renewed again');
      this.lastError = null;
    } catch (error) {
      const message = (error as Error).message;
      if (message !== this.lastError) logger.error(`cluster turn failed (leases not renewed): ${message}`);
      this.lastError = message;
      // Past the written lease another instance may hold them: stop checking rather than check twice.
      if (this.lastRenewedAt !== undefined && now - this.lastRenewedAt < this.writtenTtl) return;
      next = new Set();
      this.leading = false;
    }
    this.lastTurnAt = now;
    if (this.stopped) return;
    const gained = [...next].filter((id) => !this.held.has(id));
    const lost = [...this.held].filter((id) => !next.has(id));
    this.held = next;
    if (gained.length === 0 && lost.length === 0) return;
    logger.info(
      { held: next.size, gained: gained.length, lost: lost.length, live: this.live },
      `cluster: ${name} holds ${next.size} monitors (+${gained.length} −${lost.length})`,
    );
    try {
      await this.deps.onHeld(next, gained, lost);
    } catch (error) {
      logger.error(`applying the held monitors failed: ${(error as Error).message}`);
    }
  }
}
